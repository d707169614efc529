/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, or fails after `limitMs` with `what` in the
 * message. The limit is a hang guard, not an assertion about speed.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  limitMs = 30000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

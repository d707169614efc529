import { abortError } from './operation-checks';

/**
 * Waits `ms`, or rejects with the signal's reason (else an AbortError) as soon as it aborts, at once when it already
 * has; leaves no timer and no abort listener behind. Internal: the client's retries and the recipes' back-offs share
 * it, and the public barrel (lib/client.ts) does not export it.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

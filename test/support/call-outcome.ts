/** What a call did: threw synchronously, rejected, or resolved (with what it threw or rejected with). */
export interface CallOutcome {
  how: 'threw' | 'rejected' | 'resolved';
  error?: unknown;
}

/** Runs `call` and awaits what it returns, telling a synchronous throw apart from a rejection. */
export async function outcome(call: () => unknown): Promise<CallOutcome> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return { how: 'threw', error };
  }
  try {
    await result;
    return { how: 'resolved' };
  } catch (error) {
    return { how: 'rejected', error };
  }
}

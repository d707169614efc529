/**
 * Runs tasks one after another, each starting when the previous settles. A recipe instance uses it so that, say,
 * `release()` called while `acquire()` is still running waits for it instead of racing it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Queues `task`; its result or error is returned to this caller only and never blocks later tasks. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => task());
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when everything queued so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

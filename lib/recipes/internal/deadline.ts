/**
 * The moment a wait gives up. Built once per public call from its `timeoutMs`, so that every step of a recipe (create,
 * list, wait on a watch, wait again) shares one budget instead of restarting the clock.
 */
export class Deadline {
  private readonly at: number | undefined;

  /** @param timeoutMs milliseconds from now; `undefined` waits forever, `0` means "try once, do not wait". */
  constructor(timeoutMs?: number) {
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) {
      throw new RangeError(`timeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
    }
    this.at = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  }

  /** Milliseconds left, `undefined` when there is no deadline, never negative. */
  remainingMs(): number | undefined {
    return this.at === undefined ? undefined : Math.max(0, this.at - performance.now());
  }

  /** True once no time is left. */
  get expired(): boolean {
    return this.at !== undefined && performance.now() >= this.at;
  }
}

import { InvalidArgumentError } from './client-api';

/** The longest wait a timer can hold (Node fires longer ones at once). */
const MAX_TIMEOUT_MS = 0x7fffffff;

/**
 * The moment a wait gives up. Built once per public call from its `timeoutMs`, so that every step of a recipe (create,
 * list, wait on a watch, wait again) shares one budget instead of restarting the clock.
 */
export class Deadline {
  private readonly at: number | undefined;

  /**
   * @param timeoutMs milliseconds from now, 0 to 2^31-1; `undefined` waits forever, `0` means "try once, do not wait".
   * Anything else is an InvalidArgumentError naming `timeoutMs`.
   */
  constructor(timeoutMs?: number) {
    if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs >= 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
      throw new InvalidArgumentError(
        'timeoutMs',
        `expected a number from 0 to 2^31-1 (omit it to wait without limit), got ${String(timeoutMs)}`,
      );
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

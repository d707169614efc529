/**
 * What a `@ZkLock()` call does when another process (or another call in this one) holds the lock:
 * - `'wait'`: wait for it, up to `waitTimeoutMs`, then throw `ZkLockBusyError`;
 * - `'skip'`: return `undefined` without running the method;
 * - `'throw'`: throw `ZkLockBusyError` without running the method.
 *
 * @publicApi
 */
export type ZkLockBusyPolicy = 'wait' | 'skip' | 'throw';

/**
 * Options of {@link ZkLock | `@ZkLock()`}. The decorator throws a `ZkUsageError` at class definition for an unknown
 * `onBusy` or for `waitTimeoutMs` with an `onBusy` other than `'wait'`.
 *
 * @publicApi
 */
export interface ZkLockOptions {
  /** What to do when the lock is held elsewhere. Default `'wait'`. */
  onBusy?: ZkLockBusyPolicy;
  /** With `onBusy: 'wait'`: give up after this many milliseconds (default: wait as long as it takes). */
  waitTimeoutMs?: number;
  /**
   * Keep the lock at least this long after the method started, even when it returns sooner, so instances whose
   * schedules are slightly apart do not run the same job one after the other (ShedLock's `lockAtLeastFor`). The
   * method's result is returned at once; only the release waits.
   */
  holdAtLeastMs?: number;
  /** Name of the client that holds the lock (default client when omitted). */
  client?: string;
}

/** What `@ZkLock()` records on the method for the explorer and the orchestrator. */
export interface ZkLockMetadata extends ZkLockOptions {
  /** The lock path as given to the decorator: a string, or a function of the call's arguments resolved per call. */
  readonly path: string | ((...args: unknown[]) => string);
  /** Name of the class that declares the method, for error messages. */
  readonly className: string;
  /** Name of the decorated method, for error messages. */
  readonly methodName: string;
}

/**
 * One decorated method of the application and what it has done since bootstrap: which `@ZkLock()`, `@OnLeader()`,
 * `@LeaderOnly()`, `@WatchNode()` or `@WatchChildren()` it carries, on which path, and how its last run went.
 *
 * @publicApi
 */
export interface ZookeeperMethodActivity {
  /** The decorator, without the `@`. */
  decorator: 'ZkLock' | 'OnLeader' | 'LeaderOnly' | 'WatchNode' | 'WatchChildren';
  /** The class of the provider or controller. */
  className: string;
  /** The decorated method. */
  methodName: string;
  /** The module client it uses. */
  client: string;
  /** The path; for a `@ZkLock()` whose path is computed per call, the last one used, or `(computed per call)`. */
  path: string;
  /** How many times it ran, or was called and skipped (not leader, lock busy). */
  runs: number;
  /** How many runs are going on now (an `@OnLeader()` method runs for its whole term). */
  running: number;
  /** When it was last called or ran, as an ISO 8601 date. */
  lastRunAt?: string;
  /**
   * How the last finished call went: `'ok'`, `'error'` (it threw), `'skipped'` (`@LeaderOnly()` while not leading, a
   * `@ZkLock()` with `onBusy: 'skip'` on a held lock) or `'busy'` (a `@ZkLock()` that refused with `ZkLockBusyError`).
   */
  lastOutcome?: 'ok' | 'error' | 'skipped' | 'busy';
  /** The last error's message, when the last call failed. */
  lastError?: string;
}

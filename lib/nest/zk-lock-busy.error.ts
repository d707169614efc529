import { LOCK_BUSY, LOCK_WAIT_TIMEOUT } from './zookeeper.messages';
import { ZkError } from '../client';

/**
 * Thrown by a `@ZkLock()` method when the lock is held elsewhere and `onBusy` is `'throw'`, or when `onBusy: 'wait'`
 * gave up after `waitTimeoutMs`.
 *
 * @publicApi
 */
export class ZkLockBusyError extends ZkError {
  constructor(
    /** The lock's path. */
    readonly path: string,
    /** How long the call waited, when it waited (`onBusy: 'wait'` with `waitTimeoutMs`). */
    readonly waitedMs?: number,
  ) {
    super(waitedMs === undefined ? LOCK_BUSY(path) : LOCK_WAIT_TIMEOUT(path, waitedMs));
  }
}

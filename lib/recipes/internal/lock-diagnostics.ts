import { channels } from './client-api';
import type { LockKind, ZooKeeperClient } from './client-api';

/** Locks an election uses for its terms: they report leadership (leader:start/end), not lock holds. */
const electionLocks = new WeakSet<object>();

/** Marks `lock` as an election's, so its holds are not reported as lock holds. */
export function markElectionLock(lock: object): void {
  electionLocks.add(lock);
}

/** What a lock reports itself as on the lock channels. */
export interface LockIdentity {
  readonly client: ZooKeeperClient;
  readonly kind: LockKind;
  readonly path: string;
}

/** Whether anyone listens to `lock:acquire` for `lock`. */
export function lockAcquireObserved(lock: object): boolean {
  return channels.lockAcquire.hasSubscribers && !electionLocks.has(lock);
}

/** Whether anyone listens to `lock:release` for `lock`. */
export function lockReleaseObserved(lock: object): boolean {
  return channels.lockRelease.hasSubscribers && !electionLocks.has(lock);
}

/** Publishes the end of an `acquire()` that began at `startedAt` (ms since epoch). */
export function publishLockAcquire(
  lock: LockIdentity,
  outcome: 'acquired' | 'timed-out' | 'failed',
  startedAt: number,
  node: string | undefined,
  error?: unknown,
): void {
  channels.lockAcquire.publish({
    client: lock.client,
    kind: lock.kind,
    path: lock.path,
    node,
    outcome,
    waitMs: Date.now() - startedAt,
    error,
  });
}

/** Publishes the end of a hold that began at `heldSince` (ms since epoch). */
export function publishLockRelease(
  lock: LockIdentity,
  node: string,
  reason: 'released' | 'lost',
  heldSince: number,
): void {
  channels.lockRelease.publish({
    client: lock.client,
    kind: lock.kind,
    path: lock.path,
    node,
    reason,
    holdMs: Date.now() - heldSince,
  });
}

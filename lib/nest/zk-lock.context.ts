import { AsyncLocalStorage } from 'node:async_hooks';
import type { GuardedTransaction } from '../client';

/** What a `@ZkLock()` method can ask about the lock it runs under (`ZkLock.signal()`, `ZkLock.fencingToken()`). */
export interface ZkLockContext {
  /** Aborts when the lock is lost mid-run (session suspended past the policy, expired) or the app shuts down. */
  readonly signal: AbortSignal;
  /** The lock's fencing token (`Lock.fencingToken`): it grows with every acquisition, so storage can reject stale holders. */
  readonly fencingToken: bigint | undefined;
  /** The lock's path. */
  readonly path: string;
  /** A transaction that commits only while this lock is still held (`Lock.transaction()`). */
  readonly transaction: () => GuardedTransaction;
}

/** Carries the context through everything the decorated method awaits, and nothing outside it. */
export const zkLockStorage = new AsyncLocalStorage<ZkLockContext>();

import { ZkError } from './internal/client-api';

/** A blocking recipe call ran out of its `timeoutMs` where it cannot answer `false` (e.g. `withLock`). */
export class LockTimeoutError extends ZkError {
  constructor(
    /** The recipe's path (the lock or semaphore node) that could not be acquired. */
    readonly path: string,
    /** The `timeoutMs` the call was given, in milliseconds. */
    readonly timeoutMs: number | undefined,
  ) {
    super(`Could not acquire ${path} within ${String(timeoutMs)} ms`);
  }
}

/**
 * The reason a held lock's, lease's or leadership term's `lost` signal aborts with: the session ended (its ephemeral
 * node is gone and someone else may hold it now), the node was deleted under us, or the connection was suspended and
 * the recipe's policy treats that as lost.
 */
export class LockLostError extends ZkError {
  constructor(
    /** The recipe's path (the lock, lease or election node), not the path of our own child node. */
    readonly path: string,
    /**
     * Why the hold ended: `'session-lost'` (the session expired or the client closed), `'node-deleted'` (someone
     * deleted our node), `'suspended'` (the connection was suspended under a lose-on-suspended policy),
     * `'session-may-expire'` (the server has answered nothing for nearly the session timeout, so it may expire the
     * session and let another contender in at any moment: the hold is given up before that can happen, and our node
     * is deleted if the session comes back), `'closed'` (the election was closed during the term) or `'not-held'`
     * (a guarded transaction was made or committed while the recipe did not hold it).
     */
    readonly why: 'session-lost' | 'node-deleted' | 'suspended' | 'session-may-expire' | 'closed' | 'not-held',
    /** What showed the loss, when it was an error (a guarded transaction's failed check). */
    options: { cause?: unknown } = {},
  ) {
    super(`Lost ${path}: ${why}`, options);
  }
}

/** A pending acquire was cancelled with `cancel()` (kazoo's CancelledError). */
export class CancelledError extends ZkError {
  constructor(
    /** The recipe's path the cancelled call was waiting on. */
    readonly path: string,
  ) {
    super(`Cancelled while waiting for ${path}`);
  }
}

/** A write carried a fencing token lower than one the resource already accepted: its holder lost the lock since. */
export class StaleFencingTokenError extends ZkError {
  constructor(
    /** The token the write carried. */
    readonly token: bigint,
    /** The highest token the resource had accepted. */
    readonly lastToken: bigint,
  ) {
    super(`Fencing token ${token} is stale: a holder with token ${lastToken} already wrote`);
  }
}

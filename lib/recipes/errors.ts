/** A blocking recipe call ran out of its `timeoutMs` where it cannot answer `false` (e.g. `withLock`). */
export class LockTimeoutError extends Error {
  constructor(
    readonly path: string,
    readonly timeoutMs: number | undefined,
  ) {
    super(`Could not acquire ${path} within ${String(timeoutMs)} ms`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * The reason a held lock's, lease's or leadership term's `lost` signal aborts with: the session ended (its ephemeral
 * node is gone and someone else may hold it now), the node was deleted under us, or the connection was suspended and
 * the recipe's policy treats that as lost.
 */
export class LockLostError extends Error {
  constructor(
    readonly path: string,
    readonly why: 'session-lost' | 'node-deleted' | 'suspended' | 'closed',
  ) {
    super(`Lost ${path}: ${why}`);
    this.name = 'LockLostError';
  }
}

/** A pending acquire was cancelled with `cancel()` (kazoo's CancelledError). */
export class CancelledError extends Error {
  constructor(readonly path: string) {
    super(`Cancelled while waiting for ${path}`);
    this.name = 'CancelledError';
  }
}

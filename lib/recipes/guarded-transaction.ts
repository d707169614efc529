import { LockLostError } from './errors';
import { SessionExpiredError, Transaction, TransactionError } from './internal/client-api';
import type { OpResult, TransactionCreateOptions, ZooKeeperClient } from './internal/client-api';

/** What a guarded transaction needs from the recipe that holds: its node, and whether (or why not) it still holds. */
export interface HoldGuard {
  /** The recipe's path, as errors name it. */
  readonly recipePath: string;
  /** Our own ephemeral node: it exists exactly as long as we hold. */
  readonly nodePath: string;
  /** Undefined while held; the reason once lost (the hold's `lost` signal reason). */
  lostReason(): LockLostError | undefined;
}

/**
 * A transaction whose writes commit only while a lock (or a leadership, or a lease) is still held: it begins with a
 * `check` that our own ephemeral node exists, so the ensemble applies the writes atomically with that condition. If
 * the node is gone (our session expired and someone else may hold now), nothing is written and `commit()` rejects with
 * a {@link LockLostError} naming the lock; it also rejects, sending nothing, when the recipe already knows the hold is
 * lost. The idea of the Rust `zookeeper-client`'s `CheckWriter`. Made by `Lock.transaction()`,
 * `Election.transaction()`, `ZkLock.transaction()`.
 *
 * The ops and their results are the user's: the guard's check is not among them, and a `TransactionError` counts
 * the failing op from the first one added here.
 */
export class GuardedTransaction {
  private readonly inner: Transaction;

  /** @internal Made by the recipes that hold something. */
  constructor(
    client: ZooKeeperClient,
    private readonly guard: HoldGuard,
  ) {
    this.inner = client.transaction().check(guard.nodePath, -1);
  }

  /** Adds a create (see `Transaction.create`). */
  create(path: string, data?: Buffer | string | null, options?: TransactionCreateOptions): this {
    this.inner.create(path, data, options);
    return this;
  }

  /** Adds a delete (see `Transaction.delete`). */
  delete(path: string, options?: { version?: number }): this {
    this.inner.delete(path, options);
    return this;
  }

  /** Adds a write (see `Transaction.setData`). */
  setData(path: string, data: Buffer | string | null, options?: { version?: number }): this {
    this.inner.setData(path, data, options);
    return this;
  }

  /** Adds a condition of your own (see `Transaction.check`). */
  check(path: string, version: number): this {
    this.inner.check(path, version);
    return this;
  }

  /** Number of ops added (the guard's check not counted). */
  get size(): number {
    return this.inner.size - 1;
  }

  /**
   * Commits the ops if, and only if, the hold is still ours: resolves with their results; rejects with a
   * {@link LockLostError} (nothing written) when it is not, or with a `TransactionError` naming the op of yours that
   * failed.
   */
  async commit(options: { signal?: AbortSignal } = {}): Promise<OpResult[]> {
    const lost = this.guard.lostReason();
    if (lost !== undefined) throw lost;
    try {
      return (await this.inner.commit(options)).slice(1);
    } catch (error) {
      if (error instanceof TransactionError) {
        if (error.failedIndex === 0) {
          throw new LockLostError(this.guard.recipePath, 'node-deleted', { cause: error });
        }
        const [, ...results] = error.results;
        throw new TransactionError(error.failedIndex - 1, error.failedOp, error.cause, results);
      }
      if (error instanceof SessionExpiredError) {
        throw new LockLostError(this.guard.recipePath, 'session-lost', { cause: error });
      }
      throw error;
    }
  }
}

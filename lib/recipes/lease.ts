import type { ZooKeeperClient } from './internal/client-api';
import type { HeldNode } from './internal/held-node';
import { SerialQueue } from './internal/serial-queue';
import { ignoreNoNode, isSessionGone } from './internal/tolerated-errors';

/**
 * One lease of a {@link Semaphore}: an ephemeral node under the semaphore's path. Held until `release()` or until it
 * is lost (session lost or node deleted), which aborts {@link lost}.
 */
export class Lease implements AsyncDisposable {
  private readonly queue = new SerialQueue();
  private released = false;

  /** @internal Created by {@link Semaphore}. */
  constructor(
    private readonly client: ZooKeeperClient,
    private readonly held: HeldNode,
  ) {}

  /** The lease's node. */
  get nodePath(): string {
    return this.held.nodePath;
  }

  /** Whether the lease is still held. */
  get isHeld(): boolean {
    return !this.released && this.held.isHeld;
  }

  /** Aborts (with a LockLostError) when the lease is lost while held. */
  get lost(): AbortSignal {
    return this.held.signal;
  }

  /** Gives the lease back by deleting its node (retried through connection losses); idempotent. */
  release(): Promise<void> {
    return this.queue.run(async () => {
      if (this.released) return;
      this.held.detach();
      try {
        await this.client.retry(() => this.client.delete(this.held.nodePath)).catch(ignoreNoNode);
      } catch (error) {
        // Still there on a live session: stay unreleased so that calling release() again retries the delete.
        if (!isSessionGone(error)) throw error;
      }
      this.released = true;
    });
  }

  /** `await using lease = …`: releases on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}

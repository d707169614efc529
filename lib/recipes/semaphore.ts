import { randomUUID } from 'node:crypto';
import { LockTimeoutError } from './errors';
import { throwIfAborted } from './internal/abort';
import { ConnectionState, CreateMode, InvalidArgumentError, NoNodeError, sleep } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { Deadline } from './internal/deadline';
import { HeldNode } from './internal/held-node';
import { checkIdentifier, checkRecipeOptions, toBuffer, validateRecipePath } from './internal/inputs';
import { SerialQueue } from './internal/serial-queue';
import { onStateChange, waitForConnected } from './internal/session-state';
import { ignoreNoNode, ignoreNodeExists } from './internal/tolerated-errors';
import { WakeEvent } from './internal/wake-event';
import { Lease } from './lease';
import { KAZOO_LOCK_MARKER, Lock } from './lock';
import type { LockAcquireOptions } from './lock';
import { ZkUsageError } from './internal/client-api';

/** Pause between background attempts to release the pool lock. */
const RELEASE_RETRY_MS = 1000;

/** Options of {@link Semaphore}. */
export interface SemaphoreOptions {
  /** Written as each lease node's data; what `leaseHolders()` shows. */
  identifier?: string | Buffer;
  /** How many leases may be held at once; default 1. Stored on the semaphore node and checked against it. */
  maxLeases?: number;
}

/**
 * kazoo's Semaphore: at most `maxLeases` ephemeral lease nodes `<uuid hex>` under `path`, whose data stores
 * `maxLeases` as text. To avoid a thundering herd only the holder of the kazoo Lock at the sibling path
 * `<path>-__lock__` watches the lease pool and creates a lease when one is free; everyone else waits in that lock's line.
 * A kazoo Semaphore on the same path shares the leases with us.
 *
 * `acquire()`/`release()` manage one lease per instance, as kazoo; `acquireLease()` hands out independent
 * {@link Lease} objects (several per instance), each with its own `lost` signal.
 *
 * @example
 * const slots = new Semaphore(client, '/limits/exports', { maxLeases: 3 });
 * await using lease = await slots.acquireLease();
 */
export class Semaphore implements AsyncDisposable {
  /** The lease pool node. */
  readonly path: string;
  /** The most leases held at once. */
  readonly maxLeases: number;
  private readonly identifier: string | Buffer | undefined;
  private readonly queue = new SerialQueue();
  private checkedPath = false;
  private own: Lease | undefined;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: SemaphoreOptions = {},
  ) {
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.identifier = checkIdentifier(options.identifier);
    this.maxLeases = options.maxLeases ?? 1;
    if (!Number.isInteger(this.maxLeases) || this.maxLeases < 1) {
      throw new InvalidArgumentError('maxLeases', `expected an integer >= 1, got ${String(options.maxLeases)}`);
    }
  }

  /** Whether this instance's own lease (from `acquire()`) is held. */
  get isAcquired(): boolean {
    return this.own?.isHeld ?? false;
  }

  /** The own lease's `lost` signal (a never-aborting one before the first acquisition). */
  get lost(): AbortSignal {
    return this.own?.lost ?? new AbortController().signal;
  }

  /**
   * Takes this instance's lease (kazoo's `acquire`): `true` once held (also when already held), `false` when
   * `timeoutMs` passes first; rejects when `signal` aborts. Nothing is left behind unless it resolves `true`.
   */
  acquire(options: LockAcquireOptions = {}): Promise<boolean> {
    let deadline: Deadline;
    try {
      checkRecipeOptions(options);
      deadline = new Deadline(options.timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.queue.run(async () => {
      if (this.isAcquired) return true;
      const lease = await this.obtain(deadline, options.signal);
      if (lease === undefined) return false;
      this.own = lease;
      return true;
    });
  }

  /** Gives this instance's lease back; a no-op when not held. */
  release(): Promise<void> {
    return this.queue.run(async () => {
      await this.own?.release();
      this.own = undefined;
    });
  }

  /** A new, independent lease; rejects with a {@link LockTimeoutError} when `timeoutMs` passes first. */
  async acquireLease(options: LockAcquireOptions = {}): Promise<Lease> {
    checkRecipeOptions(options);
    const lease = await this.obtain(new Deadline(options.timeoutMs), options.signal);
    if (lease === undefined) throw new LockTimeoutError(this.path, options.timeoutMs);
    return lease;
  }

  /** The identifiers (data) of the current lease holders, unordered (kazoo's `lease_holders`). */
  async leaseHolders(): Promise<string[]> {
    let children: string[];
    try {
      children = await this.client.retry(() => this.client.getChildren(this.path));
    } catch (error) {
      ignoreNoNode(error);
      return [];
    }
    const holders: string[] = [];
    for (const child of children) {
      try {
        const { data } = await this.client.retry(() => this.client.getData(`${this.path}/${child}`));
        holders.push(data.toString('utf8'));
      } catch (error) {
        ignoreNoNode(error);
      }
    }
    return holders;
  }

  /** `await using semaphore = …`: releases the own lease on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /** Creates the pool node holding `maxLeases`, or checks that an existing one holds the same number. */
  private async ensurePool(): Promise<void> {
    if (this.checkedPath) return;
    if ((await this.client.retry(() => this.client.exists(this.path))) === null) {
      const parent = this.path.slice(0, this.path.lastIndexOf('/')) || '/';
      await this.client.retry(() => this.client.ensurePath(parent));
      const data = Buffer.from(String(this.maxLeases), 'utf8');
      await this.client.retry(() => this.client.create(this.path, data)).catch(ignoreNodeExists);
    }
    const { data } = await this.client.retry(() => this.client.getData(this.path));
    const text = data.toString('utf8');
    // Non-numeric data is tolerated as kazoo does: the node may carry data of another use.
    if (/^\s*-?\d+\s*$/.test(text) && Number(text) !== this.maxLeases) {
      throw new ZkUsageError(`Inconsistent max leases at ${this.path}: ${text.trim()}, expected: ${this.maxLeases}`);
    }
    this.checkedPath = true;
  }

  private async obtain(deadline: Deadline, signal: AbortSignal | undefined): Promise<Lease | undefined> {
    throwIfAborted(signal);
    await this.ensurePool();
    const nodePath = `${this.path}/${randomUUID().replace(/-/g, '')}`;
    const lock = new Lock(this.client, `${this.path}-${KAZOO_LOCK_MARKER}`, { identifier: this.identifier });
    if (!(await lock.acquire({ timeoutMs: deadline.remainingMs(), signal }))) return undefined;
    const wake = new WakeEvent();
    const stopListening = onStateChange(this.client, (state) => {
      if (state === ConnectionState.LOST) wake.set();
    });
    let created = false;
    try {
      for (;;) {
        wake.clear();
        const children = await this.client.retry(
          () => this.client.getChildren(this.path, { watch: () => wake.set(), signal }),
          { signal },
        );
        if (children.length < this.maxLeases) {
          created = true;
          await this.client
            .retry(
              () => this.client.create(nodePath, toBuffer(this.identifier), { mode: CreateMode.EPHEMERAL, signal }),
              { signal },
            )
            .catch(ignoreNodeExists);
          try {
            const held = await HeldNode.guard(this.client, nodePath, this.path);
            if (held.isHeld) return new Lease(this.client, held);
          } catch (error) {
            if (!(error instanceof NoNodeError)) throw error;
          }
          // The node is already gone again (session lost right after the create): try for a lease once more.
          created = false;
          continue;
        }
        if (deadline.expired || !(await wake.wait({ signal, deadline }))) return undefined;
      }
    } catch (error) {
      if (created) await this.client.retry(() => this.client.delete(nodePath)).catch(() => undefined);
      throw error;
    } finally {
      stopListening();
      this.releaseEventually(lock);
    }
  }

  /**
   * Releases the pool lock, retrying in the background after failures: a lock node left on a live session would stall
   * every other contender, while the lease itself is already decided.
   */
  private releaseEventually(lock: Lock): void {
    lock.release().catch(async () => {
      await waitForConnected(this.client).catch(() => undefined);
      await sleep(RELEASE_RETRY_MS);
      this.releaseEventually(lock);
    });
  }
}

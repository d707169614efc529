import { randomUUID } from 'node:crypto';
import { throwIfAborted } from './internal/abort';
import { CreateMode, NoNodeError, NodeExistsError } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { Deadline } from './internal/deadline';
import { checkRecipeOptions, toBuffer, validateRecipePath } from './internal/inputs';
import { checkPriority, DEFAULT_PRIORITY, priorityText } from './internal/queue-entry';
import { recheckOnChange } from './internal/recheck-on-change';
import { ignoreNoNode } from './internal/tolerated-errors';

/**
 * kazoo's LockingQueue: entries `entry-<priority %03d>-<seq>` live under `path/entries`; `get()` locks the first free
 * entry with an ephemeral `path/taken/<entry>` (data: this instance's id) instead of removing it, so if the consumer
 * dies the lock vanishes with its session and the entry is taken again. `consume()` removes entry and lock in one
 * transaction; `release()` gives the entry back. A kazoo LockingQueue on the same path shares the entries.
 *
 * @example
 * const jobs = new LockingQueue(client, '/queues/jobs');
 * const job = await jobs.get({ timeoutMs: 5000 });
 * if (job) { await process(job); await jobs.consume(); }
 */
export class LockingQueue {
  /** The queue's node. */
  readonly path: string;
  /** This consumer's id, written into the lock nodes it creates (kazoo writes `uuid4().hex`). */
  readonly id = Buffer.from(randomUUID().replace(/-/g, ''), 'ascii');
  private readonly entriesPath: string;
  private readonly takenPath: string;
  private ensured = false;
  private processing: { name: string; value: Buffer } | undefined;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
  ) {
    this.path = validateRecipePath(path);
    this.entriesPath = `${this.path}/entries`;
    this.takenPath = `${this.path}/taken`;
  }

  private async ensure(): Promise<void> {
    if (this.ensured) return;
    await this.client.retry(() => this.client.ensurePath(this.takenPath));
    await this.client.retry(() => this.client.ensurePath(this.entriesPath));
    this.ensured = true;
  }

  private entryPrefix(priority: number): string {
    checkPriority(priority);
    return `${this.entriesPath}/entry-${priorityText(priority)}-`;
  }

  /** Adds an entry; lower `priority` numbers (0–999, default 100) come out first. */
  async put(value: Buffer | string, priority: number = DEFAULT_PRIORITY): Promise<void> {
    const prefix = this.entryPrefix(priority);
    await this.ensure();
    await this.client.retry(() =>
      this.client.create(prefix, toBuffer(value), { mode: CreateMode.PERSISTENT_SEQUENTIAL }),
    );
  }

  /** Adds several entries atomically (one transaction): all or none. */
  async putAll(values: readonly (Buffer | string)[], priority: number = DEFAULT_PRIORITY): Promise<void> {
    const prefix = this.entryPrefix(priority);
    await this.ensure();
    const transaction = this.client.transaction();
    for (const value of values) {
      transaction.create(prefix, toBuffer(value), { mode: CreateMode.PERSISTENT_SEQUENTIAL });
    }
    await transaction.commit();
  }

  /** The number of entries, locked ones included. */
  async size(): Promise<number> {
    await this.ensure();
    const { stat } = await this.client.retry(() => this.client.getData(this.entriesPath));
    return stat.numChildren;
  }

  /**
   * Locks and returns the first free entry, waiting (woken by children watches) while there is none. An entry got
   * but neither consumed nor released is returned again. Resolves `null` when `timeoutMs` passes first; rejects
   * when `signal` aborts.
   */
  async get(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Buffer | null> {
    checkRecipeOptions(options);
    if (this.processing !== undefined) return this.processing.value;
    const deadline = new Deadline(options.timeoutMs);
    const { signal } = options;
    throwIfAborted(signal);
    await this.ensure();
    const got = await recheckOnChange(this.client, { signal, deadline }, async (watch) => {
      const entries = await this.client.retry(() => this.client.getChildren(this.entriesPath, { watch, signal }), {
        signal,
      });
      const taken = new Set(
        await this.client.retry(() => this.client.getChildren(this.takenPath, { watch, signal }), { signal }),
      );
      for (const name of entries.sort()) {
        if (taken.has(name)) continue;
        const value = await this.take(name);
        if (value !== undefined) {
          this.processing = { name, value };
          return value;
        }
      }
      return undefined;
    });
    return got ?? null;
  }

  /** Whether we still hold the lock on the entry being processed (it is lost with the session). */
  async holdsLock(): Promise<boolean> {
    if (this.processing === undefined) return false;
    const lockPath = `${this.takenPath}/${this.processing.name}`;
    await this.client.retry(() => this.client.sync(lockPath));
    try {
      const { data } = await this.client.retry(() => this.client.getData(lockPath));
      return data.equals(this.id);
    } catch (error) {
      if (error instanceof NoNodeError) return false;
      throw error;
    }
  }

  /** Removes the entry being processed from the queue; `false` if there is none or its lock was lost. */
  async consume(): Promise<boolean> {
    const current = this.processing;
    if (current === undefined || !(await this.holdsLock())) return false;
    await this.client
      .transaction()
      .delete(`${this.entriesPath}/${current.name}`)
      .delete(`${this.takenPath}/${current.name}`)
      .commit();
    this.processing = undefined;
    return true;
  }

  /** Unlocks the entry being processed without consuming it; `false` if there is none or its lock was lost. */
  async release(): Promise<boolean> {
    const current = this.processing;
    if (current === undefined || !(await this.holdsLock())) return false;
    await this.client.retry(() => this.client.delete(`${this.takenPath}/${current.name}`)).catch(ignoreNoNode);
    this.processing = undefined;
    return true;
  }

  /** Locks one entry and reads it; `undefined` when someone else locked or consumed it first. */
  private async take(name: string): Promise<Buffer | undefined> {
    const lockPath = `${this.takenPath}/${name}`;
    try {
      await this.client.retry(() => this.client.create(lockPath, this.id, { mode: CreateMode.EPHEMERAL }));
    } catch (error) {
      if (!(error instanceof NodeExistsError)) throw error;
      // Ours if a retried create had in fact been applied; anyone else's otherwise.
      const owner = await this.client.retry(() => this.client.getData(lockPath)).catch(() => undefined);
      if (owner === undefined || !owner.data.equals(this.id)) return undefined;
    }
    try {
      const { data } = await this.client.retry(() => this.client.getData(`${this.entriesPath}/${name}`));
      return data;
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
      // Consumed between our listing and our lock: drop the lock again.
      await this.client.retry(() => this.client.delete(lockPath)).catch(ignoreNoNode);
      return undefined;
    }
  }
}

import { throwIfAborted } from './internal/abort';
import { CreateMode, NoNodeError, isRetryable } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { Deadline } from './internal/deadline';
import { checkRecipeOptions, toBuffer, validateRecipePath } from './internal/inputs';
import { checkPriority, DEFAULT_PRIORITY, priorityText } from './internal/queue-entry';
import { recheckOnChange } from './internal/recheck-on-change';

/**
 * kazoo's Queue: entries are persistent sequential children `entry-<priority %03d>-<seq>` of `path`; consumers take
 * the lowest name (lowest priority number, then oldest) by reading and deleting it. A kazoo Queue on the same path
 * shares the entries.
 *
 * Like kazoo's, consumption is not transactional: an entry is removed before it is processed. When a delete's reply
 * is lost with the connection and the retry finds the entry gone, we take it as ours (the entry may then be delivered
 * twice, never lost); a put retried after a connection loss may likewise enqueue a duplicate.
 *
 * @example
 * const jobs = new Queue(client, '/queues/jobs');
 * await jobs.put('urgent', 1);
 * const next = await jobs.take({ timeoutMs: 5000 });
 */
export class Queue {
  /** The queue's node. */
  readonly path: string;
  private ensured = false;
  private cached: string[] = [];

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
  ) {
    this.path = validateRecipePath(path);
  }

  private async ensure(): Promise<void> {
    if (this.ensured) return;
    await this.client.retry(() => this.client.ensurePath(this.path));
    this.ensured = true;
  }

  /** Adds an entry; lower `priority` numbers (0–999, default 100) come out first. */
  async put(value: Buffer | string, priority: number = DEFAULT_PRIORITY): Promise<void> {
    checkPriority(priority);
    await this.ensure();
    const data = toBuffer(value);
    await this.client.retry(() =>
      this.client.create(`${this.path}/entry-${priorityText(priority)}-`, data, {
        mode: CreateMode.PERSISTENT_SEQUENTIAL,
      }),
    );
  }

  /** The number of entries. */
  async size(): Promise<number> {
    await this.ensure();
    const { stat } = await this.client.retry(() => this.client.getData(this.path));
    return stat.numChildren;
  }

  /** Removes and returns the first entry, or `null` when the queue is empty (never waits). */
  async get(): Promise<Buffer | null> {
    await this.ensure();
    for (;;) {
      if (this.cached.length === 0) {
        this.cached = (await this.client.retry(() => this.client.getChildren(this.path))).sort();
        if (this.cached.length === 0) return null;
      }
      const taken = await this.tryTake(this.cached[0]);
      this.cached.shift();
      if (taken !== undefined) return taken;
    }
  }

  /**
   * Removes and returns the first entry, waiting for one (woken by a children watch) while the queue is empty.
   * Resolves `null` when `timeoutMs` passes first; rejects when `signal` aborts.
   */
  async take(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Buffer | null> {
    checkRecipeOptions(options);
    const deadline = new Deadline(options.timeoutMs);
    const { signal } = options;
    throwIfAborted(signal);
    await this.ensure();
    const taken = await recheckOnChange(this.client, { signal, deadline }, async (watch) => {
      const children = await this.client.retry(() => this.client.getChildren(this.path, { watch, signal }), {
        signal,
      });
      for (const child of children.sort()) {
        const entry = await this.tryTake(child);
        if (entry !== undefined) return entry;
      }
      return undefined;
    });
    return taken ?? null;
  }

  /** Reads and deletes one entry; `undefined` when another consumer got it first. */
  private async tryTake(name: string): Promise<Buffer | undefined> {
    const entryPath = `${this.path}/${name}`;
    let data: Buffer;
    try {
      ({ data } = await this.client.retry(() => this.client.getData(entryPath)));
    } catch (error) {
      if (error instanceof NoNodeError) return undefined;
      throw error;
    }
    let lostReply = false;
    for (;;) {
      try {
        await this.client.delete(entryPath);
        return data;
      } catch (error) {
        if (error instanceof NoNodeError) return lostReply ? data : undefined;
        if (!isRetryable(error)) throw error;
        lostReply = true;
        await this.client.retry(() => this.client.sync(this.path));
      }
    }
  }
}

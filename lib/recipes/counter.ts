import { randomUUID } from 'node:crypto';
import {
  BadVersionError,
  InvalidArgumentError,
  NoNodeError,
  isRetryable,
  TransactionError,
} from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions, validateRecipePath } from './internal/inputs';
import { ZkUsageError } from './internal/client-api';

/**
 * How the value is stored: `'text'` is kazoo's default (`repr(value)` in ASCII); `'int32'` is a 4-byte big-endian
 * integer, kazoo's `support_curator=True` and Curator's SharedCount; `'int64'` is an 8-byte big-endian integer, Curator's
 * DistributedAtomicLong.
 */
export type CounterEncoding = 'text' | 'int32' | 'int64';

/** Options of {@link Counter}. */
export interface CounterOptions {
  /** Value of an empty (new) node; default 0. */
  default?: number;
  /** Storage format, default `'text'`. */
  encoding?: CounterEncoding;
}

/**
 * kazoo's Counter: a number in one znode, changed by compare-and-set (`setData` with the version read), retried on
 * conflicts until it applies. {@link preValue}/{@link postValue} tell what the last change of this instance saw and
 * wrote. With `encoding: 'int32'` it shares a value with kazoo's `Counter(support_curator=True)` and Curator's
 * SharedCount; with `'text'` with kazoo's default Counter.
 *
 * Each change is counted exactly once, also when the connection drops before the answer arrives: the compare-and-set
 * is a transaction that also creates a marker child `_c_<uuid>-op` of the counter node, so after a connection loss
 * the marker's presence tells whether the change applied (re-reading the value cannot: another client may have
 * written the same value). The marker is deleted right after; readers of the value (kazoo, Curator) never see it.
 *
 * @example
 * const hits = new Counter(client, '/stats/hits');
 * await hits.add(1);
 */
export class Counter {
  /** The counter's node. */
  readonly path: string;
  /** The storage format. */
  readonly encoding: CounterEncoding;
  /** Value of an empty node. */
  readonly defaultValue: number;
  /** The value the last successful change of this instance started from. */
  preValue: number | undefined;
  /** The value the last successful change of this instance wrote. */
  postValue: number | undefined;
  private ensured = false;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: CounterOptions = {},
  ) {
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.encoding = options.encoding ?? 'text';
    if (!['text', 'int32', 'int64'].includes(this.encoding)) {
      throw new InvalidArgumentError('encoding', `expected 'text', 'int32' or 'int64', got ${String(this.encoding)}`);
    }
    this.defaultValue = options.default ?? 0;
    this.check(this.defaultValue, 'default');
  }

  /** The current value (kazoo's `counter.value`). */
  async get(): Promise<number> {
    return (await this.read()).value;
  }

  /** Adds `delta` atomically; resolves with the value written. */
  add(delta: number): Promise<number> {
    return this.change(delta);
  }

  /** Subtracts `delta` atomically; resolves with the value written. */
  subtract(delta: number): Promise<number> {
    return this.change(-delta);
  }

  private check(value: number, name: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InvalidArgumentError(name, 'expected a finite number');
    if (this.encoding === 'int32' && !(Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff)) {
      throw new InvalidArgumentError(name, `expected a 32-bit integer with encoding 'int32', got ${value}`);
    }
    if (this.encoding === 'int64' && !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(name, `expected a safe integer with encoding 'int64', got ${value}`);
    }
  }

  private encode(value: number): Buffer {
    if (this.encoding === 'int32') {
      const bytes = Buffer.alloc(4);
      bytes.writeInt32BE(value);
      return bytes;
    }
    if (this.encoding === 'int64') {
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64BE(BigInt(value));
      return bytes;
    }
    return Buffer.from(String(value), 'ascii');
  }

  private decode(data: Buffer): number {
    if (data.length === 0) return this.defaultValue;
    if (this.encoding === 'int32') {
      if (data.length !== 4)
        throw new ZkUsageError(`${this.path} does not hold a 4-byte integer (${data.length} bytes)`);
      return data.readInt32BE();
    }
    if (this.encoding === 'int64') {
      if (data.length !== 8)
        throw new ZkUsageError(`${this.path} does not hold an 8-byte integer (${data.length} bytes)`);
      return Number(data.readBigInt64BE());
    }
    const value = Number(data.toString('ascii'));
    if (Number.isNaN(value)) throw new ZkUsageError(`${this.path} does not hold a number: ${data.toString('ascii')}`);
    return value;
  }

  private async read(): Promise<{ value: number; version: number }> {
    if (!this.ensured) {
      // ensurePath writes empty bytes, not null: kazoo's Counter fails on null data.
      await this.client.retry(() => this.client.ensurePath(this.path));
      this.ensured = true;
    }
    const { data, stat } = await this.client.retry(() => this.client.getData(this.path));
    return { value: this.decode(data), version: stat.version };
  }

  private async change(delta: number): Promise<number> {
    this.check(delta, 'delta');
    for (;;) {
      const { value: pre, version } = await this.read();
      const post = pre + delta;
      this.check(post, 'the new value');
      const marker = `${this.path}/_c_${randomUUID()}-op`;
      if (!(await this.compareAndSet(this.encode(post), version, marker))) continue;
      await this.client
        .retry(() => this.client.delete(marker))
        .catch((error: unknown) => {
          if (!(error instanceof NoNodeError)) throw error;
        });
      this.preValue = pre;
      this.postValue = post;
      return post;
    }
  }

  /** Writes `bytes` if the node is still at `version`; tells whether it did, resolving a lost answer by the marker. */
  private async compareAndSet(bytes: Buffer, version: number, marker: string): Promise<boolean> {
    try {
      await this.client.transaction().setData(this.path, bytes, { version }).create(marker).commit();
      return true;
    } catch (error) {
      if (error instanceof TransactionError && error.cause instanceof BadVersionError) return false;
      if (!isRetryable(error)) throw error;
      return (await this.client.retry(() => this.client.exists(marker))) !== null;
    }
  }
}

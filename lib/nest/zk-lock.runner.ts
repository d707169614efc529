import type { Logger } from '@nestjs/common';
import { Lock } from '../client';
import type { ZooKeeperClient } from '../client';
import type { ZkLockMetadata } from './interfaces/zk-lock-options.interface';
import { ZkLockBusyError } from './zk-lock-busy.error';
import { zkLockStorage } from './zk-lock.context';
import { INVALID_PATH, describeError, methodRef } from './zookeeper.messages';
import { ZkUsageError } from '../client';
import type { MethodActivityRecorder } from './zookeeper-method-activity.registry';

/** One lock this application holds for a running (or just finished, see `holdAtLeastMs`) `@ZkLock()` call. */
interface HeldLock {
  readonly lock: Lock;
  /** Settles when the call ends and the lock is released. */
  done: Promise<void>;
  /** Releases at once instead of waiting out `holdAtLeastMs`. */
  releaseNow(): void;
}

/** Runs `@ZkLock()` calls: acquires per the busy policy, runs the method in the lock's context, releases. */
export class ZkLockRunner {
  private readonly held = new Set<HeldLock>();
  private readonly shutdown = new AbortController();
  /** Where a failed release is reported: a warning, or the shutdown's report once `releaseAll` has begun. */
  private releaseFailed = (path: string, error: unknown): void =>
    this.logger.warn(`Could not release the ZooKeeper lock ${path}: ${describeError(error)}`);

  constructor(private readonly logger: Logger) {}

  async run(
    metadata: ZkLockMetadata,
    client: ZooKeeperClient,
    identity: string,
    instance: object,
    original: (...args: unknown[]) => unknown,
    args: unknown[],
    recorder?: MethodActivityRecorder,
  ): Promise<unknown> {
    const path = this.resolvePath(metadata, args);
    const computedPath = typeof metadata.path === 'function' ? path : undefined;
    const lock = new Lock(client, path, { identifier: identity });
    const timeoutMs = metadata.onBusy === 'wait' ? metadata.waitTimeoutMs : 0;
    let acquired: boolean;
    try {
      acquired = await lock.acquire({ timeoutMs, signal: this.shutdown.signal });
    } catch (error) {
      recorder?.fail(error, computedPath);
      throw error;
    }
    if (!acquired) {
      recorder?.note(metadata.onBusy === 'skip' ? 'skipped' : 'busy', computedPath);
      if (metadata.onBusy === 'skip') return undefined;
      throw new ZkLockBusyError(path, metadata.onBusy === 'wait' ? metadata.waitTimeoutMs : undefined);
    }
    const startedAt = Date.now();
    let finished!: () => void;
    const entry: HeldLock = { lock, done: new Promise<void>((resolve) => (finished = resolve)), releaseNow: () => {} };
    this.held.add(entry);
    const context = {
      signal: AbortSignal.any([lock.lost, this.shutdown.signal]),
      fencingToken: lock.fencingToken,
      path,
      transaction: () => lock.transaction(),
    };
    try {
      const call = (): unknown => zkLockStorage.run(context, () => original.apply(instance, args));
      return await (recorder ? recorder.track(async () => call(), computedPath) : call());
    } finally {
      const holdFor = (metadata.holdAtLeastMs ?? 0) - (Date.now() - startedAt);
      // The caller gets the result now; only the release waits out `holdAtLeastMs`.
      void this.releaseAfter(entry, holdFor).finally(() => {
        this.held.delete(entry);
        finished();
      });
    }
  }

  /**
   * Shutdown: aborts the running calls' `ZkLock.signal()`, refuses new acquisitions, waits for the running calls to end
   * (until `deadline`) and releases every lock still held. A lock that fails to release goes to `onFailure` with its
   * path, and the others are released all the same.
   */
  async releaseAll(deadline: Promise<void>, onFailure?: (path: string, error: unknown) => void): Promise<void> {
    if (onFailure) this.releaseFailed = onFailure;
    this.shutdown.abort();
    for (const entry of this.held) entry.releaseNow();
    await Promise.race([Promise.allSettled([...this.held].map((entry) => entry.done)), deadline]);
    await Promise.all(
      [...this.held].map((entry) =>
        entry.lock.release().catch((error: unknown) => this.releaseFailed(entry.lock.path, error)),
      ),
    );
  }

  private async releaseAfter(entry: HeldLock, holdForMs: number): Promise<void> {
    if (holdForMs > 0 && !this.shutdown.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, holdForMs);
        entry.releaseNow = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    try {
      await entry.lock.release();
    } catch (error) {
      this.releaseFailed(entry.lock.path, error);
    }
  }

  private resolvePath(metadata: ZkLockMetadata, args: unknown[]): string {
    const path = typeof metadata.path === 'function' ? metadata.path(...args) : metadata.path;
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new ZkUsageError(INVALID_PATH('ZkLock', methodRef(metadata.className, metadata.methodName), path));
    }
    return path;
  }
}

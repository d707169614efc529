import { InvalidArgumentError, NoNodeError, WatcherType } from './internal/client-api';
import type { Stat, WatchedEvent, ZooKeeperClient } from './internal/client-api';
import { validateRecipePath } from './internal/inputs';
import { RefreshLoop } from './internal/refresh-loop';

/**
 * Called with the node's data and stat (both `null` while the node does not exist) and, when a server notification
 * caused the call, its event. Return `false` (or a promise of it) to stop watching.
 */
export type DataWatchCallback = (
  data: Buffer | null,
  stat: Stat | null,
  event?: WatchedEvent,
) => boolean | void | Promise<boolean | void>;

/**
 * kazoo's DataWatch: calls `callback` at once with the node's current data, then again after every change, until the
 * callback returns `false` or `stop()` is called. A missing node is reported as `null`, and its creation is noticed
 * (the watch is an exists-watch meanwhile). It survives reconnections and session loss: on every new connection it
 * re-reads the node and calls back only if the node changed (by `mzxid`). Calls never overlap.
 *
 * @example
 * const watch = new DataWatch(client, '/config/feature-x', (data) => applyConfig(data));
 * await watch.ready;
 */
export class DataWatch {
  /** The watched node. */
  readonly path: string;
  private readonly loop: RefreshLoop;
  private called = false;
  private version: bigint | null = null;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    private readonly callback: DataWatchCallback,
  ) {
    this.path = validateRecipePath(path);
    if (typeof callback !== 'function') throw new InvalidArgumentError('callback', 'expected a function');
    this.loop = new RefreshLoop(
      client,
      (event) => this.refresh(event),
      async (watcher) => {
        await client.removeWatchListener(this.path, WatcherType.DATA, watcher);
      },
    );
  }

  /** Resolves once the first call to the callback returned; rejects if reading the node or that call failed. */
  get ready(): Promise<void> {
    return this.loop.ready;
  }

  /** Resolves when the watch stops (by `stop()` or the callback returning false); rejects if the callback throws. */
  get done(): Promise<void> {
    return this.loop.done;
  }

  /** Stops calling back, and removes the watch it set (from the client and the server). */
  stop(): void {
    this.loop.stop();
  }

  private async refresh(event: WatchedEvent | undefined): Promise<boolean> {
    const { data, stat } = await this.read();
    const version = stat === null ? null : stat.mzxid;
    if (this.called && version === this.version) return true;
    this.called = true;
    this.version = version;
    if (this.loop.isStopped) return false;
    return (await this.callback(data, stat, event)) !== false;
  }

  private async read(): Promise<{ data: Buffer | null; stat: Stat | null }> {
    const { client, path } = this;
    const watch = this.loop.watcher;
    for (;;) {
      try {
        return await client.retry(() => client.getData(path, { watch }));
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
      }
      // Missing: watch for its creation. If it was created in between, read it again.
      const stat = await client.retry(() => client.exists(path, { watch }));
      if (stat === null) return { data: null, stat: null };
    }
  }
}

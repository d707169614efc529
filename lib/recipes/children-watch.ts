import { InvalidArgumentError, NoNodeError, WatcherType } from './internal/client-api';
import type { WatchedEvent, ZooKeeperClient } from './internal/client-api';
import { validateRecipePath } from './internal/inputs';
import { RefreshLoop } from './internal/refresh-loop';

/**
 * Called with the node's children (`null` while the node does not exist) and, when a server notification caused
 * the call, its event. Return `false` (or a promise of it) to stop watching.
 */
export type ChildrenWatchCallback = (
  children: string[] | null,
  event?: WatchedEvent,
) => boolean | void | Promise<boolean | void>;

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * kazoo's ChildrenWatch: calls `callback` at once with the node's children, then again after every change, until the
 * callback returns `false` or `stop()` is called. Unlike kazoo, a missing node is not an error: it is reported as
 * `null` and watched for creation. It survives reconnections and session loss, calling back only when the list
 * changed. Calls never overlap.
 *
 * @example
 * const watch = new ChildrenWatch(client, '/workers', (workers) => rebalance(workers ?? []));
 */
export class ChildrenWatch {
  /** The watched node. */
  readonly path: string;
  private readonly loop: RefreshLoop;
  private called = false;
  private children: string[] | null = null;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    private readonly callback: ChildrenWatchCallback,
  ) {
    this.path = validateRecipePath(path);
    if (typeof callback !== 'function') throw new InvalidArgumentError('callback', 'expected a function');
    this.loop = new RefreshLoop(
      client,
      (event) => this.refresh(event),
      async (watcher) => {
        await client.removeWatchListener(this.path, WatcherType.CHILDREN, watcher);
        await client.removeWatchListener(this.path, WatcherType.DATA, watcher);
      },
    );
  }

  /** Resolves once the first call to the callback returned; rejects if listing or that call failed. */
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
    const children = await this.read();
    if (this.called && sameList(children, this.children)) return true;
    this.called = true;
    this.children = children;
    if (this.loop.isStopped) return false;
    return (await this.callback(children === null ? null : [...children], event)) !== false;
  }

  private async read(): Promise<string[] | null> {
    const { client, path } = this;
    const watch = this.loop.watcher;
    for (;;) {
      try {
        return await client.retry(() => client.getChildren(path, { watch }));
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
      }
      const stat = await client.retry(() => client.exists(path, { watch }));
      if (stat === null) return null;
    }
  }
}

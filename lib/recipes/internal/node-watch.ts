import { InvalidArgumentError, NoNodeError } from './client-api';
import type { WatchedEvent, WatcherType, WatchListener, ZooKeeperClient } from './client-api';
import { validateRecipePath } from './inputs';
import { RefreshLoop } from './refresh-loop';

/** What a {@link NodeWatch} reads, and how it compares and hands over what it read. */
export interface NodeWatchKind<Value> {
  /** Reads the node once, setting `watch` on it; rejects with NoNodeError when the node is missing. */
  read(watch: WatchListener): Promise<Value>;
  /** Whether two reads found the same value, so the callback is not called again. */
  isSame(a: Value | null, b: Value | null): boolean;
  /** Calls the user's callback with a new value; its result `false` stops the watch. */
  deliver(value: Value | null, event: WatchedEvent | undefined): boolean | void | Promise<boolean | void>;
  /** The kinds of watch `read` sets, removed again by `stop()`. */
  watcherTypes: readonly WatcherType[];
}

/**
 * What DataWatch and ChildrenWatch share: a {@link RefreshLoop} that reads one node's value (`null` while the node is
 * missing, which is then watched for creation), and hands it to the user's callback whenever it differs from the one
 * handed over last.
 */
export abstract class NodeWatch<Value> {
  /** The watched node. */
  readonly path: string;
  private readonly loop: RefreshLoop;
  private delivered: { value: Value | null } | undefined;

  protected constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    callback: unknown,
    private readonly kind: NodeWatchKind<Value>,
  ) {
    this.path = validateRecipePath(path);
    if (typeof callback !== 'function') throw new InvalidArgumentError('callback', 'expected a function');
    this.loop = new RefreshLoop(
      client,
      (event) => this.refresh(event),
      async (watcher) => {
        for (const type of kind.watcherTypes) await client.removeWatchListener(this.path, type, watcher);
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
    const value = await this.read();
    if (this.delivered !== undefined && this.kind.isSame(value, this.delivered.value)) return true;
    this.delivered = { value };
    if (this.loop.isStopped) return false;
    return (await this.kind.deliver(value, event)) !== false;
  }

  private async read(): Promise<Value | null> {
    const { client, path } = this;
    const watch = this.loop.watcher;
    for (;;) {
      try {
        return await client.retry(() => this.kind.read(watch));
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
      }
      // Missing: watch for its creation. If it was created in between, read it again.
      const stat = await client.retry(() => client.exists(path, { watch }));
      if (stat === null) return null;
    }
  }
}

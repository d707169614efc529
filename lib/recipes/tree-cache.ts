import { EventEmitter } from 'node:events';
import {
  AddWatchMode,
  ConnectionState,
  EventType,
  NoNodeError,
  SessionExpiredError,
  UnimplementedError,
  ZooKeeperError,
  isRetryable,
} from './internal/client-api';
import { InvalidArgumentError, WatcherType } from './internal/client-api';
import type { Stat, WatchedEvent, ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions, validateRecipePath } from './internal/inputs';
import { onStateChange } from './internal/session-state';
import { ZkUsageError } from './internal/client-api';
import { CancelledError } from './errors';

/** One cached node. */
export interface TreeCacheNode {
  /** Absolute path (relative to the client's chroot). */
  readonly path: string;
  /** The node's data as last read (an empty buffer for a node without data). */
  readonly data: Buffer;
  /** The node's stat as read together with {@link data}. */
  readonly stat: Stat;
}

/**
 * How the cache learns about changes: `'persistent'` uses one persistent recursive watch on the root (ZooKeeper 3.6+);
 * `'per-node'` keeps a data and a children watch on every node (any server version); `'auto'` (default) tries the
 * first and falls back to the second when the server does not know `addWatch`.
 */
export type TreeCacheWatchMode = 'auto' | 'persistent' | 'per-node';

/** Options of {@link TreeCache}. */
export interface TreeCacheOptions {
  /** How the cache watches the tree; `'auto'` by default. Any other value makes the constructor throw an InvalidArgumentError. */
  watchMode?: TreeCacheWatchMode;
}

interface ReadResult {
  path: string;
  node: { data: Buffer; stat: Stat } | null;
  children: string[] | null;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function joinPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}

/**
 * A local mirror of the subtree under `path` (Curator's and kazoo's TreeCache), kept current by watches.
 *
 * Every change reported by a watch marks the path dirty; a single worker re-reads dirty paths (pipelined, applied in
 * order) and compares with the cache, so the mirror converges on the server's state whatever order events come in.
 * After a reconnection the whole subtree is re-read, because the server does not replay missed events to persistent
 * watches, and after a session loss the watches are registered again first.
 *
 * Events: `'nodeAdded'`, `'nodeUpdated'`, `'nodeRemoved'` (node: {@link TreeCacheNode}); `'initialized'` () once the
 * first full read is applied; `'connection'` (state: ConnectionState) on every client state change; `'error'` (error)
 * for failures the cache recovers from, only emitted when listened to.
 *
 * @example
 * const cache = new TreeCache(client, '/config');
 * cache.on('nodeUpdated', (node) => reload(node.path, node.data));
 * await cache.start();
 * cache.get('/config/db')?.data;
 */
export class TreeCache extends EventEmitter {
  /** The subtree's root. */
  readonly root: string;
  private readonly requestedMode: TreeCacheWatchMode;
  private persistent: boolean | undefined;
  private readonly nodes = new Map<string, TreeCacheNode>();
  private readonly childNames = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private resyncWanted = false;
  private rewatchWanted = false;
  private worker: Promise<void> | undefined;
  private state: 'latent' | 'started' | 'closed' = 'latent';
  private initialized = false;
  private watchHandle: { remove(): Promise<void> } | undefined;
  private stopListening: (() => void) | undefined;
  private initializedWaiter: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  private readonly watcher = (event: WatchedEvent): void => {
    if (this.state !== 'started') return;
    if (event.type === EventType.NONE) return;
    if (event.path !== this.root && !event.path.startsWith(`${this.root === '/' ? '' : this.root}/`)) return;
    this.markDirty(event.path);
  };

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: TreeCacheOptions = {},
  ) {
    super();
    this.root = path === '/' ? '/' : validateRecipePath(path);
    checkRecipeOptions(options);
    this.requestedMode = options.watchMode ?? 'auto';
    if (!['auto', 'persistent', 'per-node'].includes(this.requestedMode)) {
      throw new InvalidArgumentError(
        'watchMode',
        `expected 'auto', 'persistent' or 'per-node', got ${String(this.requestedMode)}`,
      );
    }
  }

  /** Whether the cache runs on one persistent recursive watch (known once started). */
  get usesPersistentWatch(): boolean {
    return this.persistent === true;
  }

  /** Whether the first full read has been applied. */
  get isInitialized(): boolean {
    return this.initialized;
  }

  /**
   * Starts watching and reads the whole subtree; resolves once that first read is applied (after `'initialized'`).
   * The root need not exist: its creation is picked up. A cache starts once and cannot restart after `close()`.
   */
  async start(): Promise<void> {
    if (this.state !== 'latent') throw new ZkUsageError(`TreeCache ${this.root} was already ${this.state}`);
    this.state = 'started';
    this.stopListening = onStateChange(this.client, (state, previous) => this.onConnectionState(state, previous));
    const initialized = new Promise<void>((resolve, reject) => {
      this.initializedWaiter = { resolve, reject };
    });
    try {
      await this.establishWatch();
    } catch (error) {
      await this.close();
      throw error;
    }
    this.resyncWanted = true;
    this.kick();
    await initialized;
  }

  /**
   * Stops watching (removing the persistent watch, or in per-node mode every node's watches) and forgets the cached
   * nodes, without emitting removals.
   */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.stopListening?.();
    this.stopListening = undefined;
    this.initializedWaiter?.reject(new CancelledError(this.root));
    this.initializedWaiter = undefined;
    const handle = this.watchHandle;
    this.watchHandle = undefined;
    await this.worker?.catch(() => undefined);
    if (handle !== undefined) await handle.remove().catch(() => undefined);
    if (this.persistent === false) await this.removePerNodeWatches();
    this.nodes.clear();
    this.childNames.clear();
    this.dirty.clear();
  }

  /** Per-node mode: takes the one-shot watches of every cached node (and the root's) off the client and server. */
  private async removePerNodeWatches(): Promise<void> {
    const paths = new Set([this.root, ...this.nodes.keys()]);
    await Promise.all(
      [...paths].flatMap((path) =>
        [WatcherType.DATA, WatcherType.CHILDREN].map((type) =>
          this.client.removeWatchListener(path, type, this.watcher).catch(() => undefined),
        ),
      ),
    );
  }

  /** The cached node at `path`, or `undefined` when it is not (known to be) there. */
  get(path: string): TreeCacheNode | undefined {
    return this.nodes.get(path);
  }

  /** The cached children names of `path`, sorted, or `undefined` when the node is not cached. */
  getChildren(path: string): string[] | undefined {
    if (!this.nodes.has(path)) return undefined;
    return [...(this.childNames.get(path) ?? [])].sort();
  }

  /** Every cached path, sorted. */
  paths(): string[] {
    return [...this.nodes.keys()].sort();
  }

  private async establishWatch(): Promise<void> {
    if (this.requestedMode === 'per-node') {
      this.persistent = false;
      return;
    }
    try {
      this.watchHandle = await this.client.retry(() =>
        this.client.addWatch(this.root, AddWatchMode.PERSISTENT_RECURSIVE, this.watcher),
      );
      this.persistent = true;
    } catch (error) {
      const unsupported =
        error instanceof UnimplementedError ||
        (error instanceof ZooKeeperError && !isRetryable(error) && !(error instanceof SessionExpiredError));
      if (this.requestedMode === 'persistent' || !unsupported || this.persistent === true) throw error;
      this.persistent = false;
    }
  }

  private onConnectionState(state: ConnectionState, previous: ConnectionState): void {
    if (this.state !== 'started') return;
    this.emit('connection', state);
    if (state === ConnectionState.LOST) {
      // Every watch died with the session: register again on the next one, then re-read everything.
      this.rewatchWanted = true;
    } else if (
      (state === ConnectionState.CONNECTED || state === ConnectionState.CONNECTED_READ_ONLY) &&
      previous !== ConnectionState.CONNECTED_READ_ONLY &&
      previous !== ConnectionState.CONNECTED
    ) {
      // One-shot watches are re-registered by the client and the server reports what they missed; a persistent watch
      // is re-registered too but hears nothing of the gap. A full re-read covers both cases.
      if (this.persistent || this.rewatchWanted) {
        this.resyncWanted = true;
        this.kick();
      }
    }
  }

  private markDirty(path: string): void {
    this.dirty.add(path);
    this.kick();
  }

  private kick(): void {
    if (this.worker !== undefined || this.state !== 'started') return;
    this.worker = this.work().finally(() => {
      this.worker = undefined;
      if (this.state === 'started' && (this.dirty.size > 0 || this.resyncWanted)) this.kick();
    });
  }

  private async work(): Promise<void> {
    while (this.state === 'started' && (this.dirty.size > 0 || this.resyncWanted)) {
      try {
        if (this.rewatchWanted) {
          await this.establishWatch();
          this.rewatchWanted = false;
        }
        if (this.resyncWanted) {
          this.resyncWanted = false;
          await this.resync();
          if (!this.initialized && this.state === 'started') {
            this.initialized = true;
            this.emit('initialized');
            this.initializedWaiter?.resolve();
            this.initializedWaiter = undefined;
          }
          continue;
        }
        const batch = [...this.dirty];
        this.dirty.clear();
        const results = await Promise.all(batch.map((path) => this.read(path, !this.persistent)));
        for (const result of results) this.apply(result, !this.persistent);
      } catch (error) {
        if (this.state !== 'started') return;
        if (error instanceof SessionExpiredError || isRetryable(error)) {
          // Try again once connected: the state listener asks for a full re-read then.
          this.resyncWanted = true;
          if (error instanceof SessionExpiredError) this.rewatchWanted = true;
          return;
        }
        if (this.listenerCount('error') > 0) this.emit('error', error);
        if (!this.initialized) {
          this.initializedWaiter?.reject(error);
          this.initializedWaiter = undefined;
        }
        return;
      }
    }
  }

  /** Reads one node's data and children (registering one-shot watches in per-node mode); `null`s when missing. */
  private async read(path: string, watch: boolean): Promise<ReadResult> {
    const options = watch ? { watch: this.watcher } : {};
    const [node, children] = await Promise.all([
      this.client.getData(path, options).catch((error: unknown) => {
        if (error instanceof NoNodeError) return null;
        throw error;
      }),
      this.client.getChildren(path, options).catch((error: unknown) => {
        if (error instanceof NoNodeError) return null;
        throw error;
      }),
    ]);
    if ((node === null || children === null) && watch && path === this.root) {
      // The root is missing: an exists-watch tells us when it is created.
      if ((await this.client.exists(path, { watch: this.watcher })) !== null) this.dirty.add(path);
    }
    return { path, node, children };
  }

  /** Folds one read into the cache; with `discoverChildren`, schedules reads of children not seen before. */
  private apply(result: ReadResult, discoverChildren: boolean): void {
    const { path, node, children } = result;
    if (node === null || children === null) {
      this.removeSubtree(path);
      return;
    }
    this.upsert(path, node.data, node.stat);
    const known = this.childNames.get(path) ?? new Set<string>();
    for (const child of [...known]) if (!children.includes(child)) this.removeSubtree(joinPath(path, child));
    // A persistent watch reports every creation itself; per-node watches only say "the children changed".
    if (discoverChildren) for (const child of children) if (!known.has(child)) this.dirty.add(joinPath(path, child));
  }

  private upsert(path: string, data: Buffer, stat: Stat): void {
    const existing = this.nodes.get(path);
    if (existing !== undefined && existing.stat.czxid !== stat.czxid) {
      // Deleted and created again: what we hold below it belongs to the old node.
      this.removeSubtree(path, stat.czxid);
    }
    const current = this.nodes.get(path);
    const node: TreeCacheNode = Object.freeze({ path, data, stat });
    this.nodes.set(path, node);
    if (path !== this.root) {
      const parent = parentOf(path);
      let siblings = this.childNames.get(parent);
      if (siblings === undefined) this.childNames.set(parent, (siblings = new Set()));
      siblings.add(path.slice(path.lastIndexOf('/') + 1));
    }
    if (current === undefined) this.emit('nodeAdded', node);
    else if (current.stat.mzxid !== stat.mzxid) this.emit('nodeUpdated', node);
  }

  /** Forgets `path` and its cached descendants (only those created before `olderThan`, when given), deepest first. */
  private removeSubtree(path: string, olderThan?: bigint): void {
    for (const child of [...(this.childNames.get(path) ?? [])]) this.removeSubtree(joinPath(path, child), olderThan);
    const node = this.nodes.get(path);
    if (node === undefined) return;
    if (olderThan !== undefined && node.stat.czxid >= olderThan) return;
    this.nodes.delete(path);
    if ((this.childNames.get(path)?.size ?? 0) === 0) this.childNames.delete(path);
    if (path !== this.root) {
      const siblings = this.childNames.get(parentOf(path));
      siblings?.delete(path.slice(path.lastIndexOf('/') + 1));
    }
    this.emit('nodeRemoved', node);
  }

  /**
   * Re-reads the whole subtree level by level (each level's reads pipelined), applies it, and forgets cached nodes
   * the read did not find. Changes that happen meanwhile arrive as watch events and are read again afterwards.
   */
  private async resync(): Promise<void> {
    const watch = !this.persistent;
    const seen = new Set<string>();
    let level = [this.root];
    while (level.length > 0 && this.state === 'started') {
      const results = await Promise.all(level.map((path) => this.read(path, watch)));
      const next: string[] = [];
      for (const result of results) {
        if (result.node === null || result.children === null) continue;
        seen.add(result.path);
        for (const child of result.children) next.push(joinPath(result.path, child));
      }
      for (const result of results) this.apply(result, false);
      level = next;
    }
    for (const path of [...this.nodes.keys()].sort().reverse()) {
      if (!seen.has(path) && this.nodes.has(path)) this.removeSubtree(path);
    }
  }
}

import { EventEmitter } from 'node:events';
import { trackChild } from './internal/child-closers';
import { InvalidArgumentError, TreeCache, ZkUsageError, checkRecipeOptions } from './internal/lower-floors';
import type { TreeCacheNode, TreeCacheWatchMode } from './internal/lower-floors';
import type { ServiceDiscovery } from './service-discovery';
import type { ServiceInstance } from './service-instance';

/** Options of {@link ServiceCache}. */
export interface ServiceCacheOptions {
  /**
   * How the cache follows the service's node: `'persistent'` with one persistent recursive watch (ZooKeeper 3.6+),
   * `'per-node'` with child and data watches (any server), `'auto'` (default) the first where the server has it.
   */
  watchMode?: TreeCacheWatchMode;
}

/** The events of a {@link ServiceCache}, with their arguments. Only changes after `start()` resolved are reported. */
export interface ServiceCacheEvents<T = unknown> {
  /** An instance appeared. */
  added: [instance: ServiceInstance<T>];
  /** An instance's node was written again: `instance` is the new content, `previous` the one it replaces. */
  updated: [instance: ServiceInstance<T>, previous: ServiceInstance<T>];
  /** An instance's node is gone (or no longer holds an instance). */
  removed: [instance: ServiceInstance<T>];
  /** Any of the above happened (Curator's `ServiceCacheListener.cacheChanged()`). */
  changed: [];
  /** A node could not be read as an instance, or the watch failed in a way the cache cannot recover from; only emitted when listened to. */
  error: [error: unknown];
}

/**
 * The current instances of one service, kept in memory by watches (Curator's `ServiceCache`): every instance node
 * under `<basePath>/<name>`, read with the discovery's serializer. It runs on a `TreeCache` of the service's node,
 * so after a reconnection or a new session it reads everything again and reports what changed meanwhile.
 *
 * Events: see {@link ServiceCacheEvents}.
 *
 * @example
 * const cache = new ServiceCache(discovery, 'orders');
 * cache.on('changed', () => console.log(cache.getInstances().map((i) => `${i.address}:${i.port}`)));
 * await cache.start();
 */
export class ServiceCache<T = unknown> extends EventEmitter<ServiceCacheEvents<T>> {
  /** The service's name. */
  readonly name: string;
  /** The service's node, `<basePath>/<name>`. */
  readonly path: string;
  private readonly tree: TreeCache;
  private readonly instances = new Map<string, ServiceInstance<T>>();
  private state: 'latent' | 'starting' | 'started' | 'closed' = 'latent';
  private untrack: (() => void) | undefined;

  constructor(
    private readonly discovery: ServiceDiscovery<T>,
    name: string,
    options: ServiceCacheOptions = {},
  ) {
    super();
    checkRecipeOptions(options);
    if (typeof discovery?.pathForName !== 'function') {
      throw new InvalidArgumentError('discovery', 'expected a ServiceDiscovery');
    }
    this.path = discovery.pathForName(name);
    this.name = name;
    this.tree = new TreeCache(discovery.client, this.path, { watchMode: options.watchMode });
    this.tree.on('nodeAdded', (node: TreeCacheNode) => this.onNode(node));
    this.tree.on('nodeUpdated', (node: TreeCacheNode) => this.onNode(node));
    this.tree.on('nodeRemoved', (node: TreeCacheNode) => this.onNodeRemoved(node));
    this.tree.on('error', (error: unknown) => this.reportError(error));
  }

  /** Whether the cache runs on one persistent recursive watch (known once started). */
  get usesPersistentWatch(): boolean {
    return this.tree.usesPersistentWatch;
  }

  /**
   * Starts watching and reads every instance; resolves once they are in the cache. A cache starts once; closing the
   * discovery closes it.
   */
  async start(): Promise<void> {
    if (this.state !== 'latent') throw new ZkUsageError(`ServiceCache ${this.path} was already ${this.state}`);
    this.state = 'starting';
    this.untrack = trackChild(this.discovery, this);
    try {
      await this.tree.start();
    } catch (error) {
      await this.close();
      throw error;
    }
    if (this.state === 'starting') this.state = 'started';
  }

  /** The cached instances, ordered by node name. */
  getInstances(): ServiceInstance<T>[] {
    return [...this.instances.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, instance]) => instance);
  }

  /** The cached instance whose node is named `id`, or `undefined`. */
  getInstance(id: string): ServiceInstance<T> | undefined {
    return this.instances.get(id);
  }

  /** Stops watching and forgets the instances (without `removed` events). */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.untrack?.();
    this.untrack = undefined;
    await this.tree.close();
    this.instances.clear();
  }

  /** The instance node's name, when `path` is one (a child of the service's node), else `undefined`. */
  private idOf(path: string): string | undefined {
    if (!path.startsWith(`${this.path}/`)) return undefined;
    const id = path.slice(this.path.length + 1);
    return id.includes('/') ? undefined : id;
  }

  private onNode(node: TreeCacheNode): void {
    const id = this.idOf(node.path);
    if (id === undefined || this.state === 'closed') return;
    let instance: ServiceInstance<T>;
    try {
      instance = this.discovery.deserializeNode(node.path, node.data);
    } catch (error) {
      // Not an instance (any more): what was there is gone.
      this.onNodeRemoved(node);
      this.reportError(error);
      return;
    }
    const previous = this.instances.get(id);
    this.instances.set(id, instance);
    if (this.state !== 'started') return;
    if (previous === undefined) this.emit('added', instance);
    else this.emit('updated', instance, previous);
    this.emit('changed');
  }

  private onNodeRemoved(node: TreeCacheNode): void {
    const id = this.idOf(node.path);
    if (id === undefined) return;
    const previous = this.instances.get(id);
    if (previous === undefined) return;
    this.instances.delete(id);
    if (this.state !== 'started') return;
    this.emit('removed', previous);
    this.emit('changed');
  }

  private reportError(error: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

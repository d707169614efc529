import { EventEmitter } from 'node:events';
import type { Observable } from 'rxjs';
import { ZkUsageError } from '../protocol/zk-error';
import type { ZooKeeperClientOptions } from '../client/client-options';
import { ZooKeeperClient } from '../client/zookeeper-client';
import { TreeCache } from '../recipes/tree-cache';
import type { TreeCacheWatchMode } from '../recipes/tree-cache';
import { configContexts } from './config-context';
import type { ConfigContext } from './config-context';
import type { ZookeeperConfigChange } from './config-change';
import type { ZookeeperConfigLayout } from './config-layout';
import { nestProperties, updateTreeInPlace } from './config-tree';
import type { ZookeeperConfigTree } from './config-tree';
import { contextProperties } from './context-properties';
import { renewSessionsOf } from './session-renewal';

/**
 * Options of {@link ZookeeperConfigSource}: where the configuration lives (Spring Cloud Zookeeper Config's layout and
 * defaults) and how the contexts are watched.
 *
 * @publicApi
 */
export interface ZookeeperConfigSourceOptions extends ZookeeperConfigLayout {
  /** How each context's {@link TreeCache} watches its subtree; `'auto'` by default. */
  watchMode?: TreeCacheWatchMode;
}

/**
 * Options of {@link ZookeeperConfigSource.open}: the source's options plus those of the client it opens and owns.
 *
 * @publicApi
 */
export interface ZookeeperConfigSourceOpenOptions extends ZookeeperConfigSourceOptions {
  /** The servers (and chroot), as for `new ZooKeeperClient()`. */
  connectString: string;
  /** Any other option of the client the source opens (session timeout, auth, retry …). */
  client?: Omit<ZooKeeperClientOptions, 'connectString'>;
}

/** The events of a {@link ZookeeperConfigSource}. */
export interface ZookeeperConfigSourceEvents {
  /** One property was added, changed or removed in the merged view (one event per property). */
  change: [change: ZookeeperConfigChange];
  /** A context's cache failed in a way it recovers from; only emitted when listened to. */
  error: [error: unknown];
}

/**
 * A live view of Spring Cloud Zookeeper Config–style configuration: the properties of every context of a layout
 * (`/config/<app>,<profile>`, `/config/<app>`, `/config/application,<profile>`, `/config/application`), each kept
 * current by a {@link TreeCache}, merged so that the most specific context wins, as a flat key → string view
 * ({@link get}, {@link properties}) and a nested one ({@link config}, changed in place). Every property that changes
 * is reported by a `'change'` event and on {@link changes$}. The caches follow reconnections and, once the client has
 * a new session, session losses: call `client.connect()` after an expiry, or use {@link ZookeeperConfigSource.open},
 * which does.
 *
 * @example
 * const source = new ZookeeperConfigSource(client, { application: 'orders', profiles: ['dev'] });
 * await source.start();
 * source.get('db.url');
 * source.on('change', ({ key, value }) => console.log(key, value));
 *
 * @publicApi
 */
export class ZookeeperConfigSource extends EventEmitter<ZookeeperConfigSourceEvents> {
  /** The contexts read, most specific first. */
  readonly contexts: readonly ConfigContext[];
  /**
   * The merged properties as nested objects (`db.url` → `config.db.url`), updated in place: the object and its nested
   * objects stay the same, so a reference taken once keeps reading current values. One whose keys all go is emptied
   * and taken out, and is the one put back if keys under its path come back.
   */
  readonly config: ZookeeperConfigTree = {};
  private readonly caches: TreeCache[];
  private merged = new Map<string, string>();
  /** Objects of {@link config} whose keys all went, kept to be refilled if their path comes back. */
  private readonly retired = new Map<string, ZookeeperConfigTree>();
  private state: 'latent' | 'starting' | 'started' | 'closed' = 'latent';
  private refreshQueued = false;
  private stopRenewing: (() => void) | undefined;
  private owned: ZooKeeperClient | undefined;

  /** The client the contexts are read with. */
  readonly client: ZooKeeperClient;

  constructor(client: ZooKeeperClient, options: ZookeeperConfigSourceOptions = {}) {
    super();
    this.client = client;
    this.contexts = configContexts(options);
    this.caches = this.contexts.map((context) => {
      const cache = new TreeCache(client, context.path, { watchMode: options.watchMode });
      for (const event of ['nodeAdded', 'nodeUpdated', 'nodeRemoved']) cache.on(event, () => this.queueRefresh());
      cache.on('error', (error: unknown) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      });
      return cache;
    });
  }

  /**
   * Opens a client of its own, connects it and starts a source on it. The source renews the client's session after
   * an expiry and closes the client when it is closed.
   */
  static async open(options: ZookeeperConfigSourceOpenOptions): Promise<ZookeeperConfigSource> {
    const { connectString, client: clientOptions, ...sourceOptions } = options;
    const client = new ZooKeeperClient({ ...clientOptions, connectString });
    let source: ZookeeperConfigSource | undefined;
    try {
      source = new ZookeeperConfigSource(client, sourceOptions);
      source.owned = client;
      source.stopRenewing = renewSessionsOf(client);
      await client.connect();
      await source.start();
      return source;
    } catch (error) {
      // Closing the source stops the renewal and closes the client; without a source, the client alone.
      await (source ?? client).close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Reads every context and starts watching them; resolves once the merged view is complete. Contexts that do not
   * exist are empty until they are created. A source starts once.
   */
  async start(): Promise<void> {
    if (this.state !== 'latent') throw new ZkUsageError(`ZookeeperConfigSource was already ${this.state}`);
    this.state = 'starting';
    try {
      await Promise.all(this.caches.map((cache) => cache.start()));
    } catch (error) {
      await this.close();
      throw error;
    }
    if (this.state !== 'starting') return;
    this.state = 'started';
    this.refresh(false);
  }

  /** Stops watching (and closes the client when {@link ZookeeperConfigSource.open} opened it). The view stays as it was. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.stopRenewing?.();
    await Promise.all(this.caches.map((cache) => cache.close()));
    await this.owned?.close();
  }

  /** The value in effect for `key` (dotted, `db.url`), or `undefined` when no context sets it. */
  get(key: string): string | undefined {
    return this.merged.get(key);
  }

  /** Every property in effect, sorted by key: a copy, which later changes do not touch. */
  properties(): Record<string, string> {
    return Object.fromEntries([...this.merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * The changes as an rxjs Observable: every change of `key` and of the keys below it (`'db'` gives `db`, `db.url`,
   * `db.pool.size` …), or of every key when omitted. Nothing is replayed on subscription: read {@link get} for the
   * current value. rxjs is an optional peer dependency, loaded on first call.
   */
  changes$(key?: string): Observable<ZookeeperConfigChange> {
    let rxjs: typeof import('rxjs');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      rxjs = require('rxjs') as typeof import('rxjs');
    } catch (error) {
      throw new ZkUsageError('changes$ needs the optional peer dependency rxjs (npm install rxjs)', { cause: error });
    }
    return new rxjs.Observable<ZookeeperConfigChange>((subscriber) => {
      const listener = (change: ZookeeperConfigChange): void => {
        if (key === undefined || change.key === key || change.key.startsWith(`${key}.`)) subscriber.next(change);
      };
      this.on('change', listener);
      return () => {
        this.off('change', listener);
      };
    });
  }

  /** Coalesces the caches' node events of one batch into one merge. */
  private queueRefresh(): void {
    if (this.state !== 'started' || this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      if (this.state === 'started') this.refresh(true);
    });
  }

  /** Merges the contexts (least specific first, so that the more specific overwrite) and reports what changed. */
  private refresh(report: boolean): void {
    const next = new Map<string, string>();
    for (let index = this.caches.length - 1; index >= 0; index--) {
      for (const [key, value] of contextProperties(this.caches[index])) next.set(key, value);
    }
    const previous = this.merged;
    this.merged = next;
    updateTreeInPlace(this.config, nestProperties(next), this.retired);
    if (!report) return;
    const keys = new Set([...previous.keys(), ...next.keys()]);
    for (const key of [...keys].sort()) {
      const before = previous.get(key);
      const after = next.get(key);
      if (before !== after) this.emit('change', { key, value: after, previous: before });
    }
  }
}

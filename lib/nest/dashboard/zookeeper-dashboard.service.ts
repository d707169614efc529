import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import {
  inspectElection,
  inspectLease,
  inspectLock,
  inspectPartitioner,
  inspectParty,
  inspectSemaphore,
  InvalidArgumentError,
  KAZOO_LOCK_MARKER,
  NoNodeError,
} from '../../client';
import type { ZooKeeperClient } from '../../client';
import { isPrintableText } from '../../recipes/inspection/inspected-node';
import { ZookeeperClientRegistry } from '../zookeeper-client.registry';
import { ZookeeperHoldingsTracker } from '../zookeeper-holdings.tracker';
import { COMPUTED_PATH, ZookeeperMethodActivityRegistry } from '../zookeeper-method-activity.registry';
import { ZookeeperStatusService } from '../zookeeper-status.service';
import { describeError } from '../zookeeper.messages';
import type { ZookeeperDashboardOptions } from './zookeeper-dashboard-options.interface';
import type {
  ZookeeperDashboardSnapshot,
  ZookeeperDashboardSource,
  ZookeeperDashboardTracked,
  ZookeeperDashboardTreeNode,
} from './zookeeper-dashboard-snapshot.interface';
import { ZOOKEEPER_DASHBOARD_OPTIONS } from './zookeeper-dashboard.module-definition';

/** The kinds of coordination the dashboard shows, each a list in the snapshot. */
export type CoordinationKind = 'elections' | 'locks' | 'semaphores' | 'leases' | 'parties' | 'partitioners';

/** Paths to show, by kind, each with where it came from, and the paths whose changes call for a new snapshot. */
export interface TrackedPaths {
  readonly byKind: Record<CoordinationKind, Map<string, Set<ZookeeperDashboardSource>>>;
  /** Every path shown, a semaphore's waiting line, and the parent of every `<parent>/*` family in the options. */
  readonly watchRoots: Set<string>;
}

/** An option path `<parent>/*` stands for every child of `<parent>`, e.g. one lock per invoice. */
const FAMILY = /^(\/.*)\/\*$/;

const INSPECT: Record<
  CoordinationKind,
  (client: ZooKeeperClient, path: string, options: { maxWaiters: number }) => Promise<object>
> = {
  elections: inspectElection,
  locks: inspectLock,
  semaphores: inspectSemaphore,
  leases: inspectLease,
  parties: inspectParty,
  partitioners: inspectPartitioner,
};

const DEFAULT_MAX_DATA_BYTES = 4096;
const DEFAULT_MAX_WAITERS = 100;
const DEFAULT_MAX_CHILDREN = 1000;

/**
 * Reads what the dashboard shows: which paths to look at (the decorators', the options', those held by hand), what
 * ZooKeeper says about each, this application's session and decorated methods, and single nodes for the tree.
 */
@Injectable()
export class ZookeeperDashboardService implements OnModuleInit {
  constructor(
    @Inject(ZOOKEEPER_DASHBOARD_OPTIONS) private readonly options: ZookeeperDashboardOptions,
    private readonly clients: ZookeeperClientRegistry,
    private readonly status: ZookeeperStatusService,
    private readonly activity: ZookeeperMethodActivityRegistry,
    private readonly holdings: ZookeeperHoldingsTracker,
  ) {}

  /**
   * Fails bootstrap, naming the client, when the dashboard's client is not registered (every `ZookeeperModule` client
   * exists by now). The sessions already opened are closed first: Nest runs no shutdown hook for an application that
   * failed to start, and they would keep the process alive.
   */
  async onModuleInit(): Promise<void> {
    try {
      this.client();
    } catch (error) {
      await this.clients.closeAll();
      throw error;
    }
  }

  /** The dashboard's client. */
  client(): ZooKeeperClient {
    return this.clients.get(this.options.client, 'ZookeeperDashboardModule').client;
  }

  /** The name of the dashboard's client in the module. */
  clientName(): string {
    return this.clients.get(this.options.client, 'ZookeeperDashboardModule').name;
  }

  /** Whether the actions are enabled. */
  get actionsAllowed(): boolean {
    return this.options.allowActions === true;
  }

  /**
   * The paths to show now, by kind, with their sources: the decorators' (a computed `@ZkLock()` path once used), the
   * options' (a `<parent>/*` entry lists the children of `<parent>` now), and those this application holds by hand.
   */
  async trackedPaths(): Promise<TrackedPaths> {
    const byKind: TrackedPaths['byKind'] = {
      elections: new Map(),
      locks: new Map(),
      semaphores: new Map(),
      leases: new Map(),
      parties: new Map(),
      partitioners: new Map(),
    };
    const watchRoots = new Set<string>();
    const add = (kind: CoordinationKind, path: string, source: ZookeeperDashboardSource): void => {
      const sources = byKind[kind].get(path) ?? new Set();
      sources.add(source);
      byKind[kind].set(path, sources);
      watchRoots.add(path);
      if (kind === 'semaphores') watchRoots.add(`${path}-${KAZOO_LOCK_MARKER}`);
    };
    const name = this.clientName();
    for (const recorder of this.activity.all()) {
      const { decorator, client, path } = recorder.snapshot();
      if (client !== name) continue;
      if (decorator === 'OnLeader' || decorator === 'LeaderOnly') add('elections', path, 'decorator');
      if (decorator === 'ZkLock' && path !== COMPUTED_PATH) {
        for (const used of recorder.recentPaths.length > 0 ? recorder.recentPaths : [path]) {
          add('locks', used, 'decorator');
        }
      }
    }
    const client = this.client();
    for (const kind of Object.keys(byKind) as CoordinationKind[]) {
      for (const path of this.options[kind] ?? []) {
        const family = FAMILY.exec(path);
        if (family === null) {
          add(kind, path, 'options');
          continue;
        }
        const parent = family[1];
        watchRoots.add(parent);
        for (const child of await childrenOf(client, parent)) add(kind, `${parent}/${child}`, 'options');
      }
    }
    const held = this.holdings.heldBy(client);
    // A partitioner's item locks, a semaphore's line and a lease's brief lock are shown in their own cards.
    const inner = (path: string): boolean =>
      byKind.leases.has(path) ||
      [...byKind.partitioners.keys()].some((partitioner) => path.startsWith(`${partitioner}/locks/`)) ||
      [...byKind.semaphores.keys()].some((semaphore) => path === `${semaphore}-${KAZOO_LOCK_MARKER}`);
    for (const { path } of held.locks) if (!inner(path)) add('locks', path, 'held');
    for (const { path } of held.leaderships) add('elections', path, 'held');
    return { byKind, watchRoots };
  }

  /** Reads everything the page shows; a path that cannot be read carries its error and the others are shown. */
  async snapshot(tracked?: TrackedPaths): Promise<ZookeeperDashboardSnapshot> {
    const { byKind } = tracked ?? (await this.trackedPaths());
    const client = this.client();
    const maxWaiters = this.options.maxWaiters ?? DEFAULT_MAX_WAITERS;
    const name = this.clientName();
    const read = async (kind: CoordinationKind): Promise<unknown[]> =>
      Promise.all(
        [...byKind[kind].entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(async ([path, sources]) => {
            const tracking: ZookeeperDashboardTracked = { sources: [...sources].sort() };
            try {
              return { ...(await INSPECT[kind](client, path, { maxWaiters })), ...tracking };
            } catch (error) {
              return { path, exists: false, ...emptyOf(kind), ...tracking, error: describeError(error) };
            }
          }),
      );
    const [elections, locks, semaphores, leases, parties, partitioners] = await Promise.all(
      (['elections', 'locks', 'semaphores', 'leases', 'parties', 'partitioners'] as const).map(read),
    );
    return {
      generatedAt: new Date().toISOString(),
      actions: this.actionsAllowed,
      tree: this.treeEnabled,
      instance: {
        ...this.status.status({ client: name }),
        methods: this.activity.list().filter((method) => method.client === name),
      },
      elections,
      locks,
      semaphores,
      leases,
      parties,
      partitioners,
    } as ZookeeperDashboardSnapshot;
  }

  /** Whether the page has a tree browser. */
  get treeEnabled(): boolean {
    return this.options.tree !== false;
  }

  /** One node for the tree browser: stat, data preview (text or hex) and children. */
  async node(path: string): Promise<ZookeeperDashboardTreeNode> {
    if (!this.treeEnabled) throw new NotFoundException('The tree browser is turned off (the tree option)');
    const client = this.client();
    const maxData = this.options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES;
    const maxChildren = this.options.maxChildren ?? DEFAULT_MAX_CHILDREN;
    try {
      const [{ data, stat }, children] = await Promise.all([
        client.retry(() => client.getData(path)),
        client.retry(() => client.getChildren(path)),
      ]);
      const shown = data.subarray(0, maxData);
      // A cut can split the last character: its bytes decode as U+FFFD, which is no sign of binary data.
      const decoded = shown.toString('utf8');
      const text = data.length > maxData ? decoded.replace(/\ufffd{1,3}$/, '') : decoded;
      const binary = !isPrintableText(text);
      children.sort();
      return {
        path,
        exists: true,
        stat: {
          czxid: stat.czxid.toString(),
          mzxid: stat.mzxid.toString(),
          pzxid: stat.pzxid.toString(),
          ctime: new Date(stat.ctime).toISOString(),
          mtime: new Date(stat.mtime).toISOString(),
          version: stat.version,
          cversion: stat.cversion,
          aversion: stat.aversion,
          ephemeralOwner: `0x${stat.ephemeralOwner.toString(16)}`,
          dataLength: stat.dataLength,
          numChildren: stat.numChildren,
        },
        ...(data.length > 0
          ? {
              data: {
                encoding: binary ? ('hex' as const) : ('utf8' as const),
                text: binary ? shown.toString('hex') : text,
                bytes: data.length,
                truncated: data.length > maxData,
              },
            }
          : {}),
        children: children.slice(0, maxChildren),
        childrenTruncated: children.length > maxChildren,
      };
    } catch (error) {
      if (error instanceof NoNodeError) return { path, exists: false, children: [], childrenTruncated: false };
      if (error instanceof InvalidArgumentError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}

/** The children of `path`, sorted; none when it does not exist. */
async function childrenOf(client: ZooKeeperClient, path: string): Promise<string[]> {
  try {
    return (await client.retry(() => client.getChildren(path))).sort();
  } catch (error) {
    if (error instanceof NoNodeError) return [];
    throw error;
  }
}

/** The empty lists of a kind's inspection, for a path that could not be read. */
function emptyOf(kind: CoordinationKind): object {
  switch (kind) {
    case 'elections':
    case 'locks':
      return { holders: [], waiters: [], moreWaiters: 0 };
    case 'semaphores':
      return { maxLeases: null, holders: [], waiters: [], moreWaiters: 0 };
    case 'leases':
      return { active: false };
    case 'parties':
      return { members: [] };
    case 'partitioners':
      return { members: [], items: [] };
  }
}

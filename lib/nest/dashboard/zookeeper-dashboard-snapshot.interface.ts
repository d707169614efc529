import type {
  ContenderLine,
  LeaseInspection,
  PartitionerInspection,
  PartyInspection,
  SemaphoreInspection,
} from '../../client';
import type { ZookeeperClientStatus } from '../interfaces/zookeeper-status.interface';
import type { ZookeeperMethodActivity } from '../interfaces/zookeeper-method-activity.interface';

/**
 * Where the dashboard learnt of a path: a decorator of the application (`@ZkLock()`, `@OnLeader()`,
 * `@LeaderOnly()`), the module's options, or a lock or election the application holds by hand.
 *
 * @publicApi
 */
export type ZookeeperDashboardSource = 'decorator' | 'options' | 'held';

/**
 * What the dashboard adds to each inspection: where it learnt of the path, and the error if reading it failed.
 *
 * @publicApi
 */
export interface ZookeeperDashboardTracked {
  /** Where the dashboard learnt of the path. */
  sources: ZookeeperDashboardSource[];
  /** Why the path could not be read this time (the rest of the snapshot is still shown). */
  error?: string;
}

/**
 * What the dashboard's `api/snapshot` returns and `api/events` streams: this application's session and decorated
 * methods, and every election, lock, semaphore, lease, party and partitioner it knows of, read from ZooKeeper, so
 * kazoo, Curator and other processes' nodes are shown too.
 *
 * @publicApi
 */
export interface ZookeeperDashboardSnapshot {
  /** When it was read, as an ISO 8601 date. */
  generatedAt: string;
  /** Whether the actions are enabled (`allowActions`). */
  actions: boolean;
  /** Whether the tree browser is enabled (the `tree` option). */
  tree: boolean;
  /** This application's session, holdings and decorated methods. */
  instance: ZookeeperClientStatus & {
    /** The decorated methods that use this client, with their last run. */
    methods: ZookeeperMethodActivity[];
  };
  /** Elections: `holders` has the leader, `waiters` the candidates in order. */
  elections: (ContenderLine & ZookeeperDashboardTracked)[];
  /** Locks: `holders` has the holder (or the readers holding together), `waiters` the line in order. */
  locks: (ContenderLine & ZookeeperDashboardTracked)[];
  /** Semaphores: leases held and the waiting line. */
  semaphores: (SemaphoreInspection & ZookeeperDashboardTracked)[];
  /** Non-blocking leases and their holders. */
  leases: (LeaseInspection & ZookeeperDashboardTracked)[];
  /** Parties and their members. */
  parties: (PartyInspection & ZookeeperDashboardTracked)[];
  /** Partitioners, their members and who holds which item. */
  partitioners: (PartitionerInspection & ZookeeperDashboardTracked)[];
}

/**
 * One node as the dashboard's tree browser shows it (`api/tree?path=`): its stat, a preview of its data and its
 * children.
 *
 * @publicApi
 */
export interface ZookeeperDashboardTreeNode {
  /** The node's path. */
  path: string;
  /** Whether the node exists. */
  exists: boolean;
  /** The node's stat: zxids as decimal strings, times as ISO 8601 dates, the owner's session in hex. */
  stat?: {
    /** The zxid that created the node. */
    czxid: string;
    /** The zxid that last changed its data. */
    mzxid: string;
    /** The zxid that last changed its children. */
    pzxid: string;
    /** When it was created. */
    ctime: string;
    /** When its data last changed. */
    mtime: string;
    /** Its data version. */
    version: number;
    /** Its children version. */
    cversion: number;
    /** Its ACL version. */
    aversion: number;
    /** The owner's session id in hex; `0x0` for a persistent node. */
    ephemeralOwner: string;
    /** The length of its data in bytes. */
    dataLength: number;
    /** How many children it has. */
    numChildren: number;
  };
  /** Its data: UTF-8 text when printable, hex otherwise, cut at `maxDataBytes`. Absent when it has none. */
  data?: {
    /** How `text` shows the bytes. */
    encoding: 'utf8' | 'hex';
    /** The bytes shown. */
    text: string;
    /** How many bytes the node holds. */
    bytes: number;
    /** Whether `text` shows only the first `maxDataBytes`. */
    truncated: boolean;
  };
  /** Its children's names, sorted, at most `maxChildren`. */
  children: string[];
  /** Whether more children exist than are listed. */
  childrenTruncated: boolean;
}

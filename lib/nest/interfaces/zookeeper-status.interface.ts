import type { ConnectionState, LockKind, WatchCounts } from '../../client';

/**
 * A lock this application holds right now through one of its module's clients: taken by `@ZkLock()` or by hand
 * (`new Lock(client, …)`, `ReadLock`, `WriteLock`). Election locks are not listed here: see
 * {@link ZookeeperHeldLeadership}.
 *
 * @publicApi
 */
export interface ZookeeperHeldLock {
  /** The lock's path (the parent of the contenders' nodes), relative to the client's chroot. */
  path: string;
  /** The name of this application's node under `path`, the one at the head of the line. */
  node: string;
  /** Which recipe holds it: `'lock'`, `'read-lock'` or `'write-lock'`. */
  kind: LockKind;
  /** When it was acquired, as an ISO 8601 date (`2026-12-03T15:16:46.123Z`). */
  since: string;
}

/**
 * An election this application leads right now through one of its module's clients: by `@OnLeader()` /
 * `@LeaderOnly()` or by hand (`new Election(client, …)`).
 *
 * @publicApi
 */
export interface ZookeeperHeldLeadership {
  /** The election's path, relative to the client's chroot. */
  path: string;
  /** When the current term began, as an ISO 8601 date. */
  since: string;
}

/**
 * One client of the module at one moment: its session (from `ZooKeeperClient.stats()`) and the locks and leaderships
 * this application holds through it. Plain JSON (ids in hex, dates as ISO text), so a route can return it as it is.
 *
 * @publicApi
 */
export interface ZookeeperClientStatus {
  /** The name the client is registered under in the module (`'default'` unless named). */
  client: string;
  /** The client's connection state. */
  state: ConnectionState;
  /** The session id in hex (`0x…`), as ZooKeeper's own tools print it; absent without a session. */
  sessionId?: string;
  /** The `host:port` the client is connected to; absent while it is not connected. */
  server?: string;
  /**
   * The ensemble member that server is (id and role), once the client has read the ensemble's config: with the
   * `followEnsemble` option, or after a `getConfig()` or `reconfig()`. Absent otherwise.
   */
  member?: {
    /** The member's id (its `myid`). */
    id: number;
    /** Whether it votes (`participant`) or only follows (`observer`). */
    role: 'participant' | 'observer';
  };
  /** The session timeout the server granted, in ms (0 before the first connection). */
  negotiatedTimeoutMs: number;
  /** The largest zxid the client has seen, in hex (`0x…`). */
  lastZxid: string;
  /** Requests written to the server and not answered yet. */
  inFlight: number;
  /** Requests waiting for a connection (while SUSPENDED or still connecting). */
  queued: number;
  /** The watches the client holds, by kind (one per path and kind, however many listeners share it). */
  watches: WatchCounts;
  /** The elections this application leads through the client, by path. */
  leaderships: ZookeeperHeldLeadership[];
  /** The locks this application holds through the client, oldest first. */
  locks: ZookeeperHeldLock[];
}

import type { ConnectionState } from './connection-state';

/** How many watches a client holds, by kind (one per path and kind, however many listeners share it). */
export interface WatchCounts {
  /** One-shot data watches (`getData`, `exists` on an existing node). */
  data: number;
  /** One-shot watches on a node's creation (`exists` on a missing node). */
  exist: number;
  /** One-shot child watches (`getChildren`). */
  child: number;
  /** Persistent watches (`addWatch` PERSISTENT). */
  persistent: number;
  /** Persistent recursive watches (`addWatch` PERSISTENT_RECURSIVE). */
  persistentRecursive: number;
}

/**
 * A client's session and traffic at one moment, from {@link ZooKeeperClient.stats}: what a health check or status
 * page shows. Plain JSON (ids in hex), so it can be served as it is.
 */
export interface ClientStats {
  /** The connection state. */
  state: ConnectionState;
  /** The session id in hex (`0x…`); `0x0` without a session. */
  sessionId: string;
  /** `host:port` of the connected server, undefined while not connected. */
  server: string | undefined;
  /** The session timeout the server granted, in ms (0 before the first connection). */
  negotiatedTimeoutMs: number;
  /** The largest zxid seen, in hex (`0x…`). */
  lastZxid: string;
  /** Requests written and not answered yet. */
  inFlight: number;
  /** Requests waiting for a connection (while SUSPENDED or still connecting). */
  queued: number;
  /** The watches held, by kind. */
  watches: WatchCounts;
  /**
   * The ensemble member the session is on (id and role), when the client has read the config (`getConfig`,
   * `reconfig` or the `followEnsemble` option) and it lists the connected server's address; undefined otherwise.
   */
  member:
    | {
        /** The member's id (its `myid`). */
        id: number;
        /** Whether it votes (`participant`) or only follows (`observer`). */
        role: 'participant' | 'observer';
      }
    | undefined;
}

export { diagnosticsChannels } from './diagnostics-channels';
import type { ConnectionState, StateChangeReason } from './connection-state';
import type { EventType, KeeperState } from '../protocol/watch-events';
import type { ZooKeeperClient } from './zookeeper-client';
import type { EnsembleMember } from './ensemble-config';

/**
 * The context of one request on the `nestjs-zookeeper:request` TracingChannel. The same object is passed to every
 * event of the request and filled in as it goes: `xid`, `server`, `sessionId` and `bytesOut` once it is written,
 * `resultCode`, `zxid` and `bytesIn` once its reply is read, then `result` or `error` (set by the TracingChannel).
 */
export interface RequestTraceContext {
  /** The client that sent it. */
  readonly client: ZooKeeperClient;
  /** The client method: `getData`, `create`, `multi`, … */
  readonly op: string;
  /** The path as the caller gave it (relative to the chroot); undefined for requests without one. */
  readonly path: string | undefined;
  /** Whether it changes data (so it may have been applied if the connection broke after it was sent). */
  readonly isWrite: boolean;
  /** The request's xid on its connection. */
  xid?: number;
  /** The session id in hex (`0x…`). */
  sessionId?: string;
  /** `host:port` of the server it was written to. */
  server?: string;
  /** Bytes written for it, length prefix included. */
  bytesOut?: number;
  /** Bytes of its reply, length prefix included. */
  bytesIn?: number;
  /** The reply's error code (`ErrorCode`, 0 for OK); absent when no reply came (connection lost, aborted). */
  resultCode?: number;
  /** The zxid in the reply's header: the transaction's zxid for a write, the server's last zxid for a read. */
  zxid?: bigint;
  /** The value the call resolved with (set by the TracingChannel). */
  result?: unknown;
  /** The error the call rejected with (set by the TracingChannel). */
  error?: unknown;
}

/** `nestjs-zookeeper:session:state`: a client's connection state changed. */
export interface SessionStateMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The new state. */
  readonly state: ConnectionState;
  /** The state before. */
  readonly previous: ConnectionState;
  /** Why it changed. */
  readonly reason: StateChangeReason;
  /** The session id in hex; `0x0` when there is none. */
  readonly sessionId: string;
  /** `host:port` of the server, while connected. */
  readonly server: string | undefined;
}

/** `nestjs-zookeeper:connection:attempt`: the client dials a server. */
export interface ConnectionAttemptMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** `host:port` being dialed. */
  readonly server: string;
  /** 1 for the first attempt since the client was last connected (or since `connect()`), then 2, 3, … */
  readonly attempt: number;
  /** Whether the session had a connection before (a reconnect) rather than being established for the first time. */
  readonly reconnect: boolean;
  /** Why the previous connection or attempt ended; undefined for the first attempt of `connect()`. */
  readonly cause: Error | undefined;
}

/** `nestjs-zookeeper:connection:open`: a connection is up and the server granted (or resumed) the session. */
export interface ConnectionOpenMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** `host:port` of the server. */
  readonly server: string;
  /** The session id in hex (`0x…`). */
  readonly sessionId: string;
  /** The session timeout the server granted, in ms. */
  readonly negotiatedTimeoutMs: number;
  /** Whether the server is read-only (the client is CONNECTED_READ_ONLY). */
  readonly readOnly: boolean;
  /** Attempts it took, this one included. */
  readonly attempts: number;
  /** Whether this resumed a session that had a connection before. */
  readonly reconnect: boolean;
}

/** `nestjs-zookeeper:connection:close`: an established connection closed. */
export interface ConnectionCloseMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** `host:port` of the server. */
  readonly server: string;
  /** The session id in hex (`0x…`). */
  readonly sessionId: string;
  /** Why it closed. */
  readonly error: Error;
}

/** `nestjs-zookeeper:request:queued`: a request waits for a connection. */
export interface RequestQueuedMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The client method (`getData`, `create`, …). */
  readonly op: string;
  /** The path as the caller gave it. */
  readonly path: string | undefined;
  /** How many requests wait now, this one included. */
  readonly queued: number;
}

/** `nestjs-zookeeper:request:unqueued`: a waiting request left the queue. */
export interface RequestUnqueuedMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The client method (`getData`, `create`, …). */
  readonly op: string;
  /** The path as the caller gave it. */
  readonly path: string | undefined;
  /** How long it waited, in ms. */
  readonly waitedMs: number;
  /** `'sent'` on a new connection, `'timed-out'` (no connection within the session timeout), `'failed'` (the session ended). */
  readonly outcome: 'sent' | 'timed-out' | 'failed';
}

/** `nestjs-zookeeper:watch:event`: a notification from the server reached the client. */
export interface WatchEventMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The event type. */
  readonly type: EventType;
  /** The session state the event carries. */
  readonly state: KeeperState;
  /** The node, relative to the chroot. */
  readonly path: string;
  /** How many listeners it is delivered to (0: nobody watches that path any more). */
  readonly listeners: number;
  /** The transaction that caused it: sent by ZooKeeper 3.9 and later, undefined from 3.5–3.8 servers. */
  readonly zxid: bigint | undefined;
  /**
   * From the send of the write that caused it to this notification's arrival, in ms, when that write was made by a
   * client of this process and its reply came first (known only with a `zxid`, so from 3.9 servers).
   */
  readonly latencyMs: number | undefined;
}

/** `nestjs-zookeeper:ensemble:change`: a newer ensemble config changed the client's server list. */
export interface EnsembleChangeMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The config's version. */
  readonly version: bigint;
  /** Its members. */
  readonly members: readonly EnsembleMember[];
  /** The servers the client uses now (`host:port`, sorted). */
  readonly servers: readonly string[];
  /** The servers it used before (sorted). */
  readonly previous: readonly string[];
  /** Whether the session moves to rebalance (see `updateServerList`). */
  readonly moved: boolean;
}

/** Which recipe a lock message is about. */
export type LockKind = 'lock' | 'read-lock' | 'write-lock';

/**
 * `nestjs-zookeeper:lock:acquire`: an `acquire()` that contended ended. One refused before contending (bad options, a
 * signal already aborted, the lock already held by this instance) publishes nothing.
 */
export interface LockAcquireMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** Which lock recipe: `lock`, `read-lock` or `write-lock`. */
  readonly kind: LockKind;
  /** The lock's path (its parent node), relative to the chroot. */
  readonly path: string;
  /** Our node's name, when acquired. */
  readonly node: string | undefined;
  /** `'acquired'`; `'timed-out'` (`timeoutMs` passed); `'failed'` (rejected: aborted, session lost, …). */
  readonly outcome: 'acquired' | 'timed-out' | 'failed';
  /** How long it waited, in ms. */
  readonly waitMs: number;
  /** The rejection, when `'failed'`. */
  readonly error: unknown;
}

/** `nestjs-zookeeper:lock:release`: a hold ended. */
export interface LockReleaseMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** Which lock recipe: `lock`, `read-lock` or `write-lock`. */
  readonly kind: LockKind;
  /** The lock's path, relative to the chroot. */
  readonly path: string;
  /** Our lock node's name. */
  readonly node: string;
  /** `'released'` by `release()`; `'lost'` (session lost, node deleted) before that. */
  readonly reason: 'released' | 'lost';
  /** How long it was held, in ms. */
  readonly holdMs: number;
}

/** `nestjs-zookeeper:leader:start`: this process leads an election. */
export interface LeaderStartMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The election's path, relative to the chroot. */
  readonly path: string;
}

/** `nestjs-zookeeper:leader:end`: a leadership term ended. */
export interface LeaderEndMessage {
  /** The client it is about. */
  readonly client: ZooKeeperClient;
  /** The election's path, relative to the chroot. */
  readonly path: string;
  /** How long the term lasted, in ms. */
  readonly termMs: number;
  /**
   * Why it ended: the term signal's reason (a LockLostError: suspended, session lost, node deleted, election closed),
   * or undefined when the function given to `run()` returned or threw.
   */
  readonly reason: unknown;
}

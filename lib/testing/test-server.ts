import type { ServerMode } from './four-letter-word';

/** A test server's TLS endpoint. */
export interface ZookeeperTestServerTls {
  /** Its `secureClientPort`. */
  readonly port: number;
  /** The PEM certificate of the test CA that signed the server's certificate: give it to clients as `tls.ca`. */
  readonly caPem: string;
  /** `host:port` of the secure port. */
  readonly connectString: string;
}

/** One ZooKeeper server of a test cluster, whatever runs it. */
export interface ZookeeperTestServer {
  /** The server's id in the ensemble (its `myid`), from 1. */
  readonly id: number;
  /** `host:port` of its client port. */
  readonly connectString: string;
  /** The host its client port is reachable at from the tests (`127.0.0.1` for the local backend). */
  readonly host: string;
  /**
   * The port clients connect to. With the container backend it is the mapped port, which changes when the server is
   * restarted (and cannot be read while the server is stopped).
   */
  readonly clientPort: number;
  /** Whether the harness believes the server process is running. */
  readonly running: boolean;
  /** Where the server writes its log, when the backend keeps one. */
  readonly logFile?: string;
  /** Its TLS endpoint, when the cluster was started to serve TLS (local backend, `local: { tls: true }`). */
  readonly tls?: ZookeeperTestServerTls;
  /** Starts a stopped server; resolves once it answers `ruok` and serves (has joined a quorum). */
  start(): Promise<void>;
  /** Stops the server gracefully (SIGTERM), and waits for the process to end. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would, and waits for the process to end. */
  kill(): Promise<void>;
  /** `stop()` then `start()`. */
  restart(): Promise<void>;
  /** The role it reports in `srvr`. */
  mode(): Promise<ServerMode>;
  /** Sends a four-letter word and returns the answer. */
  fourLetterWord(word: string): Promise<string>;
}

/** Which kind of servers a test cluster runs. */
export type ZookeeperTestBackend = 'local' | 'container' | 'external';

/** Credentials a client presents with `addAuth(scheme, credentials)` or the `auth` option. */
export interface ZookeeperTestAuth {
  /** The authentication scheme: `digest`. */
  readonly scheme: 'digest';
  /** `user:password`. */
  readonly credentials: string;
}

/** Options of {@link ZookeeperTestClusterHandle.addServer}. */
export interface AddServerOptions {
  /**
   * Whether the new server votes (`participant`, the default) or only follows the leader and serves clients
   * (`observer`, which does not count towards a quorum).
   */
  role?: 'participant' | 'observer';
}

/** Options of {@link ZookeeperTestClusterHandle.removeServer}. */
export interface RemoveServerOptions {
  /**
   * Runs once the server has left the configuration (and the new one is active) but before it is stopped, while it
   * still serves: e.g. to wait until clients that follow the ensemble have moved off it. The server is already out
   * of `servers` and `connectString` then. It is stopped whether the hook resolves or throws; what the hook throws,
   * `removeServer` rejects with.
   */
  beforeStop?: () => Promise<void> | void;
}

/** A running set of servers; `connectString` lists them all. */
export interface ZookeeperTestClusterHandle {
  /** The backend that runs the servers. */
  readonly backend: ZookeeperTestBackend;
  /**
   * The servers, in `id` order (`servers[0]` has id 1 until it is removed). Members added with `addServer` are
   * appended; members removed with `removeServer` are left out. Read it again after a change.
   */
  readonly servers: readonly ZookeeperTestServer[];
  /**
   * The comma-separated `host:port` list to give a client. The container backend lists only the servers running now,
   * with their current mapped ports, so read it again after restarts; the external backend returns `ZK_CONNECT` as is;
   * with the local backend it follows `addServer` and `removeServer`.
   */
  readonly connectString: string;
  /**
   * The superuser of a cluster started with `reconfig: true` (a random password each time): a client that presents
   * it may call `reconfig` and passes every ACL. Undefined for other clusters.
   *
   * @example
   * const admin = new ZooKeeperClient({ connectString: cluster.connectString, auth: [cluster.superAuth!] });
   */
  readonly superAuth?: ZookeeperTestAuth;
  /**
   * Grows a cluster started with `reconfig: true` by one server, and resolves with it once it is a member serving in
   * its role (`follower` or `observer` in `srvr`): the server gets free ports and a dynamic config listing the current
   * members (read from `/zookeeper/config`) and itself, is started and waited for, then joins through `reconfig` as
   * the superuser. Retries what ZooKeeper reports as passing (a change in progress, a lost connection) for up to 30 s.
   * The new server is killed again if it cannot join. Rejects with ZkTestingError for a cluster without
   * `reconfig: true` and for the container and external backends.
   */
  addServer(options?: AddServerOptions): Promise<ZookeeperTestServer>;
  /**
   * Shrinks a cluster started with `reconfig: true` by one member: `reconfig` with it leaving (retried as for
   * `addServer`), a write so the new configuration is active, then drops the server from `servers` and
   * `connectString`, runs `options.beforeStop` and stops the server. The remaining voters must have a quorum without
   * it; ZooKeeper refuses to remove the last participant. A removed server cannot be started again (its last config
   * no longer lists it). Rejects with ZkTestingError for a server that is not a member, a cluster without
   * `reconfig: true`, and the container and external backends.
   */
  removeServer(server: ZookeeperTestServer | number, options?: RemoveServerOptions): Promise<void>;
  /** Stops every server and removes what the cluster created (data directories, containers). Idempotent. */
  stop(): Promise<void>;
}

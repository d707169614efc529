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

/** A running set of servers; `connectString` lists them all. */
export interface ZookeeperTestClusterHandle {
  /** The backend that runs the servers. */
  readonly backend: ZookeeperTestBackend;
  /** The servers, in `id` order (`servers[0]` has id 1). */
  readonly servers: readonly ZookeeperTestServer[];
  /**
   * The comma-separated `host:port` list to give a client. The container backend lists only the servers running now,
   * with their current mapped ports, so read it again after restarts; the external backend returns `ZK_CONNECT` as is.
   */
  readonly connectString: string;
  /** Stops every server and removes what the cluster created (data directories, containers). Idempotent. */
  stop(): Promise<void>;
}

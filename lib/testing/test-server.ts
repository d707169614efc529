import type { ServerMode } from './four-letter-word';

/** One ZooKeeper server of a test cluster, whatever runs it. */
export interface ZookeeperTestServer {
  /** The server's id in the ensemble (its `myid`), from 1. */
  readonly id: number;
  /** `host:port` of its client port. */
  readonly connectString: string;
  readonly host: string;
  readonly clientPort: number;
  /** Whether the harness believes the server process is running. */
  readonly running: boolean;
  /** Where the server writes its log, when the backend keeps one. */
  readonly logFile?: string;
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
  readonly backend: ZookeeperTestBackend;
  readonly servers: readonly ZookeeperTestServer[];
  readonly connectString: string;
  /** Stops every server and removes what the cluster created (data directories, containers). Idempotent. */
  stop(): Promise<void>;
}

/**
 * What every adapter runs, in every language: the clients, the workloads with their sizes, the workload spec an
 * adapter receives as JSON on its command line, the result it prints, and the line protocol between runner and
 * adapter. Java (JavaBench.java) and Python (kazoo_bench.py) mirror these shapes by hand, so change them together.
 */

/** The clients compared; `ours` is the reference every ratio is taken against. */
export const CLIENTS = [
  'ours',
  'ours-channel',
  'ours-otel',
  'raw-socket',
  'node-zookeeper-client',
  'zookeeper',
  'zookeeper-java',
  'kazoo',
] as const;
export type ClientName = (typeof CLIENTS)[number];

export const WORKLOAD_NAMES = [
  'serial-get',
  'pipelined-get',
  'pipelined-create-delete',
  'watch-fanout',
  'get-children-large',
  'lock-loop',
  'connect',
  'reconnect-watches',
  'lock-contended',
  'many-sessions',
] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/**
 * Ours with a subscriber on its request TracingChannel, so that their ratio to ours is what the subscriber costs, and
 * the workloads they run in unless `--clients` names them: those of many cheap requests, where that cost shows most.
 */
export const OBSERVED_CLIENTS: Partial<Record<ClientName, readonly WorkloadName[]>> = {
  'ours-channel': ['serial-get', 'pipelined-get'],
  'ours-otel': ['serial-get', 'pipelined-get'],
};

/**
 * Sizes of a workload. Each workload uses the subset it lists in its defaults:
 * - `count`: measured operations (gets, creates, watches, listings, lock cycles, lock hand-offs or connections);
 * - `warmup`: operations of the same kind done first and not measured, so JITs and the server are warm (for the
 *   watch workloads: watches on other nodes, set and awaited);
 * - `inFlight`: requests outstanding at once where the workload pipelines;
 * - `dataBytes`: size of the data of every node the workload creates;
 * - `nodes`: nodes read round-robin (gets, watches of many-sessions) or children listed (get-children-large);
 * - `sessions`: sessions contending at once (lock-contended);
 * - `watches`: data watches each session sets (many-sessions);
 * - `idleSeconds`: how long the sessions sit idle while their CPU is measured (many-sessions);
 * - `sessionTimeoutMs`: the session timeout every session of the run asks for, instead of the runner's 30 s
 *   (many-sessions: clients ping at a fraction of it, so idle figures compare clients only at the same timeout).
 */
export type ParamName =
  'count' | 'warmup' | 'inFlight' | 'dataBytes' | 'nodes' | 'sessions' | 'watches' | 'idleSeconds' | 'sessionTimeoutMs';
export type WorkloadParams = Partial<Record<ParamName, number>>;

/** The measured figures the report derives from adapter results; see report.ts. */
export type MetricName =
  | 'opsPerSec'
  | 'p50Ms'
  | 'p99Ms'
  | 'connectP50Ms'
  | 'seconds'
  | 'connectAllSeconds'
  | 'cpuPerOpUs'
  | 'serverCpuPerOpUs'
  | 'totalCpuPerOpUs'
  | 'requestsPerOp'
  | 'rssAfterMiB'
  | 'idleCpuUsPerSec'
  | 'idleRequestsPerSec'
  | 'negotiatedTimeoutS'
  | 'heapPerWatchBytes';

export interface WorkloadDefinition {
  /** What is measured, for --help. */
  summary: string;
  defaults: WorkloadParams;
  /** Sizes of `--quick`: small enough that all clients and workloads finish in under a minute. */
  quick: WorkloadParams;
  metrics: MetricName[];
  /** The workload restarts the server between setup and measurement (line protocol below). */
  restartsServer: boolean;
}

export const WORKLOADS: Record<WorkloadName, WorkloadDefinition> = {
  'serial-get': {
    summary: 'getData of a 100-byte node, one at a time, each awaited',
    // 5,000 warm-up reads: after 500, V8 and HotSpot were still compiling and the p99 measured their compilers.
    defaults: { count: 5000, warmup: 5000, dataBytes: 100, nodes: 100 },
    quick: { count: 500, warmup: 50, dataBytes: 100, nodes: 10 },
    metrics: ['opsPerSec', 'p50Ms', 'p99Ms', 'cpuPerOpUs'],
    restartsServer: false,
  },
  'pipelined-get': {
    summary: 'getData of 100-byte nodes with 1,000 requests in flight',
    defaults: { count: 100000, warmup: 10000, inFlight: 1000, dataBytes: 100, nodes: 100 },
    quick: { count: 5000, warmup: 1000, inFlight: 1000, dataBytes: 100, nodes: 10 },
    metrics: ['opsPerSec', 'cpuPerOpUs'],
    restartsServer: false,
  },
  'pipelined-create-delete': {
    summary: 'create of 100-byte nodes, then delete of each, 500 requests in flight (ops = creates + deletes)',
    defaults: { count: 20000, warmup: 2000, inFlight: 500, dataBytes: 100 },
    quick: { count: 1000, warmup: 200, inFlight: 500, dataBytes: 100 },
    metrics: ['opsPerSec', 'cpuPerOpUs'],
    restartsServer: false,
  },
  'watch-fanout': {
    summary:
      'data watches on distinct nodes; a second connection of the same client sets every node: seconds from the ' +
      'first setData until every event arrived; RSS after registering and live heap per watch',
    defaults: { count: 5000, warmup: 500, inFlight: 500, dataBytes: 100 },
    quick: { count: 500, warmup: 100, inFlight: 500, dataBytes: 100 },
    metrics: ['seconds', 'rssAfterMiB', 'heapPerWatchBytes', 'cpuPerOpUs'],
    restartsServer: false,
  },
  'get-children-large': {
    summary: 'getChildren of a node with 10,000 children, one listing at a time',
    defaults: { count: 50, warmup: 5, nodes: 10000, inFlight: 500 },
    quick: { count: 10, warmup: 2, nodes: 1000, inFlight: 500 },
    metrics: ['seconds', 'p50Ms', 'cpuPerOpUs'],
    restartsServer: false,
  },
  'lock-loop': {
    summary: 'acquire + release of the Lock recipe, uncontended (kazoo Lock, Curator InterProcessMutex)',
    defaults: { count: 500, warmup: 50 },
    quick: { count: 50, warmup: 10 },
    metrics: ['opsPerSec', 'p50Ms', 'cpuPerOpUs'],
    restartsServer: false,
  },
  connect: {
    summary: 'new client, connect until the session is established, close until closed',
    defaults: { count: 20, warmup: 3 },
    quick: { count: 5, warmup: 1 },
    metrics: ['p50Ms', 'connectP50Ms', 'cpuPerOpUs'],
    restartsServer: false,
  },
  'reconnect-watches': {
    summary:
      'data watches on distinct nodes, then the server restarts; a new connection sets every node: seconds from ' +
      'the server serving again until every event arrived',
    defaults: { count: 10000, warmup: 500, inFlight: 500, dataBytes: 100 },
    quick: { count: 500, warmup: 100, inFlight: 500, dataBytes: 100 },
    metrics: ['seconds', 'cpuPerOpUs'],
    restartsServer: true,
  },
  'lock-contended': {
    summary:
      'sessions of one process contend for one lock, each looping acquire + release: hand-offs/s, wait per ' +
      'acquisition, and the server requests per hand-off (srvr "Received" before and after)',
    defaults: { count: 2000, warmup: 200, sessions: 20 },
    quick: { count: 200, warmup: 40, sessions: 20 },
    metrics: ['opsPerSec', 'p50Ms', 'cpuPerOpUs', 'requestsPerOp'],
    restartsServer: false,
  },
  'many-sessions': {
    summary:
      'sessions in one process, opened with inFlight connecting at once, each with data watches on nodes shared ' +
      'round-robin, then idle: seconds to connect all, RSS with the watches, CPU and server requests per second ' +
      'while idle, at one session timeout for every client',
    // A session pings after 10 s without traffic at a 30 s timeout: 12 s idle see one ping per session. Quick runs
    // idle too briefly to see any.
    defaults: { count: 1000, inFlight: 100, watches: 10, nodes: 100, idleSeconds: 12, sessionTimeoutMs: 30000 },
    quick: { count: 50, inFlight: 100, watches: 10, nodes: 100, idleSeconds: 2, sessionTimeoutMs: 30000 },
    metrics: ['negotiatedTimeoutS', 'connectAllSeconds', 'rssAfterMiB', 'idleCpuUsPerSec', 'idleRequestsPerSec'],
    restartsServer: false,
  },
};

/** What an adapter receives as its only command-line argument, as JSON. */
export interface WorkloadSpec {
  workload: WorkloadName;
  connectString: string;
  /** A fresh path for this run; the adapter creates it, works below it and deletes it afterwards. */
  root: string;
  /**
   * The session timeout every session asks for: the workload's `sessionTimeoutMs` parameter where it has one, else
   * the runner's 30 s, long enough for sessions to survive the restart of reconnect-watches.
   */
  sessionTimeoutMs: number;
  params: WorkloadParams;
  /**
   * The server JVM's pid when it runs on this machine, else null. The adapter reads its utime + stime from
   * /proc/<pid>/stat where it reads its own CPU; reconnect-watches measures the pid of the `RESTARTED` line instead.
   */
  serverPid: number | null;
  /** Clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat's CPU times. */
  clockTicksPerSecond: number;
}

/** What an adapter prints after {@link RESULT_PREFIX}, as JSON. */
export interface AdapterResult {
  /** Version of the client library (and of the recipe library, where another one provides the lock). */
  version: string;
  /** Why the client cannot run the workload; the other fields are then absent. */
  skipped?: string;
  /** Measured operations, in the workload's unit. */
  ops?: number;
  /** Wall time of the measured phase. */
  seconds?: number;
  /** User + system CPU time of the whole client process over the measured phase. */
  cpuMicros?: number;
  /** User + system CPU time of the server's JVM over the measured phase; null when the server is not measured. */
  serverCpuMicros?: number | null;
  /** Latency of each measured operation, for the workloads reporting percentiles. */
  latenciesMs?: number[];
  /** connect: the part of each latency until the session was established (the rest is closing it). */
  connectLatenciesMs?: number[];
  /** watch-fanout, many-sessions: resident set size after registering the watches, after a full garbage collection. */
  rssAfterBytes?: number;
  /**
   * watch-fanout: live heap before and after registering the watches, after a full garbage collection: V8 heap used
   * + external (Node), heap used (JVM), bytes traced by tracemalloc from just before registering (Python).
   */
  heapBeforeBytes?: number;
  heapAfterBytes?: number;
  /**
   * lock-contended: requests the server received over the measured phase, the sum of the `Received:` counters of
   * every server's `srvr` answer before and after it (the two srvr connections and every session's pings included).
   */
  serverRequests?: number;
  /** many-sessions: wall time and process CPU time of the idle period after every watch was set. */
  idleSeconds?: number;
  idleCpuMicros?: number;
  /** many-sessions: requests the servers received over the idle period (srvr's `Received:`, as serverRequests). */
  idleServerRequests?: number;
  /**
   * many-sessions: the session timeout the server granted, the same for every session (the adapter checks); absent
   * where the library does not tell it (kazoo).
   */
  negotiatedTimeoutMs?: number;
}

/**
 * Line protocol. Adapter to runner, on stdout: `READY` once the watches of a workload that restarts the server are
 * registered, then exactly one `RESULT {json}` line. Runner to adapter, on stdin: `RESTARTED <pid>` once the server
 * serves again, with the restarted server JVM's pid (`RESTARTED` alone when it is unknown). Every other stdout line
 * is ignored (libraries may print), stderr is kept for error messages.
 */
export const READY_LINE = 'READY';
export const RESTARTED_LINE = 'RESTARTED';
export const RESULT_PREFIX = 'RESULT ';

/** Reads a parameter an adapter needs; a missing one is a bug in the workload table. */
export function param(spec: WorkloadSpec, name: ParamName): number {
  const value = spec.params[name];
  if (value === undefined) throw new Error(`workload ${spec.workload} has no parameter '${name}'`);
  return value;
}

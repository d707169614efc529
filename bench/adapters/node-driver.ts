/**
 * The workloads for Node clients, written once against a thin session interface so that ours and
 * node-zookeeper-client run exactly the same code; each adapter only maps the interface onto its library.
 * The Java and Python adapters implement the same steps in their languages.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
// The four-letter-word helper alone (no client code), so the raw-socket floor still runs none of the client.
import { sendFourLetterWord } from '../../lib/testing/four-letter-word';
import {
  AdapterResult,
  param,
  READY_LINE,
  RESTARTED_LINE,
  RESULT_PREFIX,
  WorkloadName,
  WorkloadSpec,
} from '../workloads';

/** One connected session of a Node client, as the workloads use it. */
export interface NodeSession {
  // Results are `unknown` so that adapters can return their library's promise as is, without an extra hop.
  create(path: string, data: Buffer): Promise<unknown>;
  getData(path: string): Promise<unknown>;
  /** getData leaving a one-shot data watch that calls `onChange` when the node's data changes. */
  watchData(path: string, onChange: () => void): Promise<unknown>;
  setData(path: string, data: Buffer): Promise<unknown>;
  delete(path: string): Promise<unknown>;
  getChildren(path: string): Promise<string[]>;
  close(): Promise<void>;
  /** The session timeout the server granted, where the library tells it (many-sessions reports it). */
  negotiatedTimeoutMs?(): number;
}

export interface BenchLock {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

export interface NodeClient<S extends NodeSession> {
  version: string;
  connect(connectString: string, sessionTimeoutMs: number): Promise<S>;
  /** The client's Lock recipe on `path`, or why it has none. */
  lock: ((session: S, path: string) => BenchLock) | string;
}

/** Where the adapter is, printed when the runner stops it (SIGTERM) after its timeout. */
const progress = { phase: 'connecting', watchEvents: 0, watchesSet: 0, done: 0, total: 0, unit: '' };

function describeProgress(): string {
  const watches =
    progress.watchesSet > 0 ? `; ${progress.watchEvents} of ${progress.watchesSet} watch events arrived` : '';
  const steps = progress.total > 0 ? `; ${progress.done} of ${progress.total} ${progress.unit}` : '';
  return `${progress.phase}${watches}${steps}`;
}

/** Counts `total` steps of `unit` in the progress printed on SIGTERM. */
function track(total: number, unit: string): void {
  progress.done = 0;
  progress.total = total;
  progress.unit = unit;
}

interface Measurement {
  seconds: number;
  cpuMicros: number;
  serverCpuMicros: number | null;
}

/** The server whose CPU is measured: the spec's pid, replaced by the one of the `RESTARTED` line. */
const server = { pid: null as number | null, ticksPerSecond: 100 };

/** The server's utime + stime (fields 14 and 15 of /proc/<pid>/stat) in clock ticks; null if it cannot be read. */
function serverCpuTicks(): number | null {
  if (server.pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
    // Field 2, the command, is in parentheses and may hold spaces; the fields after it start with field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[14 - 3]) + Number(fields[15 - 3]);
  } catch {
    return null;
  }
}

/** Wall and CPU time (user + system, whole process) of `body`, and the server's CPU time over it. */
async function measure(body: () => Promise<void>): Promise<Measurement> {
  progress.phase = 'measuring';
  const serverBefore = serverCpuTicks();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverCpuTicks();
  const serverCpuMicros =
    serverBefore === null || serverAfter === null ? null : ((serverAfter - serverBefore) * 1e6) / server.ticksPerSecond;
  return { seconds, cpuMicros: cpu.user + cpu.system, serverCpuMicros };
}

/** Runs `op(0..count-1)` keeping at most `inFlight` of them outstanding. */
async function pipeline(count: number, inFlight: number, op: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
}

/** Runs `op` `count` times in sequence and returns the latency of each in milliseconds. */
async function timeEach(count: number, op: (index: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await op(i);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return latencies;
}

/**
 * Live heap (V8 heap used + memory outside it, Buffers included) and RSS after full garbage collections, with a turn
 * of the event loop between them so that memory released by finalizers is gone too.
 */
async function settledMemory(): Promise<{ heap: number; rss: number }> {
  if (!gc) throw new Error('run the adapter with node --expose-gc');
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}

const SETUP_IN_FLIGHT = 500;

/** Paths of the nodes a workload creates: `${root}/${prefix}${index}`. */
type NodePaths = (index: number) => string;

const nodePaths =
  (root: string, prefix: string): NodePaths =>
  (index) =>
    `${root}/${prefix}${index}`;

async function createNodes(session: NodeSession, path: NodePaths, count: number, data: Buffer): Promise<void> {
  await pipeline(count, SETUP_IN_FLIGHT, (i) => session.create(path(i), data));
}

async function removeFlat(session: NodeSession, path: string): Promise<void> {
  const children = await session.getChildren(path);
  await pipeline(children.length, SETUP_IN_FLIGHT, (i) => session.delete(`${path}/${children[i]}`));
  await session.delete(path);
}

/** Registers a data watch on each of `count` nodes; resolves `all` once every watch has fired. */
async function watchAll(
  session: NodeSession,
  path: NodePaths,
  count: number,
  inFlight: number,
): Promise<{ all: Promise<void> }> {
  let fired = 0;
  let allFired: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (allFired = resolve));
  progress.watchEvents = 0;
  progress.watchesSet = count;
  const onEvent = () => {
    progress.watchEvents = ++fired;
    if (fired === count) allFired();
  };
  await pipeline(count, inFlight, (i) => session.watchData(path(i), onEvent));
  return { all };
}

async function setAll(session: NodeSession, path: NodePaths, count: number, inFlight: number, data: Buffer) {
  await pipeline(count, inFlight, (i) => session.setData(path(i), data));
}

/** Unmeasured warm-up of the watch path: watches on `count` fresh nodes, all set by `writer`, all events awaited. */
async function warmWatches(session: NodeSession, writer: NodeSession, spec: WorkloadSpec, data: Buffer) {
  const count = param(spec, 'warmup');
  const inFlight = param(spec, 'inFlight');
  const path = nodePaths(spec.root, 'w');
  await createNodes(session, path, count, data);
  const { all } = await watchAll(session, path, count, inFlight);
  await setAll(writer, path, count, inFlight, data);
  await all;
}

/** Waits for `RESTARTED [pid]` from the runner; the server measured from then on is that pid. */
async function serverRestarted(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  const [word, pid] = line.trim().split(' ');
  if (word !== RESTARTED_LINE) throw new Error(`expected '${RESTARTED_LINE}' from the runner, got '${line}'`);
  server.pid = pid === undefined ? null : Number(pid);
}

/** Sessions not closed yet; a failed run closes them, so that the server does not keep them until they expire. */
const unclosed = new Set<NodeSession>();

async function closeUnclosed(): Promise<void> {
  await Promise.race([Promise.allSettled([...unclosed].map((session) => session.close())), sleep(2000)]);
}

/** Rejects with `what` once `ms` have passed without `promise` settling, so that a stuck session fails the run. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens `count` more sessions, at most `inFlight` of them connecting at once. */
async function openSessions<S extends NodeSession>(
  client: NodeClient<S>,
  spec: WorkloadSpec,
  count: number,
  inFlight: number,
): Promise<S[]> {
  const sessions: S[] = [];
  track(count, 'sessions connected');
  await pipeline(count, inFlight, async (i) => {
    const connecting = client.connect(spec.connectString, spec.sessionTimeoutMs);
    const session = await within(spec.sessionTimeoutMs, `session ${i + 1} of ${count} did not connect`, connecting);
    unclosed.add(session);
    sessions[i] = session;
    progress.done++;
  });
  return sessions;
}

async function closeSessions(sessions: readonly NodeSession[], inFlight: number): Promise<void> {
  await pipeline(sessions.length, inFlight, async (i) => {
    await sessions[i].close();
    unclosed.delete(sessions[i]);
  });
}

/** The `Received:` counter of a server's `srvr` answer: the requests it has read from all clients since it started. */
async function srvrReceived(hostPort: string): Promise<number> {
  const colon = hostPort.lastIndexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = colon < 0 ? 2181 : Number(hostPort.slice(colon + 1));
  const answer = await sendFourLetterWord(host, port, 'srvr', 5000);
  const received = /^Received: (\d+)/m.exec(answer);
  if (!received) throw new Error(`no 'Received:' in the srvr answer of ${hostPort}: ${answer.slice(0, 200)}`);
  return Number(received[1]);
}

/** Requests received so far by all the servers of a connect string. */
async function serverRequests(connectString: string): Promise<number> {
  const hosts = connectString.replace(/\/.*$/, '').split(',');
  const counts = await Promise.all(hosts.map(srvrReceived));
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Every lock loops acquire + release at once until `count` acquisitions were made (each loop takes a ticket before
 * acquiring, so exactly `count`); returns the wait of each acquisition in milliseconds.
 */
async function contend(locks: readonly BenchLock[], count: number): Promise<number[]> {
  const waitsMs: number[] = [];
  let tickets = count;
  track(count, 'hand-offs');
  const loop = async (lock: BenchLock, index: number) => {
    try {
      while (tickets > 0) {
        tickets--;
        const start = process.hrtime.bigint();
        await lock.acquire();
        waitsMs.push(Number(process.hrtime.bigint() - start) / 1e6);
        progress.done++;
        await lock.release();
      }
    } catch (error) {
      throw new Error(`session ${index + 1} of ${locks.length} failed: ${String(error)}`, { cause: error });
    }
  };
  await Promise.all(locks.map(loop));
  return waitsMs;
}

type Workload<S extends NodeSession> = (
  client: NodeClient<S>,
  session: S,
  spec: WorkloadSpec,
) => Promise<Omit<AdapterResult, 'version'>>;

function workloads<S extends NodeSession>(): Record<WorkloadName, Workload<S>> {
  return {
    'serial-get': async (_client, session, spec) => {
      const nodes = param(spec, 'nodes');
      const path = nodePaths(spec.root, 'n');
      await createNodes(session, path, nodes, Buffer.alloc(param(spec, 'dataBytes'), 7));
      const get = (i: number) => session.getData(path(i % nodes));
      await timeEach(param(spec, 'warmup'), get);
      let latenciesMs: number[] = [];
      const count = param(spec, 'count');
      const m = await measure(async () => {
        latenciesMs = await timeEach(count, get);
      });
      return { ops: count, ...m, latenciesMs };
    },

    'pipelined-get': async (_client, session, spec) => {
      const nodes = param(spec, 'nodes');
      const inFlight = param(spec, 'inFlight');
      const path = nodePaths(spec.root, 'n');
      await createNodes(session, path, nodes, Buffer.alloc(param(spec, 'dataBytes'), 7));
      const get = (i: number) => session.getData(path(i % nodes));
      await pipeline(param(spec, 'warmup'), inFlight, get);
      const count = param(spec, 'count');
      const m = await measure(() => pipeline(count, inFlight, get));
      return { ops: count, ...m };
    },

    'pipelined-create-delete': async (_client, session, spec) => {
      const inFlight = param(spec, 'inFlight');
      const data = Buffer.alloc(param(spec, 'dataBytes'), 7);
      const cycle = async (prefix: string, count: number) => {
        await pipeline(count, inFlight, (i) => session.create(`${spec.root}/${prefix}${i}`, data));
        await pipeline(count, inFlight, (i) => session.delete(`${spec.root}/${prefix}${i}`));
      };
      await cycle('w', param(spec, 'warmup'));
      const count = param(spec, 'count');
      const m = await measure(() => cycle('c', count));
      return { ops: 2 * count, ...m };
    },

    'watch-fanout': async (client, session, spec) => {
      const count = param(spec, 'count');
      const inFlight = param(spec, 'inFlight');
      const data = Buffer.alloc(param(spec, 'dataBytes'), 7);
      const path = nodePaths(spec.root, 'n');
      const writer = await client.connect(spec.connectString, spec.sessionTimeoutMs);
      await warmWatches(session, writer, spec, data);
      await createNodes(session, path, count, data);
      const before = await settledMemory();
      const { all } = await watchAll(session, path, count, inFlight);
      const after = await settledMemory();
      const m = await measure(async () => {
        await setAll(writer, path, count, inFlight, data);
        await all;
      });
      await writer.close();
      return { ops: count, ...m, rssAfterBytes: after.rss, heapBeforeBytes: before.heap, heapAfterBytes: after.heap };
    },

    'get-children-large': async (_client, session, spec) => {
      const nodes = param(spec, 'nodes');
      await createNodes(session, nodePaths(spec.root, 'n'), nodes, Buffer.alloc(0));
      const list = async () => {
        const children = await session.getChildren(spec.root);
        if (children.length !== nodes) throw new Error(`listed ${children.length} children, expected ${nodes}`);
      };
      await timeEach(param(spec, 'warmup'), list);
      let latenciesMs: number[] = [];
      const count = param(spec, 'count');
      const m = await measure(async () => {
        latenciesMs = await timeEach(count, list);
      });
      return { ops: count, ...m, latenciesMs };
    },

    'lock-loop': async (client, session, spec) => {
      if (typeof client.lock === 'string') return { skipped: client.lock };
      const lock = client.lock(session, `${spec.root}/lock`);
      const cycle = async () => {
        await lock.acquire();
        await lock.release();
      };
      await timeEach(param(spec, 'warmup'), cycle);
      let latenciesMs: number[] = [];
      const count = param(spec, 'count');
      const m = await measure(async () => {
        latenciesMs = await timeEach(count, cycle);
      });
      await removeFlat(session, `${spec.root}/lock`);
      return { ops: count, ...m, latenciesMs };
    },

    connect: async (client, _session, spec) => {
      const connectLatenciesMs: number[] = [];
      const cycle = async () => {
        const start = process.hrtime.bigint();
        const other = await client.connect(spec.connectString, spec.sessionTimeoutMs);
        connectLatenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
        await other.close();
      };
      await timeEach(param(spec, 'warmup'), cycle);
      connectLatenciesMs.length = 0;
      let latenciesMs: number[] = [];
      const count = param(spec, 'count');
      const m = await measure(async () => {
        latenciesMs = await timeEach(count, cycle);
      });
      return { ops: count, ...m, latenciesMs, connectLatenciesMs };
    },

    'reconnect-watches': async (client, session, spec) => {
      const count = param(spec, 'count');
      const inFlight = param(spec, 'inFlight');
      const data = Buffer.alloc(param(spec, 'dataBytes'), 7);
      const path = nodePaths(spec.root, 'n');
      const warmWriter = await client.connect(spec.connectString, spec.sessionTimeoutMs);
      await warmWatches(session, warmWriter, spec, data);
      await warmWriter.close();
      await createNodes(session, path, count, data);
      const { all } = await watchAll(session, path, count, inFlight);
      process.stdout.write(`${READY_LINE}\n`);
      progress.phase = 'waiting for the server to restart';
      await serverRestarted();
      const m = await measure(async () => {
        const writer = await client.connect(spec.connectString, spec.sessionTimeoutMs);
        await setAll(writer, path, count, inFlight, data);
        await all;
        await writer.close();
      });
      return { ops: count, ...m };
    },

    'lock-contended': async (client, session, spec) => {
      const { lock } = client;
      if (typeof lock === 'string') return { skipped: lock };
      const lockPath = `${spec.root}/lock`;
      const sessionCount = param(spec, 'sessions');
      const sessions = await openSessions(client, spec, sessionCount, sessionCount);
      const locks = sessions.map((each) => lock(each, lockPath));
      progress.phase = 'warming up';
      await contend(locks, param(spec, 'warmup'));
      const requestsBefore = await serverRequests(spec.connectString);
      let latenciesMs: number[] = [];
      const count = param(spec, 'count');
      const m = await measure(async () => {
        latenciesMs = await contend(locks, count);
      });
      const requests = (await serverRequests(spec.connectString)) - requestsBefore;
      progress.phase = 'closing the sessions';
      await closeSessions(sessions, sessionCount);
      await removeFlat(session, lockPath);
      return { ops: count, ...m, latenciesMs, serverRequests: requests };
    },

    'many-sessions': async (client, session, spec) => {
      const count = param(spec, 'count');
      const inFlight = param(spec, 'inFlight');
      const watches = param(spec, 'watches');
      const nodes = param(spec, 'nodes');
      const path = nodePaths(spec.root, 'n');
      await createNodes(session, path, nodes, Buffer.alloc(0));
      let sessions: S[] = [];
      const m = await measure(async () => {
        sessions = await openSessions(client, spec, count, inFlight);
      });
      const timeouts = new Set(sessions.map((each) => each.negotiatedTimeoutMs?.()));
      if (timeouts.size > 1) {
        throw new Error(`the server granted different session timeouts: ${[...timeouts].join(', ')} ms`);
      }
      const [negotiatedTimeoutMs] = timeouts;
      progress.phase = 'setting watches';
      const unchanged = () => undefined;
      await pipeline(count, inFlight, (i) =>
        Promise.all(
          Array.from({ length: watches }, (_, j) => sessions[i].watchData(path((i * watches + j) % nodes), unchanged)),
        ),
      );
      const { rss } = await settledMemory();
      const requestsBefore = await serverRequests(spec.connectString);
      const idle = await measure(() => sleep(param(spec, 'idleSeconds') * 1000));
      const idleServerRequests = (await serverRequests(spec.connectString)) - requestsBefore;
      progress.phase = 'closing the sessions';
      await closeSessions(sessions, inFlight);
      return {
        ops: count,
        ...m,
        negotiatedTimeoutMs,
        rssAfterBytes: rss,
        idleSeconds: idle.seconds,
        idleCpuMicros: idle.cpuMicros,
        idleServerRequests,
      };
    },
  };
}

/** The adapter's main: reads the spec from argv, runs the workload under `spec.root`, prints the result line. */
export async function runAdapter<S extends NodeSession>(client: NodeClient<S>): Promise<void> {
  process.once('SIGTERM', () => {
    process.stderr.write(`stopped while ${describeProgress()}\n`);
    void closeUnclosed().finally(() => process.exit(1));
  });
  try {
    const spec = JSON.parse(process.argv[2] ?? '') as WorkloadSpec;
    server.pid = spec.serverPid;
    server.ticksPerSecond = spec.clockTicksPerSecond;
    const session = await client.connect(spec.connectString, spec.sessionTimeoutMs);
    unclosed.add(session);
    progress.phase = 'setting up';
    await session.create(spec.root, Buffer.alloc(0));
    const result = await workloads<S>()[spec.workload](client, session, spec);
    progress.phase = 'tearing down';
    await removeFlat(session, spec.root);
    await session.close();
    const line = `${RESULT_PREFIX}${JSON.stringify({ version: client.version, ...result })}\n`;
    process.stdout.write(line, () => process.exit(0));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await closeUnclosed();
    process.exit(1);
  }
}

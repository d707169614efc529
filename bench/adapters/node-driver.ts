/**
 * The workloads for Node clients, written once against a thin session interface so that ours and
 * node-zookeeper-client run exactly the same code; each adapter only maps the interface onto its library.
 * The Java and Python adapters implement the same steps in their languages.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
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
const progress = { phase: 'connecting', watchEvents: 0, watchesSet: 0 };

function describeProgress(): string {
  const watches =
    progress.watchesSet > 0 ? `; ${progress.watchEvents} of ${progress.watchesSet} watch events arrived` : '';
  return `${progress.phase}${watches}`;
}

interface Measurement {
  seconds: number;
  cpuMicros: number;
}

/** Wall and CPU time (user + system, whole process) of `body`. */
async function measure(body: () => Promise<void>): Promise<Measurement> {
  progress.phase = 'measuring';
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuMicros: cpu.user + cpu.system };
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

async function nextLine(expected: string): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  if (line.trim() !== expected) throw new Error(`expected '${expected}' from the runner, got '${line}'`);
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
      await nextLine(RESTARTED_LINE);
      const m = await measure(async () => {
        const writer = await client.connect(spec.connectString, spec.sessionTimeoutMs);
        await setAll(writer, path, count, inFlight, data);
        await all;
        await writer.close();
      });
      return { ops: count, ...m };
    },
  };
}

/** The adapter's main: reads the spec from argv, runs the workload under `spec.root`, prints the result line. */
export async function runAdapter<S extends NodeSession>(client: NodeClient<S>): Promise<void> {
  process.once('SIGTERM', () => {
    process.stderr.write(`stopped while ${describeProgress()}\n`);
    process.exit(1);
  });
  try {
    const spec = JSON.parse(process.argv[2] ?? '') as WorkloadSpec;
    const session = await client.connect(spec.connectString, spec.sessionTimeoutMs);
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
    process.exit(1);
  }
}

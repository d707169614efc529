/**
 * `npm run bench`: starts a ZooKeeper server (or uses ZK_CONNECT), runs every selected workload for every selected
 * client as separate adapter processes, alternating clients round after round, prints a Markdown table of medians
 * with each peer's ratio to ours and writes bench/results/latest.json. `--help` lists the options.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AdapterCommand, CLIENT_DEFINITIONS } from './clients';
import { clockTicksPerSecond, describeSetup, startServer, type BenchServer } from './default-server';
import {
  deriveMetrics,
  describeParams,
  markdownReport,
  METRICS,
  reportedMetrics,
  RunOutcome,
  RunRecord,
  summarize,
  writeJson,
} from './report';
import {
  AdapterResult,
  CLIENTS,
  ClientName,
  OBSERVED_CLIENTS,
  ParamName,
  READY_LINE,
  RESTARTED_LINE,
  RESULT_PREFIX,
  WORKLOAD_NAMES,
  WorkloadName,
  WorkloadParams,
  WORKLOADS,
  WorkloadSpec,
} from './workloads';

const USAGE = `Usage: npm run bench -- [options]

  --clients a,b,...     clients to compare (default: all): ${CLIENTS.join(', ')};
                        without it, ${Object.keys(OBSERVED_CLIENTS).join(' and ')} (ours with a request subscriber) run
                        only in ${[...new Set(Object.values(OBSERVED_CLIENTS).flat())].join(' and ')}
  --workloads a,b,...   workloads to run (default: all): ${WORKLOAD_NAMES.join(', ')}
  --rounds N            rounds; each runs every client once per workload, alternating (default 5, --quick 1)
  --quick               smoke run: small sizes, one round, under a minute; not for comparisons
  --scale F             multiply the sizes (count, warmup, nodes) of every workload by F
  --set W.P=V           set parameter P (count, warmup, inFlight, dataBytes, nodes, sessions, watches,
                        idleSeconds, sessionTimeoutMs) of workload W; repeatable
  --timeout S           seconds before one adapter run is killed and reported failed (default 180)
  --out FILE            where to write the JSON results (default bench/results/latest.json)
  --cpu-prof            run the Node adapters with node --cpu-prof, one profile per run in bench/.build/profiles
                        (open them in Chrome DevTools); profiling slows the Node clients down
  --server-pid N        with ZK_CONNECT: its first server is process N on this machine, so measure its CPU
  --help                this text

Without ZK_CONNECT the benchmark starts ZooKeeper as Debian's users do: zkServer.sh start-foreground with
Debian's zoo.cfg (plus a free port, a temporary dataDir, no AdminServer, no per-address connection limit), its
output in bench/.build/zookeeper-server.log.
ZK_CONNECT=host:port[,...] uses servers already running instead of starting one (reconnect-watches, which
restarts the server, is then skipped); their CPU is not measured unless --server-pid names the first one's process.

Workloads (see bench/README.md), with their sizes:
${WORKLOAD_NAMES.map(
  (name) =>
    `  ${name.padEnd(24)}${WORKLOADS[name].summary}\n${' '.repeat(26)}` +
    `[${describeParams(WORKLOADS[name].defaults)}; --quick: ${describeParams(WORKLOADS[name].quick)}]`,
).join('\n')}`;

const SESSION_TIMEOUT_MS = 30000;
const PROFILES = join(__dirname, '.build', 'profiles');
const SCALED: ParamName[] = ['count', 'warmup', 'nodes'];

interface Options {
  clients: ClientName[];
  /** --clients was given: every client it names runs in every selected workload. */
  clientsNamed: boolean;
  workloads: WorkloadName[];
  rounds: number;
  quick: boolean;
  params: Record<WorkloadName, WorkloadParams>;
  timeoutMs: number;
  out: string;
  cpuProf: boolean;
  /** The pid of ZK_CONNECT's server, when it runs on this machine. */
  serverPid: number | undefined;
}

function pickList<T extends string>(value: string | undefined, all: readonly T[], what: string): T[] {
  if (value === undefined) return [...all];
  const picked = value.split(',').map((item) => item.trim());
  const unknown = picked.filter((item) => !(all as readonly string[]).includes(item));
  if (unknown.length > 0) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return all.filter((item) => picked.includes(item));
}

function positive(value: string, what: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${what} must be a positive number, got '${value}'`);
  return number;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      workloads: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      scale: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'server-pid': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick;
  const scale = values.scale === undefined ? 1 : positive(values.scale, '--scale');
  const params = {} as Record<WorkloadName, WorkloadParams>;
  for (const name of WORKLOAD_NAMES) {
    const base = quick ? WORKLOADS[name].quick : WORKLOADS[name].defaults;
    params[name] = Object.fromEntries(
      Object.entries(base).map(([key, value]) => [
        key,
        SCALED.includes(key as ParamName) ? Math.max(1, Math.round(value * scale)) : value,
      ]),
    );
  }
  for (const assignment of values.set) {
    const match = /^([\w-]+)\.(\w+)=(\d+)$/.exec(assignment);
    if (!match) throw new Error(`--set expects workload.param=integer, got '${assignment}'`);
    const [, workload, key, value] = match;
    if (!(WORKLOAD_NAMES as readonly string[]).includes(workload)) throw new Error(`unknown workload '${workload}'`);
    const target = params[workload as WorkloadName];
    if (!(key in target)) {
      throw new Error(`${workload} has no parameter '${key}' (it has: ${Object.keys(target).join(', ')})`);
    }
    target[key as ParamName] = Number(value);
  }
  return {
    clients: pickList(values.clients, CLIENTS, 'client'),
    clientsNamed: values.clients !== undefined,
    workloads: pickList(values.workloads, WORKLOAD_NAMES, 'workload'),
    rounds: values.rounds === undefined ? (quick ? 1 : 5) : Math.round(positive(values.rounds, '--rounds')),
    quick,
    params,
    timeoutMs: (values.timeout === undefined ? 180 : positive(values.timeout, '--timeout')) * 1000,
    out: values.out ?? join(__dirname, 'results', 'latest.json'),
    cpuProf: values['cpu-prof'],
    serverPid: values['server-pid'] === undefined ? undefined : positive(values['server-pid'], '--server-pid'),
  };
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Whether `client` runs in `workload`: an observed variant of ours runs outside its workloads only when named. */
function runsIn(client: ClientName, workload: WorkloadName, options: Options): boolean {
  return options.clientsNamed || (OBSERVED_CLIENTS[client]?.includes(workload) ?? true);
}

let running: ChildProcess | undefined;

/**
 * Runs one adapter process; `onReady` is awaited when it reports READY, then RESTARTED is sent to it with the pid
 * `onReady` resolved with (the restarted server's).
 */
function runAdapter(
  adapter: AdapterCommand,
  spec: WorkloadSpec,
  timeoutMs: number,
  onReady: () => Promise<number | null>,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const child = spawn(adapter.command, [...adapter.args, JSON.stringify(spec)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running = child;
    // An adapter that died while the server restarted has closed its stdin; its exit is what gets reported.
    child.stdin.on('error', () => undefined);
    // The next run must not start while the server is still restarting for this one.
    let restarting: Promise<unknown> = Promise.resolve();
    let result: AdapterResult | undefined;
    let failure: string | undefined;
    const stderr: string[] = [];
    let restart = '';
    // SIGTERM first: the Node adapters then print where they were; SIGKILL if that does not end them.
    const timer = setTimeout(() => {
      failure = `timed out after ${timeoutMs / 1000} s${restart}`;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }, timeoutMs);
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > 40) stderr.shift();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === READY_LINE) {
        restart = ' (while the server restarted)';
        restarting = onReady().then(
          (pid) => {
            restart = ' (after the server restarted)';
            child.stdin.write(`${RESTARTED_LINE}${pid === null ? '' : ` ${pid}`}\n`);
          },
          (error: unknown) => {
            failure = `restarting the server failed: ${String(error)}`;
            child.kill('SIGKILL');
          },
        );
      } else if (line.startsWith(RESULT_PREFIX)) {
        try {
          result = JSON.parse(line.slice(RESULT_PREFIX.length)) as AdapterResult;
        } catch {
          failure = `printed an unreadable result: ${line.slice(0, 200)}`;
        }
      }
    });
    child.on('error', (error) => {
      failure = `cannot start ${adapter.command}: ${error.message}`;
    });
    const outcome = (code: number | null, signal: NodeJS.Signals | null): RunOutcome => {
      if (failure === undefined && code === 0 && result !== undefined) {
        return result.skipped !== undefined
          ? { status: 'skipped', reason: result.skipped }
          : { status: 'ok', version: result.version, metrics: deriveMetrics(spec.workload, result) };
      }
      const why = failure ?? `exited with ${signal ?? `code ${code}`}${result ? '' : ' without a result'}`;
      const detail = stderr
        .filter((line) => line.trim() !== '')
        .slice(-6)
        .join(' | ');
      return { status: 'failed', error: detail ? `${why}: ${detail}` : why };
    };
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      void restarting.then(() => resolve(outcome(code, signal)));
    });
  });
}

/**
 * One unmeasured run of `workload` before its rounds, so the server's JIT has compiled the paths the workload takes
 * before any measured run meets them (a fresh path added tens of µs per op to the first run). A workload that restarts
 * the server measures a fresh JVM whatever happens before, so it gets none.
 */
async function warmServer(
  workload: WorkloadName,
  first: [ClientName, AdapterCommand] | undefined,
  zookeeper: BenchServer,
  options: Options,
  clockTicks: number,
): Promise<void> {
  if (first === undefined || WORKLOADS[workload].restartsServer) return;
  const [client, adapter] = first;
  const spec: WorkloadSpec = {
    workload,
    connectString: zookeeper.connectString,
    root: `/bench-${workload}-warm-up-${randomBytes(4).toString('hex')}`,
    sessionTimeoutMs: options.params[workload].sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
    params: options.params[workload],
    serverPid: zookeeper.pid,
    clockTicksPerSecond: clockTicks,
  };
  const outcome = await runAdapter(adapter, spec, options.timeoutMs, () => zookeeper.restart());
  progress(`${workload} server warm-up (${client}, not measured): ${outcome.status}`);
}

function describeOutcome(workload: WorkloadName, outcome: RunOutcome): string {
  if (outcome.status !== 'ok') {
    return `${outcome.status}: ${(outcome.status === 'skipped' ? outcome.reason : outcome.error).slice(0, 200)}`;
  }
  return reportedMetrics(workload)
    .flatMap((name) => {
      const value = outcome.metrics[name];
      return value === undefined ? [] : [`${METRICS[name].format(value)} ${METRICS[name].label}`];
    })
    .join(', ');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  progress(`starting ZooKeeper${process.env.ZK_CONNECT ? ` (ZK_CONNECT=${process.env.ZK_CONNECT})` : ''}`);
  const clockTicks = clockTicksPerSecond();
  const zookeeper = await startServer(options.serverPid);
  const stopEverything = () => {
    running?.kill('SIGKILL');
    void zookeeper.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopEverything);
  process.once('SIGTERM', stopEverything);
  try {
    const server = describeSetup(zookeeper.setup);
    progress(server);
    if (zookeeper.setup.log) progress(`server output: ${relative(process.cwd(), zookeeper.setup.log)}`);
    progress(`server CPU: ${zookeeper.setup.serverCpu}`);

    const runs: RunRecord[] = [];
    const adapters = new Map<ClientName, AdapterCommand>();
    for (const client of options.clients) {
      const preparation = CLIENT_DEFINITIONS[client].prepare((line) => progress(`${client}: ${line}`));
      if ('ready' in preparation) {
        adapters.set(client, preparation.ready);
      } else {
        progress(`${client}: skipped — ${preparation.skipped}`);
        for (const workload of options.workloads.filter((each) => runsIn(client, each, options))) {
          runs.push({
            workload,
            client,
            round: 0,
            processSeconds: 0,
            outcome: { status: 'skipped', reason: preparation.skipped },
          });
        }
      }
    }

    const cannotRestart = zookeeper.cannotRestart;
    const clientsOf = (workload: WorkloadName) => [...adapters].filter(([client]) => runsIn(client, workload, options));
    const total = options.workloads.reduce((sum, workload) => sum + clientsOf(workload).length, 0) * options.rounds;
    let done = 0;
    for (const workload of options.workloads) {
      const clientOrder = clientsOf(workload);
      await warmServer(workload, clientOrder[0], zookeeper, options, clockTicks);
      for (let round = 1; round <= options.rounds; round++) {
        // Each round starts with the next client, so no client is always the first to meet the server after another
        // workload (its JIT compiles the paths a new workload takes while that first run is measured).
        const shift = (round - 1) % clientOrder.length;
        for (const [client, adapter] of [...clientOrder.slice(shift), ...clientOrder.slice(0, shift)]) {
          done++;
          const label = `[${String(done).padStart(String(total).length)}/${total}] ${workload} round ${round}/${options.rounds} ${client}`;
          if (WORKLOADS[workload].restartsServer && cannotRestart) {
            runs.push({
              workload,
              client,
              round,
              processSeconds: 0,
              outcome: { status: 'skipped', reason: cannotRestart },
            });
            progress(`${label}: skipped — ${cannotRestart}`);
            continue;
          }
          progress(`${label} …`);
          const spec: WorkloadSpec = {
            workload,
            connectString: zookeeper.connectString,
            root: `/bench-${workload}-${client}-r${round}-${randomBytes(4).toString('hex')}`,
            sessionTimeoutMs: options.params[workload].sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
            params: options.params[workload],
            serverPid: zookeeper.pid,
            clockTicksPerSecond: clockTicks,
          };
          const start = Date.now();
          const command =
            options.cpuProf && adapter.node
              ? {
                  ...adapter,
                  args: [
                    '--cpu-prof',
                    `--cpu-prof-dir=${PROFILES}`,
                    `--cpu-prof-name=${workload}-${client}-r${round}.cpuprofile`,
                    ...adapter.args,
                  ],
                }
              : adapter;
          const outcome = await runAdapter(command, spec, options.timeoutMs, () => zookeeper.restart());
          const processSeconds = (Date.now() - start) / 1000;
          runs.push({ workload, client, round, processSeconds, outcome });
          progress(`${label}: ${describeOutcome(workload, outcome)} (${processSeconds.toFixed(1)} s)`);
        }
      }
    }

    const summary = summarize(runs, options.workloads, options.clients);
    const cpuList = cpus();
    const machine =
      `${cpuList.length} CPU(s) ${cpuList[0]?.model.trim() ?? ''}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
      `${process.platform} ${process.arch}, Node ${process.version}; ` +
      `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
    const report = markdownReport(summary, {
      server,
      machine,
      rounds: options.rounds,
      quick: options.quick,
      cpuProf: options.cpuProf,
      workloads: options.workloads,
      clients: options.clients,
      params: options.params,
    });
    process.stdout.write(`\n${report}`);
    writeJson(options.out, {
      generatedAt: new Date().toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      server,
      serverSetup: zookeeper.setup,
      machine,
      options: { ...options, out: undefined },
      clients: Object.fromEntries(options.clients.map((client) => [client, CLIENT_DEFINITIONS[client].description])),
      summary,
      runs,
    });
    progress(
      `results written to ${relative(process.cwd(), options.out)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    if (options.cpuProf) progress(`CPU profiles of the Node adapters in ${relative(process.cwd(), PROFILES)}`);
  } finally {
    await zookeeper.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

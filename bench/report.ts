/**
 * From adapter results to figures: the metrics derived from each run, their medians over rounds, the Markdown table
 * with each peer's ratio to ours, and the JSON written to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { median, percentile } from './stats';
import {
  AdapterResult,
  ClientName,
  MetricName,
  OBSERVED_CLIENTS,
  WorkloadName,
  WorkloadParams,
  WORKLOADS,
} from './workloads';

type Metrics = Partial<Record<MetricName, number>>;

interface MetricDefinition {
  label: string;
  /** `neither` for a setting shown for context, such as the session timeout: no arrow and no ratio. */
  better: 'higher' | 'lower' | 'neither';
  /** The metric of one run, or undefined when the adapter did not report what it needs. */
  derive(result: AdapterResult): number | undefined;
  format(value: number): string;
}

const perOp = (result: AdapterResult, value: number | undefined) =>
  value === undefined || !result.ops ? undefined : value / result.ops;

const latency =
  (p: number, which: 'latenciesMs' | 'connectLatenciesMs' = 'latenciesMs') =>
  (result: AdapterResult) => {
    const latencies = result[which];
    return latencies && latencies.length > 0 ? percentile(latencies, p) : undefined;
  };

const significant = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);

export const METRICS: Record<MetricName, MetricDefinition> = {
  opsPerSec: {
    label: 'ops/s',
    better: 'higher',
    derive: (r) => (r.ops && r.seconds ? r.ops / r.seconds : undefined),
    format: (v) => Math.round(v).toLocaleString('en-US'),
  },
  p50Ms: { label: 'p50 ms', better: 'lower', derive: latency(50), format: significant },
  p99Ms: { label: 'p99 ms', better: 'lower', derive: latency(99), format: significant },
  connectP50Ms: {
    label: 'p50 ms, connect alone',
    better: 'lower',
    derive: latency(50, 'connectLatenciesMs'),
    format: significant,
  },
  seconds: { label: 'seconds', better: 'lower', derive: (r) => r.seconds, format: significant },
  connectAllSeconds: {
    label: 'seconds to connect all',
    better: 'lower',
    derive: (r) => r.seconds,
    format: significant,
  },
  cpuPerOpUs: {
    label: 'client CPU µs/op',
    better: 'lower',
    derive: (r) => perOp(r, r.cpuMicros),
    format: significant,
  },
  serverCpuPerOpUs: {
    label: 'server CPU µs/op',
    better: 'lower',
    derive: (r) => perOp(r, r.serverCpuMicros ?? undefined),
    format: significant,
  },
  totalCpuPerOpUs: {
    label: 'total CPU µs/op',
    better: 'lower',
    derive: (r) =>
      r.cpuMicros === undefined || r.serverCpuMicros == null ? undefined : perOp(r, r.cpuMicros + r.serverCpuMicros),
    format: significant,
  },
  requestsPerOp: {
    label: 'server requests/op',
    better: 'lower',
    derive: (r) => perOp(r, r.serverRequests),
    format: significant,
  },
  idleCpuUsPerSec: {
    label: 'client CPU µs/s idle',
    better: 'lower',
    derive: (r) => (r.idleCpuMicros === undefined || !r.idleSeconds ? undefined : r.idleCpuMicros / r.idleSeconds),
    format: significant,
  },
  idleRequestsPerSec: {
    label: 'server requests/s idle',
    better: 'lower',
    derive: (r) =>
      r.idleServerRequests === undefined || !r.idleSeconds ? undefined : r.idleServerRequests / r.idleSeconds,
    format: significant,
  },
  negotiatedTimeoutS: {
    label: 'session timeout s, negotiated',
    better: 'neither',
    derive: (r) => (r.negotiatedTimeoutMs === undefined ? undefined : r.negotiatedTimeoutMs / 1000),
    format: significant,
  },
  rssAfterMiB: {
    label: 'RSS MiB with watches',
    better: 'lower',
    derive: (r) => (r.rssAfterBytes === undefined ? undefined : r.rssAfterBytes / 2 ** 20),
    format: significant,
  },
  heapPerWatchBytes: {
    label: 'heap bytes/watch',
    better: 'lower',
    derive: (r) =>
      r.heapAfterBytes === undefined || r.heapBeforeBytes === undefined
        ? undefined
        : perOp(r, r.heapAfterBytes - r.heapBeforeBytes),
    format: (v) => Math.round(v).toLocaleString('en-US'),
  },
};

/** The metrics reported for a workload: its own, with the server's and the total CPU beside the client's. */
export function reportedMetrics(workload: WorkloadName): MetricName[] {
  return WORKLOADS[workload].metrics.flatMap((name): MetricName[] =>
    name === 'cpuPerOpUs' ? [name, 'serverCpuPerOpUs', 'totalCpuPerOpUs'] : [name],
  );
}

/** The metrics of one successful run. */
export function deriveMetrics(workload: WorkloadName, result: AdapterResult): Metrics {
  const metrics: Metrics = {};
  for (const name of reportedMetrics(workload)) {
    const value = METRICS[name].derive(result);
    if (value !== undefined && Number.isFinite(value)) metrics[name] = value;
  }
  return metrics;
}

export type RunOutcome =
  | { status: 'ok'; version: string; metrics: Metrics }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string };

export interface RunRecord {
  workload: WorkloadName;
  client: ClientName;
  round: number;
  /** Wall time of the whole adapter process, setup and teardown included. */
  processSeconds: number;
  outcome: RunOutcome;
}

export type SummaryCell =
  | { status: 'ok'; version: string; rounds: number; failedRounds: number; metrics: Metrics }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string };

/** Medians over the successful rounds of each workload and client. */
export function summarize(
  runs: readonly RunRecord[],
  workloads: readonly WorkloadName[],
  clients: readonly ClientName[],
): Record<WorkloadName, Partial<Record<ClientName, SummaryCell>>> {
  const summary = {} as Record<WorkloadName, Partial<Record<ClientName, SummaryCell>>>;
  for (const workload of workloads) {
    summary[workload] = {};
    for (const client of clients) {
      const mine = runs.filter((run) => run.workload === workload && run.client === client);
      const ok = mine.flatMap((run) => (run.outcome.status === 'ok' ? [run.outcome] : []));
      const failures = mine.flatMap((run) => (run.outcome.status === 'failed' ? [run.outcome.error] : []));
      const skipped = mine.flatMap((run) => (run.outcome.status === 'skipped' ? [run.outcome.reason] : []));
      if (ok.length > 0) {
        const metrics: Metrics = {};
        for (const name of reportedMetrics(workload)) {
          const values = ok.flatMap((run) => (run.metrics[name] === undefined ? [] : [run.metrics[name]]));
          if (values.length > 0) metrics[name] = median(values);
        }
        summary[workload][client] = {
          status: 'ok',
          version: ok[0].version,
          rounds: ok.length,
          failedRounds: failures.length,
          metrics,
        };
      } else if (failures.length > 0) {
        summary[workload][client] = { status: 'failed', error: failures[0] };
      } else if (skipped.length > 0) {
        summary[workload][client] = { status: 'skipped', reason: skipped[0] };
      }
    }
  }
  return summary;
}

export interface ReportContext {
  server: string;
  machine: string;
  rounds: number;
  quick: boolean;
  cpuProf: boolean;
  workloads: readonly WorkloadName[];
  clients: readonly ClientName[];
  params: Record<WorkloadName, WorkloadParams>;
}

/** `count 5,000, warmup 500, …` */
export function describeParams(params: WorkloadParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} ${value.toLocaleString('en-US')}`)
    .join(', ');
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

/** The Markdown report: absolute medians, each peer's ratio to ours (peer ÷ ours), and why cells are empty. */
export function markdownReport(
  summary: Record<WorkloadName, Partial<Record<ClientName, SummaryCell>>>,
  context: ReportContext,
): string {
  const { clients, workloads } = context;
  const versions = new Map<ClientName, Set<string>>();
  const notes: string[] = [];
  const rows: string[] = [];
  for (const workload of workloads) {
    const cells = summary[workload];
    for (const client of clients) {
      const cell = cells[client];
      if (cell?.status === 'ok') {
        versions.set(client, (versions.get(client) ?? new Set()).add(cell.version));
        if (cell.failedRounds > 0) {
          notes.push(`${workload} · ${client}: ${cell.failedRounds} round(s) failed; median of ${cell.rounds}`);
        }
      } else if (cell?.status === 'skipped') {
        notes.push(`${workload} · ${client}: skipped — ${oneLine(cell.reason)}`);
      } else if (cell?.status === 'failed') {
        notes.push(`${workload} · ${client}: failed — ${oneLine(cell.error)}`);
      }
    }
    const ours = cells.ours?.status === 'ok' ? cells.ours.metrics : undefined;
    for (const name of reportedMetrics(workload)) {
      const metric = METRICS[name];
      const values = clients.map((client) => {
        const cell = cells[client];
        if (cell === undefined) return '';
        if (cell.status !== 'ok') return cell.status;
        const value = cell.metrics[name];
        if (value === undefined) return '—';
        const reference = ours?.[name];
        // A ratio needs two positive figures (a heap that shrank while registering has none).
        const ratio =
          client === 'ours' || metric.better === 'neither' || reference === undefined || reference <= 0 || value <= 0
            ? ''
            : ` (${(value / reference).toFixed(2)}×)`;
        return `${metric.format(value)}${ratio}`;
      });
      const arrow = { higher: ' ↑', lower: ' ↓', neither: '' }[metric.better];
      rows.push(`| ${workload} | ${metric.label}${arrow} | ${values.join(' | ')} |`);
    }
  }
  const observed = clients.filter((client) => OBSERVED_CLIENTS[client] !== undefined);
  for (const client of observed) {
    const notRun = workloads.filter((workload) => summary[workload][client] === undefined);
    if (notRun.length > 0) {
      notes.push(
        `${client}: not run in ${notRun.join(', ')}; without --clients it runs only in ` +
          `${OBSERVED_CLIENTS[client]?.join(', ')}`,
      );
    }
  }

  const lines = [
    `Server: ${context.server}. Machine: ${context.machine}.`,
    `${context.rounds} round(s) per client, alternating clients within each round, each round starting with the next client, after one unmeasured server warm-up run per workload; medians over rounds` +
      `${context.quick ? '; --quick sizes (smoke run, not for comparison)' : ''}` +
      `${context.cpuProf ? '; Node adapters profiled with --cpu-prof, which slows them down' : ''}.`,
    '',
    'Clients: ' +
      clients
        .map((client) => `${client} ${[...(versions.get(client) ?? new Set(['(no result)']))].join(' / ')}`)
        .join('; ') +
      '.',
    '',
    'Sizes: ' +
      workloads.map((workload) => `${workload} (${describeParams(context.params[workload])})`).join('; ') +
      '.',
    '',
    `↑ higher is better, ↓ lower is better. In parentheses: the peer's value ÷ ours — below 1 on an ↑ row or above 1` +
      ` on a ↓ row means ours is ahead.` +
      (observed.length > 0
        ? ` ${observed.join(' and ')} are ours with a subscriber on its request TracingChannel (ours has none): their` +
          ` ratio is what that subscriber costs.`
        : ''),
    '',
    `| workload | metric | ${clients.join(' | ')} |`,
    `|---|---|${clients.map(() => '--:').join('|')}|`,
    ...rows,
  ];
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
  return lines.join('\n') + '\n';
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

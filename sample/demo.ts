import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ZooKeeperClient } from '../lib';
import type { ContenderLine, InspectedContender, ZookeeperClientStatus, ZookeeperDashboardSnapshot } from '../lib';
import { ZookeeperTestCluster } from '../lib/testing';
import type { ZookeeperTestClusterHandle } from '../lib/testing';
import type { DemoInstanceMessage } from './demo-instance';
import type { JobActivityEvent } from './job-service/job-activity';
import { ZK_PATHS } from './job-service/zookeeper-paths';
import { transpileForInstances } from './transpile-for-instances';

/**
 * `npm run sample`: three instances of the job service (sample/job-service) coordinating through ZooKeeper.
 * Starts a local ZooKeeper unless ZK_CONNECT names one, shows who leads, asks each instance for its session and what
 * it holds (GET /zookeeper), shows them find each other through service discovery (a report is reviewed by a peer),
 * reads the leader, the candidates and the report's lock off an instance's dashboard (GET /dashboard/api/snapshot),
 * kills the leader and shows another take over, there too, changes a feature flag and a setting in Spring Cloud
 * Zookeeper Config's layout and shows both reach every instance live, then stops everything and prints a summary.
 */

/** A hang guard: the demo takes about half a minute on an idle two-core machine, more under load. */
const DEMO_LIMIT_MS = 120_000;
const startedAt = Date.now();
const seconds = (since = startedAt): string => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const say = (message: string): void => console.log(`[demo ${seconds().padStart(5)}] ${message}`);

/** One job-service process. */
class Instance {
  readonly events: JobActivityEvent[] = [];
  port = 0;
  exited = false;
  private readonly child: ChildProcess;
  private readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    connectString: string,
    compiledDir: string,
  ) {
    this.child = fork(join(compiledDir, 'sample', 'demo-instance.js'), [], {
      env: { ...process.env, ZK_CONNECT: connectString, INSTANCE_NAME: name, ZK_SESSION_TIMEOUT_MS: '4000' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`  [${name}] ${line}`));
    }
    this.child.on('message', (message: DemoInstanceMessage) => {
      if (message.type === 'ready') this.port = message.port;
      else this.events.push(message.event);
    });
    this.exit = new Promise((resolve) => this.child.on('exit', () => resolve()));
    void this.exit.then(() => (this.exited = true));
  }

  has(predicate: (event: JobActivityEvent) => boolean): boolean {
    return this.events.some(predicate);
  }

  get leads(): boolean {
    const terms = this.events.filter((e) => e.type === 'leader' || e.type === 'leader-ended');
    return terms.at(-1)?.type === 'leader';
  }

  async request(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, { method });
    return { status: response.status, body: await response.json() };
  }

  /** SIGKILL: a crash, no goodbye; ZooKeeper notices when the session expires. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM: Nest's shutdown hooks run (enableShutdownHooks), the instance leaves ZooKeeper cleanly. */
  async terminate(): Promise<void> {
    if (!this.exited) this.child.kill('SIGTERM');
    await this.exit;
  }
}

async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  limitMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A client's session, from `GET /zookeeper`. */
function describeSession(status: ZookeeperClientStatus): string {
  return (
    `${status.state}, session ${status.sessionId ?? 'none'} via ${status.server ?? 'no server'}, ` +
    `timeout ${status.negotiatedTimeoutMs} ms, last zxid ${status.lastZxid}`
  );
}

/** A client's traffic and watches, from `GET /zookeeper`. */
function describeTraffic(status: ZookeeperClientStatus): string {
  const watches = Object.entries(status.watches)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`);
  return `${status.inFlight} requests in flight, ${status.queued} queued, watches: ${watches.join(', ') || 'none'}`;
}

/** What an instance leads and which locks it holds, with for how long, from `GET /zookeeper`. */
function describeHoldings(status: ZookeeperClientStatus): string[] {
  const held = (since: string): string => seconds(Date.parse(since));
  return [
    ...status.leaderships.map(({ path, since }) => `leads ${path} (for ${held(since)})`),
    ...status.locks.map(({ kind, path, since }) => `holds ${kind} ${path} (for ${held(since)})`),
  ];
}

/** The head of a line (leader or lock holder) with its token, from the dashboard's `GET /dashboard/api/snapshot`. */
function describeHolders(line: ContenderLine | undefined): string | undefined {
  const who = ({ identifier, czxid }: InspectedContender): string => `${identifier} (token ${czxid})`;
  return line && line.holders.length > 0 ? line.holders.map(who).join(', ') : undefined;
}

/** What an instance's dashboard shows of the job service's election and of the nightly report's lock. */
function describeDashboard(snapshot: ZookeeperDashboardSnapshot): string[] {
  const election = snapshot.elections.find((line) => line.path === ZK_PATHS.leader);
  const lock = snapshot.locks.find((line) => line.path === ZK_PATHS.nightlyReportLock);
  const inLine = (line: ContenderLine | undefined): string =>
    line?.waiters.map(({ identifier }) => identifier).join(', ') || 'none';
  const holder = describeHolders(lock);
  return [
    `leader of ${ZK_PATHS.leader} = ${describeHolders(election) ?? 'none'}, candidates in line: ${inLine(election)}`,
    `lock ${ZK_PATHS.nightlyReportLock}: ${holder ? `held by ${holder}, waiting: ${inLine(lock)}` : 'free'}`,
  ];
}

async function main(): Promise<void> {
  const summary: string[] = [];
  // Synchronous and CPU-bound: done before any session exists, so no client misses its pings meanwhile.
  say('Transpiling the job service for its instances');
  const compiledDir = transpileForInstances();
  let cluster: ZookeeperTestClusterHandle | undefined;
  let connect = process.env.ZK_CONNECT;
  if (connect) {
    say(`Using ZooKeeper at ${connect}`);
  } else {
    say('No ZK_CONNECT: starting a local ZooKeeper');
    cluster = await ZookeeperTestCluster.start({ size: 1, backend: 'local' });
    connect = cluster.connectString;
    say(`ZooKeeper is up at ${connect}`);
  }

  // Each run gets its own chroot, so it never sees state left by another run on a shared ensemble.
  const chroot = `/job-service-demo-${randomBytes(4).toString('hex')}`;
  const admin = new ZooKeeperClient({ connectString: connect });
  await admin.connect();
  await admin.create(`${chroot}${ZK_PATHS.flags}`, JSON.stringify({ newPricing: false }), { makeParents: true });
  // A setting in Spring Cloud Zookeeper Config's layout, read through @nestjs/config.
  await admin.create(`${chroot}/config/job-service/reports/currency`, 'EUR', { makeParents: true });

  const instances = ['A', 'B', 'C'].map((name) => new Instance(name, `${connect}${chroot}`, compiledDir));
  try {
    say('Starting instances A, B and C of the job service');
    await until('the instances to listen', () => instances.every((i) => i.port > 0), 90_000);
    say(`Instances listening on ports ${instances.map((i) => `${i.name}=${i.port}`).join(', ')}`);
    say(
      `Each instance serves the ZooKeeper dashboard while the demo runs: http://127.0.0.1:<port>/dashboard, ` +
        `e.g. http://127.0.0.1:${instances[0].port}/dashboard (${instances[0].name})`,
    );

    const first = await until('a leader', () => instances.find((i) => i.leads));
    say(`${first.name} was elected leader: it runs the @OnLeader dispatcher and the @LeaderOnly cleanup`);
    await until('a cleanup run', () => first.has((e) => e.type === 'cleanup'));
    const cleaners = instances.filter((i) => i.has((e) => e.type === 'cleanup')).map((i) => i.name);
    say(`@LeaderOnly + @Interval cleanup ran in: ${cleaners.join(', ')}`);
    summary.push(`leader elected: ${first.name}; cleanup ran only in ${cleaners.join(', ')}`);

    const health: string[] = [];
    for (const instance of instances) {
      const { status, body } = await instance.request('GET', '/health');
      const zk = (body as { info?: { zookeeper?: { status: string; sessionId: string; server: string } } }).info
        ?.zookeeper;
      say(
        `GET /health on ${instance.name}: ${status} zookeeper=${zk?.status} session=${zk?.sessionId} via ${zk?.server}`,
      );
      health.push(`${instance.name} ${status} ${zk?.status}`);
    }
    summary.push(`health endpoints (terminus): ${health.join(', ')}`);

    const peers = await until('every instance in service discovery', async () => {
      const { body } = await instances[0].request('GET', '/peers');
      const ids = (body as { id: string }[]).map((peer) => peer.id).sort();
      return ids.length === instances.length && ids;
    });
    say(`GET /peers on A: ${peers.join(', ')} registered under /services/job-service (Curator x-discovery layout)`);
    summary.push(`service discovery: ${peers.join(', ')} registered`);

    const reports = await Promise.all(instances.map((i) => i.request('POST', '/reports/nightly')));
    const built = instances.filter((_, n) => (reports[n].body as { ran: boolean }).ran).map((i) => i.name);
    const reviewers = reports
      .map(({ body }) => (body as { reviewedBy?: string }).reviewedBy)
      .filter((peer): peer is string => peer !== undefined);
    say(`POST /reports/nightly on all three at once: built by ${built.join(', ')}, skipped by the others (@ZkLock)`);
    say(`  reviewed by ${reviewers.join(', ') || 'nobody'}, a peer found through service discovery`);
    summary.push(
      `nightly report requested 3 times at once: built ${built.length} time(s), by ${built.join(', ')}, ` +
        `reviewed by peer ${reviewers.join(', ') || 'none'}`,
    );

    // The report's lock is kept at least 2 s: the builder still holds it while the status routes are asked.
    const holders: string[] = [];
    for (const instance of instances) {
      const status = (await instance.request('GET', '/zookeeper')).body as ZookeeperClientStatus;
      const holdings = describeHoldings(status);
      say(`GET /zookeeper on ${instance.name}: ${describeSession(status)}`);
      say(`  ${describeTraffic(status)}; ${holdings.join(', ') || 'holds no lock, leads no election'}`);
      if (holdings.length > 0) holders.push(`${instance.name} ${holdings.join(', ')}`);
    }
    summary.push(`status routes (GET /zookeeper): ${holders.join('; ') || 'nothing held'}`);

    // The dashboard reads ZooKeeper itself: any instance shows the whole line, the leader's and everyone else's.
    const observer = instances.find((i) => i !== first)!;
    const before = (await observer.request('GET', '/dashboard/api/snapshot')).body as ZookeeperDashboardSnapshot;
    const [leaderBefore, lockBefore] = describeDashboard(before);
    say(`GET /dashboard/api/snapshot on ${observer.name}: ${leaderBefore}`);
    say(`  ${lockBefore}`);
    summary.push(`dashboard on ${observer.name} before the kill: ${leaderBefore}`);

    say(`Killing the leader ${first.name} with SIGKILL (no clean shutdown)`);
    const killedAt = Date.now();
    await first.kill();
    const survivors = instances.filter((i) => i !== first);
    const second = await until('a new leader', () => survivors.find((i) => i.leads));
    say(
      `${second.name} took over leadership ${seconds(killedAt)} after the kill (once ${first.name}'s session expired)`,
    );
    summary.push(`leader ${first.name} killed: ${second.name} took over after ${seconds(killedAt)}`);
    const remaining = await until('the killed instance to leave service discovery', async () => {
      const { body } = await second.request('GET', '/peers');
      const ids = (body as { id: string }[]).map((peer) => peer.id).sort();
      return !ids.includes(first.name) && ids;
    });
    say(`GET /peers on ${second.name}: ${remaining.join(', ')} (${first.name}'s instance went with its session)`);
    summary.push(`service discovery after the kill: ${remaining.join(', ')}`);
    const after = await until(`the dashboard on ${observer.name} to show ${second.name} leading`, async () => {
      const snapshot = (await observer.request('GET', '/dashboard/api/snapshot')).body as ZookeeperDashboardSnapshot;
      const election = snapshot.elections.find((line) => line.path === ZK_PATHS.leader);
      return election?.holders[0]?.identifier === second.name && snapshot;
    });
    const [leaderAfter, lockAfter] = describeDashboard(after);
    say(`The dashboard on ${observer.name} now shows: ${leaderAfter}`);
    say(`  ${lockAfter}`);
    summary.push(`dashboard on ${observer.name} after the kill: ${leaderAfter}`);

    say('Setting feature flag newPricing=true');
    const flaggedAt = Date.now();
    await admin.setData(`${chroot}${ZK_PATHS.flags}`, JSON.stringify({ newPricing: true }));
    await until('the flag everywhere', () =>
      survivors.every((i) => i.has((e) => e.type === 'flags' && e.flags?.newPricing === true)),
    );
    say(`Every running instance (${survivors.map((i) => i.name).join(', ')}) saw the flag change (@WatchNode)`);
    summary.push(`flag change reached ${survivors.map((i) => i.name).join(', ')} within ${seconds(flaggedAt)}`);

    say('Setting /config/job-service/reports/currency to USD (Spring Cloud Zookeeper Config layout)');
    const configuredAt = Date.now();
    await admin.setData(`${chroot}/config/job-service/reports/currency`, 'USD');
    await until('the setting everywhere', () =>
      survivors.every((i) => i.has((e) => e.type === 'setting' && e.value === 'USD')),
    );
    const currencies = await Promise.all(
      survivors.map(async (i) => ((await i.request('GET', '/settings')).body as { currency: string }).currency),
    );
    say(
      `@OnConfigChange ran in ${survivors.map((i) => i.name).join(', ')}; GET /settings now gives ` +
        `${currencies.join(', ')} (ConfigService, no restart)`,
    );
    summary.push(
      `config change reached ConfigService in ${survivors.map((i) => i.name).join(', ')} within ${seconds(configuredAt)}: ${currencies.join(', ')}`,
    );

    say('Stopping the instances with SIGTERM (graceful shutdown)');
    await Promise.all(survivors.map((i) => i.terminate()));
    const leftover = [
      ...(await admin.getChildren(`${chroot}${ZK_PATHS.leader}`)),
      ...(await admin.getChildren(`${chroot}${ZK_PATHS.nightlyReportLock}`)),
    ];
    if (leftover.length > 0) throw new Error(`nodes left behind after shutdown: ${leftover.join(', ')}`);
    say('All instances stopped; no election or lock node was left behind');
    summary.push('graceful shutdown left no election or lock node behind');
  } finally {
    await Promise.all(instances.map((i) => i.terminate()));
    await admin.delete(chroot, { recursive: true }).catch(() => undefined);
    await admin.close();
    if (cluster) {
      await cluster.stop();
      say('Local ZooKeeper stopped');
    }
  }

  console.log('\nSummary');
  for (const line of summary) console.log(`  - ${line}`);
  console.log(`  - finished in ${seconds()}`);
}

const limit = setTimeout(() => {
  console.error(`The demo did not finish within ${DEMO_LIMIT_MS / 1000}s`);
  process.exit(1);
}, DEMO_LIMIT_MS);
limit.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('The demo failed:', error);
    process.exit(1);
  },
);

/*
 * The chaos run, in a process of its own so that it can count unhandled rejections with process.on (jest's sandbox
 * cannot) and prove it leaves no open handle: when it is done it must exit by itself. Started by chaos.spec.ts; prints
 * its log and, last, one line `CHAOS_RESULT <json>`.
 *
 * A 3-node ensemble, one FaultProxy per server. Six workers loop: a Lock-protected read-modify-write of one znode,
 * then a Counter increment. A seeded chaos loop kills/stops and restarts servers (one at a time, so a quorum stays),
 * stalls a proxy past the read timeout, cuts a proxy's connections, and expires workers' sessions.
 */
import {
  BadVersionError,
  ConnectionState,
  InvalidArgumentError,
  ZooKeeperClient,
  type ZooKeeperClientOptions,
} from '../../../../lib/client';
import { Counter, Lock } from '../../../../lib/recipes';
import { expireSession, FaultProxy, ZookeeperTestCluster } from '../../../../lib/testing';

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(describe(reason)));
const uncaught: string[] = [];
process.on('uncaughtException', (error) => uncaught.push(describe(error)));

const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const CHAOS_MS = Number(process.env.CHAOS_MS ?? 35000);
const MAX_ACTIONS = Number(process.env.CHAOS_MAX_ACTIONS ?? 14);
const WORKERS = 6;
const SESSION_TIMEOUT_MS = 4000;
/** Two thirds of the session timeout: what the client waits in silence before dropping a connection. */
const READ_TIMEOUT_MS = (SESSION_TIMEOUT_MS * 2) / 3;
const LOCK = '/chaos/lock';
const RMW = '/chaos/rmw';
const COUNTER = '/chaos/counter';

const started = Date.now();
function log(message: string): void {
  process.stdout.write(`[chaos +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with CHAOS_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang guard: ${what} after ${ms} ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** What the run saw; printed as the result. */
const stats = {
  rmwKnown: 0,
  rmwMaybe: 0,
  rmwConflicts: 0,
  fenced: 0,
  counterKnown: 0,
  counterMaybe: 0,
  acquired: 0,
  acquireTimeouts: 0,
  lostBeforeEntry: 0,
  recreated: 0,
  errors: {} as Record<string, number>,
};
/** Fencing tokens (decimal strings: they are bigints) in the order the protected section was entered. */
const entries: string[] = [];
/** Entries into the protected section while another worker still validly held the lock. */
const overlaps: string[] = [];
/** Sessions the chaos loop expired: a holder on one of these may not know yet that it lost the lock. */
const expiredByChaos = new Set<bigint>();

function countError(where: string, error: unknown): void {
  const key = `${where}: ${error instanceof Error ? error.name : typeof error}`;
  stats.errors[key] = (stats.errors[key] ?? 0) + 1;
  if (error instanceof InvalidArgumentError || error instanceof TypeError) log(`unexpected ${key}: ${describe(error)}`);
}

interface Holder {
  worker: Worker;
  token: bigint;
  session: bigint;
}
const inSection = new Set<Holder>();

class Worker {
  client!: ZooKeeperClient;
  lock!: Lock;
  counter!: Counter;
  stopping = false;
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    private readonly options: ZooKeeperClientOptions,
  ) {
    this.fresh();
  }

  private fresh(): void {
    this.client = new ZooKeeperClient(this.options);
    this.lock = new Lock(this.client, LOCK, { identifier: `worker-${this.id}` });
    this.counter = new Counter(this.client, COUNTER);
  }

  start(): void {
    this.done = this.loop();
  }

  /** A client whose session is gone is closed and replaced: "cleanly LOST and recreated". */
  async usable(): Promise<void> {
    if (this.client.state !== ConnectionState.LOST) return;
    await this.client.close();
    this.fresh();
    stats.recreated++;
    log(`worker ${this.id}: session lost, new client`);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.connect();
        return;
      } catch (error) {
        countError('connect', error);
        if (attempt >= 5) throw error;
        await sleep(500);
      }
    }
  }

  private async loop(): Promise<void> {
    await this.client.connect();
    while (!this.stopping) {
      try {
        await this.usable();
        await this.protectedReadModifyWrite();
        await this.increment();
      } catch (error) {
        countError('loop', error);
        await sleep(100);
      }
    }
  }

  private async protectedReadModifyWrite(): Promise<void> {
    const lock = this.lock;
    if (lock.isAcquired) {
      // A release that failed earlier: the lock is still ours, give it back first.
      await lock.release().catch((error: unknown) => countError('release', error));
      if (lock.isAcquired) return;
    }
    let acquired: boolean;
    try {
      acquired = await lock.acquire({ timeoutMs: 6000 });
    } catch (error) {
      countError('acquire', error);
      await sleep(100);
      return;
    }
    if (!acquired) {
      stats.acquireTimeouts++;
      return;
    }
    stats.acquired++;
    try {
      const token = lock.fencingToken;
      if (token === undefined || lock.lost.aborted) {
        stats.lostBeforeEntry++;
        return;
      }
      const session = this.client.sessionId;
      for (const other of inSection) {
        const o = other.worker;
        // Still believing it holds, on a session nobody expired on purpose (whatever its connection state: a
        // SUSPENDED holder keeps the lock only as long as its session lives).
        const stillValid =
          o.client.sessionId === other.session &&
          o.lock.isAcquired &&
          !o.lock.lost.aborted &&
          !expiredByChaos.has(other.session);
        if (stillValid) {
          overlaps.push(`worker ${this.id} (token ${token}) entered while worker ${o.id} (token ${other.token}) held`);
        }
      }
      entries.push(token.toString());
      const me: Holder = { worker: this, token, session };
      inSection.add(me);
      try {
        await this.readModifyWrite(token);
      } finally {
        inSection.delete(me);
      }
    } finally {
      await lock.release().catch((error: unknown) => countError('release', error));
    }
  }

  /** The protected resource: {value, token}. A write carrying an older token than the stored one is fenced off. */
  private async readModifyWrite(token: bigint): Promise<void> {
    const client = this.client;
    let read;
    try {
      read = await client.retry(() => client.getData(RMW));
    } catch (error) {
      countError('rmw read', error);
      return;
    }
    const stored = JSON.parse(read.data.toString()) as { value: number; token: string };
    if (BigInt(stored.token) > token) {
      stats.fenced++;
      return;
    }
    const next = Buffer.from(JSON.stringify({ value: stored.value + 1, token: token.toString() }));
    try {
      await client.setData(RMW, next, { version: read.stat.version });
      stats.rmwKnown++;
      return;
    } catch (error) {
      if (error instanceof BadVersionError) {
        stats.rmwConflicts++;
        return;
      }
      countError('rmw write', error);
    }
    // Unknown outcome. Only this acquisition writes this token, once: finding it means our write was applied; an
    // unchanged version means nothing was; anything else cannot be told apart.
    try {
      const after = await client.retry(() => client.getData(RMW));
      const now = JSON.parse(after.data.toString()) as { value: number; token: string };
      if (now.token === token.toString()) stats.rmwKnown++;
      else if (after.stat.version !== read.stat.version) stats.rmwMaybe++;
    } catch {
      stats.rmwMaybe++;
    }
  }

  private async increment(): Promise<void> {
    try {
      await this.counter.add(1);
      stats.counterKnown++;
    } catch (error) {
      // Which step failed is not visible from here: the write may or may not have been applied.
      stats.counterMaybe++;
      countError('counter', error);
    }
  }
}

async function main(): Promise<void> {
  log(`seed ${SEED} (replay with CHAOS_SEED=${SEED})`);
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const cluster = await ZookeeperTestCluster.start({ size: 3 });
  const proxies = await Promise.all(cluster.servers.map((s) => FaultProxy.start(s.connectString)));
  const baseline = resourceCounts();
  const options: ZooKeeperClientOptions = {
    connectString: proxies.map((p) => p.connectString).join(','),
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    retry: { maxTries: 10, delayMs: 100, maxDelayMs: 1000 },
  };

  const setup = new ZooKeeperClient({ connectString: cluster.connectString });
  await setup.connect();
  await setup.ensurePath(LOCK);
  await setup.create(RMW, JSON.stringify({ value: 0, token: '-1' }));
  await setup.create(COUNTER, '0');
  await setup.close();

  const workers = Array.from({ length: WORKERS }, (_, i) => new Worker(i, options));
  for (const worker of workers) worker.start();
  await withTimeout(Promise.all(workers.map((w) => waitConnected(w.client))), 30000, 'workers to connect');
  // The proxy carrying most connections (ties broken by the seed), so a stall or cut hits someone.
  const busiestProxy = (preferred: number): number => {
    const most = Math.max(...proxies.map((p) => p.connections));
    const busiest = proxies.map((p, i) => (p.connections === most ? i : -1)).filter((i) => i >= 0);
    return busiest.includes(preferred) ? preferred : busiest[0];
  };

  const chaosEnd = Date.now() + CHAOS_MS;
  const actions: string[] = [];
  for (let i = 0; i < MAX_ACTIONS && Date.now() < chaosEnd; i++) {
    const action = pick(['kill', 'stop', 'stall', 'stall', 'expire', 'expire', 'cut'] as const);
    const index = Math.floor(random() * 3);
    const pause = random();
    try {
      if (action === 'kill' || action === 'stop') {
        const server = cluster.servers[index];
        log(`${action} server ${server.id}`);
        await (action === 'kill' ? server.kill() : server.stop());
        await sleep(500 + pause * 2500);
        await withTimeout(server.start(), 60000, `restart of server ${server.id}`);
        log(`server ${server.id} back`);
      } else if (action === 'stall') {
        const proxy = proxies[busiestProxy(index)];
        log(`stall proxy ${proxies.indexOf(proxy)} (${proxy.connections} connections) past the read timeout`);
        proxy.stall();
        await sleep(READ_TIMEOUT_MS + 400 + pause * 600);
        proxy.resume();
      } else if (action === 'cut') {
        const proxy = proxies[busiestProxy(index)];
        log(`cut proxy ${proxies.indexOf(proxy)} (${proxy.connections} connections)`);
        proxy.cut();
      } else {
        const worker = workers[Math.floor(pause * WORKERS)];
        const client = worker.client;
        if (client.state === ConnectionState.CONNECTED && client.server !== undefined) {
          log(`expire the session of worker ${worker.id}`);
          expiredByChaos.add(client.sessionId);
          await expireSession(client, { timeoutMs: 20000 });
        } else log(`expire skipped: worker ${worker.id} is ${client.state}`);
      }
      actions.push(action);
    } catch (error) {
      log(`chaos action ${action} failed: ${describe(error)}`);
      actions.push(`${action} (failed)`);
    }
    await sleep(300 + random() * 1200);
  }

  log('chaos over; settling');
  for (const p of proxies) p.resume();
  await Promise.all(cluster.servers.filter((s) => !s.running).map((s) => s.start()));
  for (const worker of workers) worker.stopping = true;
  const finished = await Promise.allSettled(workers.map((w) => withTimeout(w.done, 60000, `worker ${w.id} to stop`)));
  const stuck = finished
    .filter((r) => r.status === 'rejected')
    .map((r) => describe((r as PromiseRejectedResult).reason));

  // Every client back to CONNECTED (a LOST one is replaced by a new one that must connect).
  const finalStates: string[] = [];
  for (const worker of workers) {
    try {
      await worker.usable();
      await withTimeout(waitConnected(worker.client), 30000, `worker ${worker.id} to reconnect`);
    } catch (error) {
      log(`worker ${worker.id}: ${describe(error)}`);
    }
    finalStates.push(worker.client.state);
  }

  const verifier = new ZooKeeperClient({ connectString: cluster.connectString });
  await verifier.connect();
  const rmw = JSON.parse((await verifier.getData(RMW)).data.toString()) as { value: number; token: string };
  const counter = Number((await verifier.getData(COUNTER)).data.toString());
  // Release is done and the workers' sessions are alive: any node left is one a failed acquire forgot.
  const lockNodesBeforeClose = await verifier.getChildren(LOCK);
  await Promise.all(workers.map((w) => w.client.close()));
  const lockNodesAfterClose = await verifier.getChildren(LOCK);
  await verifier.close();
  // Let sockets finish closing before looking at what is still open.
  await sleep(1000);
  const leftover = diffResources(baseline, resourceCounts());

  await Promise.all(proxies.map((p) => p.close()));
  await cluster.stop();

  const result = {
    seed: SEED,
    actions,
    stats,
    rmw,
    counter,
    entries,
    overlaps,
    finalStates,
    stuck,
    lockNodesBeforeClose,
    lockNodesAfterClose,
    leftover,
    unhandled,
    uncaught,
  };
  process.stdout.write(`CHAOS_RESULT ${JSON.stringify(result)}\n`);
}

function waitConnected(client: ZooKeeperClient): Promise<void> {
  if (client.state === ConnectionState.CONNECTED) return Promise.resolve();
  return new Promise((resolve) => {
    const onState = (state: ConnectionState): void => {
      if (state !== ConnectionState.CONNECTED) return;
      client.off('state', onState);
      resolve();
    };
    client.on('state', onState);
  });
}

/** Open sockets, servers and timers by type (process.getActiveResourcesInfo). */
function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function diffResources(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const more: Record<string, number> = {};
  for (const [type, count] of Object.entries(after)) {
    if (count > (before[type] ?? 0)) more[type] = count - (before[type] ?? 0);
  }
  return more;
}

main().catch((error: unknown) => {
  process.stdout.write(`CHAOS_FAILED ${describe(error)}\n`);
  process.exitCode = 1;
});

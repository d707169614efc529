import { Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext, INestApplication, LoggerService } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ConnectionState, Lock, ZooKeeperClient } from '../../lib/client';
import {
  LeaderOnly,
  OnLeader,
  WatchNode,
  ZkLock,
  ZookeeperDashboardModule,
  ZookeeperModule,
  getZookeeperClientToken,
} from '../../lib/nest';
import type { ZookeeperDashboardRootOptions, ZookeeperDashboardSnapshot } from '../../lib/nest';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { EventStreamReader } from './src/event-stream';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

const ASSETS = join(__dirname, '../../lib/nest/dashboard/assets');

class WarningRecorder implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

/** Lets a request through only with `authorization: let-me-in`, and names the user for the audit log. */
@Injectable()
class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: object }>();
    if (request.headers.authorization !== 'let-me-in') return false;
    request.user = { username: 'ada' };
    return true;
  }
}

interface Paths {
  election: string;
  lock: string;
  flags: string;
  invoices: string;
}

function workerClass(paths: Paths) {
  @Injectable()
  class Worker {
    @OnLeader(paths.election)
    async lead(signal: AbortSignal): Promise<void> {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    }

    @LeaderOnly(paths.election)
    tick(): string {
      return 'ticked';
    }

    @ZkLock(paths.lock)
    async report(fail: boolean): Promise<string> {
      if (fail) throw new Error('report failed: no data');
      return 'reported';
    }

    @ZkLock((invoice: string) => `${paths.invoices}/${invoice}`)
    async invoice(invoice: string): Promise<string> {
      return invoice;
    }

    @WatchNode(paths.flags)
    flags(): void {}
  }
  return Worker;
}

interface Started {
  app: INestApplication;
  url: string;
  logger: WarningRecorder;
}

async function startDashboard(
  dashboard: ZookeeperDashboardRootOptions,
  options: {
    providers?: ReturnType<typeof workerClass>[];
    prefix?: string;
    identity?: string;
    logger?: WarningRecorder;
  } = {},
): Promise<Started> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ZookeeperModule.forRoot({ connectString: sharedConnectString(), identity: options.identity }),
      ZookeeperDashboardModule.forRoot(dashboard),
    ],
    providers: options.providers ?? [],
  }).compile();
  // Nest's Logger is process-wide: the last application's logger hears every application's warnings.
  const logger = options.logger ?? new WarningRecorder();
  const app = moduleRef.createNestApplication({ logger });
  if (options.prefix) app.setGlobalPrefix(options.prefix);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logger };
}

function post(url: string, body: object, headers: Record<string, string> = { 'x-zookeeper-dashboard': '1' }) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('ZookeeperDashboardModule (real ZooKeeper, HTTP)', () => {
  const apps: INestApplication[] = [];
  const clients: ZooKeeperClient[] = [];
  const connect = async (): Promise<ZooKeeperClient> => {
    const client = new ZooKeeperClient({ connectString: sharedConnectString() });
    clients.push(client);
    await client.connect();
    return client;
  };
  const start = async (...args: Parameters<typeof startDashboard>): Promise<Started> => {
    const started = await startDashboard(...args);
    apps.push(started.app);
    return started;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  const paths = (): Paths => ({
    election: uniquePath('dash-election'),
    lock: uniquePath('dash-lock'),
    flags: uniquePath('dash-flags'),
    invoices: uniquePath('dash-invoices'),
  });

  it('serves the page and its files from the package, linked relative to the URL asked, under a global prefix too', async () => {
    const { url } = await start({ path: '/ops/zookeeper/' }, { prefix: 'api' });
    for (const [asked, base] of [
      ['/api/ops/zookeeper', 'zookeeper/'],
      ['/api/ops/zookeeper/', './'],
    ]) {
      const page = await fetch(`${url}${asked}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain(`src="${base}assets/dashboard.js"`);
      expect(html).toContain(`href="${base}assets/dashboard.css"`);
      // Nothing is loaded from elsewhere: no CDN, no external font.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      const script = await fetch(new URL(`${base}assets/dashboard.js`, `${url}${asked}`));
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await script.text()).toBe(readFileSync(join(ASSETS, 'dashboard.js'), 'utf8'));
    }
    const style = await fetch(`${url}/api/ops/zookeeper/assets/dashboard.css`);
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
  });

  const snapshotOf = async (url: string, headers: Record<string, string> = {}): Promise<ZookeeperDashboardSnapshot> =>
    (await (await fetch(`${url}/zookeeper/api/snapshot`, { headers })).json()) as ZookeeperDashboardSnapshot;

  it('shows the decorators’ paths, the options’ paths and locks held by hand, each with its source, and the methods’ runs', async () => {
    const p = paths();
    const extraLock = uniquePath('dash-options-lock');
    const party = uniquePath('dash-party');
    const Worker = workerClass(p);
    const { app, url } = await start(
      { locks: [extraLock], parties: [party] },
      { providers: [Worker], identity: 'instance-a' },
    );
    const first = await waitFor('the term to begin', async () => {
      const snapshot = await snapshotOf(url);
      // The holder shows once its node exists; `held` once the election has told the application.
      return snapshot.elections[0]?.sources.length === 2 ? snapshot : undefined;
    });
    expect(first.actions).toBe(false);
    expect(first.elections).toEqual([
      expect.objectContaining({ path: p.election, sources: ['decorator', 'held'], waiters: [] }),
    ]);
    expect(first.elections[0].holders[0]).toMatchObject({
      identifier: 'instance-a',
      session: first.instance.sessionId,
    });
    expect(Object.fromEntries(first.locks.map((lock) => [lock.path, lock.sources]))).toEqual({
      [p.lock]: ['decorator'],
      [extraLock]: ['options'],
    });
    expect(first.parties).toEqual([{ path: party, exists: false, members: [], sources: ['options'] }]);
    expect(first.instance).toMatchObject({ client: 'default', state: 'CONNECTED' });
    expect(first.instance.methods.map((m) => [m.decorator, `${m.className}.${m.methodName}`, m.path])).toEqual([
      ['OnLeader', 'Worker.lead', p.election],
      ['LeaderOnly', 'Worker.tick', p.election],
      ['ZkLock', 'Worker.report', p.lock],
      ['ZkLock', 'Worker.invoice', '(computed per call)'],
      ['WatchNode', 'Worker.flags', p.flags],
    ]);
    expect(first.instance.methods[0]).toMatchObject({ runs: 1, running: 1 });

    const worker = app.get(Worker);
    expect(worker.tick()).toBe('ticked');
    expect(await worker.report(false)).toBe('reported');
    await expect(worker.report(true)).rejects.toThrow('report failed: no data');
    expect(await worker.invoice('inv-7')).toBe('inv-7');
    const client = await connect();
    await client.create(p.flags, 'on');
    const byHand = new Lock(app.get<ZooKeeperClient>(getZookeeperClientToken()), uniquePath('dash-by-hand'));
    expect(await byHand.acquire()).toBe(true);

    const later = await waitFor('the flag change to be handled', async () => {
      const snapshot = await snapshotOf(url);
      return snapshot.instance.methods[4].runs === 2 ? snapshot : undefined;
    });
    const byName = Object.fromEntries(later.instance.methods.map((m) => [m.methodName, m]));
    expect(byName.tick).toMatchObject({ runs: 1, running: 0, lastOutcome: 'ok' });
    expect(byName.report).toMatchObject({ runs: 2, lastOutcome: 'error', lastError: 'report failed: no data' });
    expect(byName.invoice).toMatchObject({ runs: 1, lastOutcome: 'ok', path: `${p.invoices}/inv-7` });
    expect(byName.flags).toMatchObject({ runs: 2, lastOutcome: 'ok' });
    expect(Date.parse(byName.report.lastRunAt!)).not.toBeNaN();
    expect(Object.fromEntries(later.locks.map((lock) => [lock.path, lock.sources]))).toEqual({
      [p.lock]: ['decorator'],
      [extraLock]: ['options'],
      [`${p.invoices}/inv-7`]: ['decorator'],
      [byHand.path]: ['held'],
    });
    const held = later.locks.find((lock) => lock.path === byHand.path)!;
    expect(held.holders).toEqual([
      expect.objectContaining({ czxid: byHand.fencingToken!.toString(), session: later.instance.sessionId }),
    ]);
    await byHand.release();
  });

  it('streams a new snapshot when another process takes a lock, and ends its streams when the application closes', async () => {
    const lockPath = uniquePath('dash-live-lock');
    const { app, url } = await start({ locks: [lockPath] });
    const stream = await EventStreamReader.open<ZookeeperDashboardSnapshot>(`${url}/zookeeper/api/events`);
    await waitFor('the first snapshot', () => stream.events.length > 0);
    expect(stream.events[0].locks).toEqual([expect.objectContaining({ path: lockPath, exists: false, holders: [] })]);

    const other = await connect();
    const lock = new Lock(other, lockPath, { identifier: 'kazoo-worker-9' });
    expect(await lock.acquire()).toBe(true);
    const taken = await waitFor('a snapshot with the holder', () =>
      stream.events.find((event) => event.locks[0]?.holders[0]?.identifier === 'kazoo-worker-9'),
    );
    expect(taken.locks[0].holders[0]).toMatchObject({ czxid: lock.fencingToken!.toString() });
    await lock.release();
    await waitFor('a snapshot with the lock free', () =>
      stream.events.slice(stream.events.indexOf(taken)).find((event) => event.locks[0]?.holders.length === 0),
    );

    // An open stream must not keep the HTTP server from closing.
    await app.close();
    await stream.ended();
  });

  it('shows every child of a `<parent>/*` family, and a new one as soon as it is taken', async () => {
    const invoices = uniquePath('dash-invoices');
    const { url } = await start({ locks: [`${invoices}/*`] });
    const stream = await EventStreamReader.open<ZookeeperDashboardSnapshot>(`${url}/zookeeper/api/events`);
    await waitFor('the first snapshot', () => stream.events.length > 0);
    expect(stream.events[0].locks).toEqual([]);

    const other = await connect();
    const first = new Lock(other, `${invoices}/inv-1`, { identifier: 'billing-1' });
    expect(await first.acquire()).toBe(true);
    const second = new Lock(other, `${invoices}/inv-2`, { identifier: 'billing-2' });
    expect(await second.acquire()).toBe(true);
    const both = await waitFor('both invoice locks', () => stream.events.find((event) => event.locks.length === 2));
    expect(both.locks.map((lock) => [lock.path, lock.sources, lock.holders[0]?.identifier])).toEqual([
      [`${invoices}/inv-1`, ['options'], 'billing-1'],
      [`${invoices}/inv-2`, ['options'], 'billing-2'],
    ]);
    await Promise.all([first.release(), second.release(), stream.close()]);
  });

  it('lists at most maxWaiters waiters and counts the others', async () => {
    const lockPath = uniquePath('dash-long-line');
    const { url } = await start({ locks: [lockPath], maxWaiters: 1 });
    const clients = await Promise.all([connect(), connect(), connect()]);
    const locks = clients.map((client, index) => new Lock(client, lockPath, { identifier: `worker-${index}` }));
    expect(await locks[0].acquire()).toBe(true);
    const waiting = [locks[1].acquire(), locks[2].acquire()];
    const line = await waitFor('two waiters', async () => {
      const lock = (await snapshotOf(url)).locks[0];
      return lock.waiters.length + lock.moreWaiters === 2 ? lock : undefined;
    });
    expect(line.holders.map((h) => h.identifier)).toEqual(['worker-0']);
    expect(line.waiters).toHaveLength(1);
    expect(line.moreWaiters).toBe(1);
    await locks[0].release();
    await Promise.race(waiting);
    await Promise.all(locks.map((lock) => (lock.isAcquired ? lock.release() : undefined)));
    await Promise.all(waiting);
    await Promise.all(locks.map((lock) => lock.release()));
  });

  it('serves one dashboard per client, each at its own path with its own options', async () => {
    const ordersLock = uniquePath('dash-orders');
    const auditLock = uniquePath('dash-audit');
    const moduleRef = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({ connectString: sharedConnectString() }),
        ZookeeperModule.forRoot({ name: 'audit', connectString: sharedConnectString() }),
        ZookeeperDashboardModule.forRoot({ path: 'zk/orders', locks: [ordersLock] }),
        ZookeeperDashboardModule.forRoot({ path: 'zk/audit', client: 'audit', locks: [auditLock], allowActions: true }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const read = async (path: string) =>
      (await (await fetch(`${url}/${path}/api/snapshot`)).json()) as ZookeeperDashboardSnapshot;
    const [orders, audit] = await Promise.all([read('zk/orders'), read('zk/audit')]);
    expect([orders.instance.client, orders.actions, orders.locks.map((l) => l.path)]).toEqual([
      'default',
      false,
      [ordersLock],
    ]);
    expect([audit.instance.client, audit.actions, audit.locks.map((l) => l.path)]).toEqual([
      'audit',
      true,
      [auditLock],
    ]);
    expect(audit.instance.sessionId).not.toBe(orders.instance.sessionId);
  });

  it('fails bootstrap naming a client that does not exist, and closes the sessions it opened', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({ connectString: sharedConnectString() }),
        ZookeeperDashboardModule.forRoot({ client: 'audit' }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const client = app.get<ZooKeeperClient>(getZookeeperClientToken());
    await expect(app.init()).rejects.toThrow(
      'ZooKeeper client "audit" referenced from ZookeeperDashboardModule does not exist',
    );
    expect(client.state).toBe(ConnectionState.LOST);
  });

  it('keeps the page and API behind the application’s guard', async () => {
    const { url } = await start({ guards: [AdminGuard] });
    for (const route of [
      '/zookeeper',
      '/zookeeper/assets/dashboard.js',
      '/zookeeper/api/snapshot',
      '/zookeeper/api/tree',
    ]) {
      expect((await fetch(`${url}${route}`)).status).toBe(403);
      expect((await fetch(`${url}${route}`, { headers: { authorization: 'let-me-in' } })).status).toBe(200);
    }
  });

  it('refuses actions unless allowActions is set, and without the dashboard header', async () => {
    const p = paths();
    const readOnly = await start({}, { providers: [workerClass(p)] });
    const refused = await post(`${readOnly.url}/zookeeper/api/actions/step-down`, { path: p.election });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/allowActions/);

    const writable = await start({ allowActions: true }, { providers: [workerClass(p)] });
    const forged = await post(`${writable.url}/zookeeper/api/actions/step-down`, { path: p.election }, {});
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { message: string }).message).toMatch(/x-zookeeper-dashboard/);
  });

  it('steps down, releases a lock it holds and deletes another process’s node after confirmation, each audited', async () => {
    const p = paths();
    const lockPath = uniquePath('dash-action-lock');
    const logger = new WarningRecorder();
    const a = await start(
      { allowActions: true, guards: [AdminGuard], locks: [lockPath] },
      { providers: [workerClass(p)], identity: 'instance-a', logger },
    );
    const b = await start({}, { providers: [workerClass(p)], identity: 'instance-b', logger });
    const auth = { 'x-zookeeper-dashboard': '1', authorization: 'let-me-in' };
    await waitFor('a to lead and b to wait', async () => {
      const { elections } = await snapshotOf(b.url);
      return elections[0]?.holders[0]?.identifier === 'instance-a' && elections[0].waiters.length === 1;
    });

    const stepDown = await post(`${a.url}/zookeeper/api/actions/step-down`, { path: p.election }, auth);
    expect(stepDown.status).toBe(200);
    await waitFor('b to lead, a behind it', async () => {
      const { elections } = await snapshotOf(b.url);
      return (
        elections[0]?.holders[0]?.identifier === 'instance-b' && elections[0].waiters[0]?.identifier === 'instance-a'
      );
    });
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(new RegExp(`^Dashboard action by user ada from .*: step down from ${p.election}: done`)),
    );
    const notLeading = await post(`${a.url}/zookeeper/api/actions/step-down`, { path: p.election }, auth);
    expect(notLeading.status).toBe(409);

    // A lock a holds by hand: releasing it aborts its lost signal.
    const ours = new Lock(a.app.get<ZooKeeperClient>(getZookeeperClientToken()), lockPath, { identifier: 'ours' });
    expect(await ours.acquire()).toBe(true);
    const theirs = new Lock(await connect(), lockPath, { identifier: 'theirs' });
    const theirsAcquired = theirs.acquire();
    const line = await waitFor('theirs queued', async () => {
      const { locks } = await snapshotOf(a.url, auth);
      const lock = locks.find((l) => l.path === lockPath);
      return lock?.waiters.length === 1 ? lock : undefined;
    });
    const ourNode = line.holders[0].name;
    const wrongRelease = await post(
      `${a.url}/zookeeper/api/actions/release`,
      { path: lockPath, node: line.waiters[0].name },
      auth,
    );
    expect(wrongRelease.status).toBe(409);
    const release = await post(`${a.url}/zookeeper/api/actions/release`, { path: lockPath, node: ourNode }, auth);
    expect(release.status).toBe(200);
    await waitFor('our lock to know it was lost', () => ours.lost.aborted);
    expect(await theirsAcquired).toBe(true);

    // Their node now holds: deleting it needs the name repeated.
    const theirNode = line.waiters[0].name;
    const unconfirmed = await post(`${a.url}/zookeeper/api/actions/delete`, { path: lockPath, node: theirNode }, auth);
    expect(unconfirmed.status).toBe(400);
    const untracked = await post(
      `${a.url}/zookeeper/api/actions/delete`,
      { path: uniquePath('not-shown'), node: theirNode, confirm: theirNode },
      auth,
    );
    expect(untracked.status).toBe(404);
    const deleted = await post(
      `${a.url}/zookeeper/api/actions/delete`,
      { path: lockPath, node: theirNode, confirm: theirNode },
      auth,
    );
    expect(deleted.status).toBe(200);
    await waitFor('their lock to know it was lost', () => theirs.lost.aborted);
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(new RegExp(`^Dashboard action by user ada from .*: delete ${lockPath}/${theirNode}: done`)),
    );
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(new RegExp(`: delete ${lockPath}/${theirNode}: refused or failed: .*confirm`)),
    );
    await ours.release();
    await theirs.release();
  });

  it('browses the tree: stat, data as text or hex, cut at maxDataBytes, children capped at maxChildren', async () => {
    const root = uniquePath('dash-tree');
    const client = await connect();
    await client.create(root, 'héllo wörld');
    await client.create(`${root}/binary`, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x10, 0x20, 0x30, 0x40]));
    for (const name of ['c', 'a', 'b']) await client.create(`${root}/${name}`);
    // 9 bytes: a cut at 8 splits the last 'é', which must not make the text look binary.
    await client.create(`${root}/a/accented`, 'aéééé');
    const { url } = await start({ maxDataBytes: 8, maxChildren: 3 });
    const tree = async (path: string) =>
      (await (await fetch(`${url}/zookeeper/api/tree?path=${encodeURIComponent(path)}`)).json()) as Record<
        string,
        unknown
      >;

    const text = await tree(root);
    const { stat } = await client.getData(root);
    expect(text).toMatchObject({
      path: root,
      exists: true,
      data: { encoding: 'utf8', bytes: Buffer.byteLength('héllo wörld'), truncated: true },
      children: ['a', 'b', 'binary'],
      childrenTruncated: true,
      stat: {
        czxid: stat.czxid.toString(),
        ephemeralOwner: '0x0',
        numChildren: 4,
        ctime: new Date(stat.ctime).toISOString(),
      },
    });
    expect(Buffer.byteLength((text.data as { text: string }).text)).toBeLessThanOrEqual(8);
    expect(await tree(`${root}/binary`)).toMatchObject({
      data: { encoding: 'hex', text: '000102fffe102030', bytes: 9, truncated: true },
      children: [],
    });
    expect(await tree(`${root}/a/accented`)).toMatchObject({
      data: { encoding: 'utf8', text: 'aééé', bytes: 9, truncated: true },
    });
    expect(await tree(`${root}/missing`)).toEqual({
      path: `${root}/missing`,
      exists: false,
      children: [],
      childrenTruncated: false,
    });
    const bad = await fetch(`${url}/zookeeper/api/tree?path=no-slash`);
    expect(bad.status).toBe(400);
  });

  it('has no tree browser with tree: false', async () => {
    const { url } = await start({ tree: false });
    expect((await snapshotOf(url)).tree).toBe(false);
    const refused = await fetch(`${url}/zookeeper/api/tree?path=/`);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { message: string }).message).toMatch(/tree option/);
  });

  it('works from forRootAsync options, and on the Fastify adapter (page, files, snapshot, stream, actions, shutdown)', async () => {
    const p = paths();
    const lockPath = uniquePath('dash-fastify-lock');
    const moduleRef = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({ connectString: sharedConnectString(), identity: 'on-fastify' }),
        ZookeeperDashboardModule.forRootAsync({
          path: 'ops/zk',
          useFactory: async () => ({ locks: [lockPath], allowActions: true }),
        }),
      ],
      providers: [workerClass(p)],
    }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/ops/zk`;

    const html = await (await fetch(url)).text();
    expect(html).toContain('src="zk/assets/dashboard.js"');
    const script = await fetch(`${url}/assets/dashboard.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toBe(readFileSync(join(ASSETS, 'dashboard.js'), 'utf8'));

    const stream = await EventStreamReader.open<ZookeeperDashboardSnapshot>(`${url}/api/events`);
    const led = await waitFor('the leader on the stream', () =>
      stream.events.find((event) => event.elections[0]?.holders[0]?.identifier === 'on-fastify'),
    );
    expect(led.locks.map((lock) => lock.path)).toEqual([lockPath, p.lock].sort());
    const stepDown = await post(`${url}/api/actions/step-down`, { path: p.election });
    expect(stepDown.status).toBe(200);
    expect((await post(`${url}/api/actions/step-down`, { path: p.election }, {})).status).toBe(403);

    await app.close();
    await stream.ended();
  });
});

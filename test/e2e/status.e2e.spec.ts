import { Controller, Get, Injectable } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import diagnosticsChannel from 'node:diagnostics_channel';
import {
  ConnectionState,
  Election,
  Lock,
  ReadLock,
  ZooKeeperClient,
  diagnosticsChannels,
  type Stat,
} from '../../lib/client';
import {
  OnLeader,
  WatchNode,
  ZkLock,
  ZookeeperHealthIndicator,
  ZookeeperLeaderRegistry,
  ZookeeperModule,
  ZookeeperStatusService,
  getZookeeperClientToken,
} from '../../lib/nest';
import type { ZookeeperClientStatus } from '../../lib/nest';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { closeApps, startApp, startApps } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly zookeeper: ZookeeperHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.zookeeper.isHealthy('zookeeper')]);
  }
}

/** A service with a lock held for as long as the test says, an election and a watched node, on its own paths. */
function coordinatedService(paths: { lock: string; election: string; flags: string }) {
  @Injectable()
  class CoordinatedService {
    terms = 0;
    entered = false;
    private leave!: () => void;

    @ZkLock(paths.lock)
    async hold(): Promise<void> {
      this.entered = true;
      await new Promise<void>((resolve) => (this.leave = resolve));
    }

    /** Ends the running `hold()`. */
    release(): void {
      this.leave();
    }

    /** Returns at once and keeps leading (releaseOnReturn is false by default). */
    @OnLeader(paths.election)
    lead(): void {
      this.terms += 1;
    }

    @WatchNode(paths.flags)
    onFlags(_data: Buffer | null, _stat: Stat | null): void {}
  }
  return CoordinatedService;
}

/** The four channels the tracker listens to, and whether each has a subscriber now. */
const trackedChannels = [
  diagnosticsChannels.lockAcquire,
  diagnosticsChannels.lockRelease,
  diagnosticsChannels.leaderStart,
  diagnosticsChannels.leaderEnd,
];
const subscribed = (): boolean[] => trackedChannels.map((name) => diagnosticsChannel.channel(name).hasSubscribers);

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('ZooKeeper status: session, held locks and leaderships', () => {
  let apps: TestingModule[] = [];
  const observer = sharedServerClient();
  afterEach(() => closeApps(apps));

  it('health details: session, @OnLeader election led, @ZkLock lock during the method and not after', async () => {
    const paths = {
      lock: uniquePath('status-lock'),
      election: uniquePath('status-election'),
      flags: uniquePath('flags'),
    };
    const Service = coordinatedService(paths);
    apps = [await startApp({ imports: [TerminusModule], controllers: [HealthController], providers: [Service] })];
    const service = apps[0].get(Service);
    const client = apps[0].get(ZooKeeperClient);
    const indicator = apps[0].get(ZookeeperHealthIndicator);
    await waitFor('the @OnLeader method to run', () => service.terms === 1);

    const stats = client.stats();
    const { zookeeper } = indicator.isHealthy();
    expect(zookeeper).toEqual({
      status: 'up',
      client: 'default',
      state: ConnectionState.CONNECTED,
      sessionId: `0x${client.sessionId.toString(16)}`,
      server: client.server,
      negotiatedTimeoutMs: stats.negotiatedTimeoutMs,
      lastZxid: stats.lastZxid,
      inFlight: stats.inFlight,
      queued: 0,
      watches: stats.watches,
      leaderships: [{ path: paths.election, since: expect.stringMatching(ISO_DATE) }],
      locks: [],
    });
    expect(zookeeper.negotiatedTimeoutMs).toBeGreaterThan(0);
    expect(BigInt(zookeeper.lastZxid)).toBeGreaterThan(0n);
    // @WatchNode on a missing node watches for its creation.
    expect(zookeeper.watches.exist).toBeGreaterThanOrEqual(1);
    // Plain JSON, as a route returns it.
    expect(JSON.parse(JSON.stringify(zookeeper))).toEqual(zookeeper);

    const holding = service.hold();
    await waitFor('the @ZkLock method to run', () => service.entered);
    const [node] = await observer.getChildren(paths.lock);
    const during = await apps[0].get(HealthController).check();
    expect(during.info?.zookeeper).toMatchObject({
      status: 'up',
      leaderships: [{ path: paths.election }],
      locks: [{ path: paths.lock, node, kind: 'lock', since: expect.stringMatching(ISO_DATE) }],
    });

    service.release();
    await holding;
    // The lock is released just after the method returns (in the background, so the caller is not kept waiting).
    await waitFor('the lock to be released', () => indicator.isHealthy().zookeeper.locks.length === 0);
    expect(await observer.getChildren(paths.lock)).toEqual([]);
    const after = await apps[0].get(HealthController).check();
    expect(after.info?.zookeeper).toMatchObject({ status: 'up', locks: [], leaderships: [{ path: paths.election }] });
  });

  it('moves the leadership from one instance to the other when the leader yields', async () => {
    const paths = { lock: uniquePath('unused'), election: uniquePath('status-yield'), flags: uniquePath('flags') };
    const Service = coordinatedService(paths);
    apps = await startApps(2, { providers: [Service] });
    const services = apps.map((app) => app.get(Service));
    const statuses = apps.map((app) => app.get(ZookeeperStatusService));
    await waitFor('two contenders', async () => (await observer.getChildren(paths.election)).length === 2);
    const leader = await waitFor('a leader', () => {
      const index = services.findIndex((service) => service.terms === 1);
      return index === -1 ? undefined : index;
    });
    const other = 1 - leader;
    expect(statuses.map((status) => status.status().leaderships.map(({ path }) => path))).toEqual(
      statuses.map((_, i) => (i === leader ? [paths.election] : [])),
    );

    await apps[leader].get(ZookeeperLeaderRegistry).yield(paths.election);
    await waitFor('the other instance to lead', () => services[other].terms === 1);

    expect(statuses[leader].status().leaderships).toEqual([]);
    expect(statuses[other].status().leaderships).toEqual([
      { path: paths.election, since: expect.stringMatching(ISO_DATE) },
    ]);
  });

  it('lists locks and elections taken by hand on the module’s clients, per client, not those of others', async () => {
    apps = [
      await startApp({ imports: [ZookeeperModule.forRoot({ name: 'audit', connectString: sharedConnectString() })] }),
    ];
    const status = apps[0].get(ZookeeperStatusService);
    const client = apps[0].get(ZooKeeperClient);
    const audit = apps[0].get<ZooKeeperClient>(getZookeeperClientToken('audit'));
    const lockPath = uniquePath('hand-lock');
    const readPath = uniquePath('hand-read-lock');
    const electionPath = uniquePath('hand-election');

    const lock = new Lock(client, lockPath);
    const readLock = new ReadLock(audit, readPath);
    const election = new Election(client, electionPath);
    // Not a client of the module: its lock is not this application's.
    const outsider = new Lock(observer, uniquePath('outsider-lock'));
    try {
      await lock.acquire();
      await readLock.acquire();
      await outsider.acquire();
      await election.start();
      await election.awaitLeadership();

      // Each lock's one node on the server is ours.
      const [lockNode] = await observer.getChildren(lockPath);
      const [readNode] = await observer.getChildren(readPath);

      const byDefault: ZookeeperClientStatus = status.status();
      expect(byDefault.client).toBe('default');
      expect(byDefault.locks).toEqual([
        { path: lockPath, node: lockNode, kind: 'lock', since: expect.stringMatching(ISO_DATE) },
      ]);
      expect(byDefault.leaderships).toEqual([{ path: electionPath, since: expect.stringMatching(ISO_DATE) }]);
      const byAudit = status.status({ client: 'audit' });
      expect(byAudit).toMatchObject({
        client: 'audit',
        state: ConnectionState.CONNECTED,
        sessionId: `0x${audit.sessionId.toString(16)}`,
        leaderships: [],
        locks: [{ path: readPath, node: readNode, kind: 'read-lock' }],
      });

      // Released and ended terms leave the lists as soon as release() and close() resolve.
      await lock.release();
      await election.close();
      expect(status.status()).toMatchObject({ locks: [], leaderships: [] });
      await readLock.release();
      expect(status.status({ client: 'audit' }).locks).toEqual([]);
    } finally {
      await Promise.all([lock.release(), readLock.release(), outsider.release(), election.close()]);
    }
    expect(() => status.status({ client: 'reports' })).toThrow(
      /ZooKeeper client "reports" referenced from ZookeeperStatusService\.status\(\) does not exist/,
    );
  });

  it('stops listening to the lock and leader channels when the application closes', async () => {
    // Nobody else in this process listens, so the channels show the tracker's subscriptions alone.
    expect(subscribed()).toEqual([false, false, false, false]);
    const app = await startApp({});
    apps = [app];
    expect(subscribed()).toEqual([true, true, true, true]);

    await app.close();

    expect(subscribed()).toEqual([false, false, false, false]);
  });

  it('stops listening when bootstrap fails, though Nest then runs no shutdown hook', async () => {
    const path = uniquePath('conflict');
    @Injectable()
    class Dispatcher {
      @OnLeader(path, { id: 'dispatcher' })
      dispatch(): void {}
    }
    @Injectable()
    class Reporter {
      @OnLeader(path, { id: 'reporter' })
      report(): void {}
    }
    const moduleRef = await Test.createTestingModule({
      imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString() })],
      providers: [Dispatcher, Reporter],
    }).compile();

    await expect(moduleRef.init()).rejects.toThrow(/dispatcher/);

    expect(moduleRef.get(ZooKeeperClient).closed).toBe(true);
    expect(subscribed()).toEqual([false, false, false, false]);
  });
});

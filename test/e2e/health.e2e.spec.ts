import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, ZooKeeperClient } from '../../lib/client';
import { ZookeeperHealthIndicator } from '../../lib/nest';
import { FaultProxy } from '../../lib/testing';
import { waitFor } from '../support/wait-for';
import { sharedConnectString } from '../support/zk';
import { closeApps, startApp } from './src/start-app';

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

/** The details from `client.stats()` besides state, session and server: their shape (status.e2e.spec.ts has values). */
const sessionCounters = {
  negotiatedTimeoutMs: expect.any(Number),
  lastZxid: expect.stringMatching(/^0x[0-9a-f]+$/),
  inFlight: expect.any(Number),
  queued: expect.any(Number),
  watches: { data: 0, exist: 0, child: 0, persistent: 0, persistentRecursive: 0 },
};

describe('ZookeeperHealthIndicator', () => {
  let apps: TestingModule[] = [];
  afterEach(() => closeApps(apps));

  it('reports up with session id, server and state while connected, down while the connection is gone', async () => {
    const proxy = await FaultProxy.start(sharedConnectString());
    apps = [
      await startApp({
        imports: [TerminusModule],
        controllers: [HealthController],
        zookeeper: { connectString: proxy.connectString, sessionTimeoutMs: 3000 },
      }),
    ];
    const client = apps[0].get(ZooKeeperClient);

    const result = await apps[0].get(HealthController).check();
    expect(result.status).toBe('ok');
    expect(result.info?.zookeeper).toEqual({
      status: 'up',
      client: 'default',
      state: ConnectionState.CONNECTED,
      sessionId: `0x${client.sessionId.toString(16)}`,
      server: client.server,
      ...sessionCounters,
      leaderships: [],
      locks: [],
    });

    const indicator = apps[0].get(ZookeeperHealthIndicator);
    const sessionId = `0x${client.sessionId.toString(16)}`;
    proxy.stall();
    try {
      await waitFor('the connection to be suspended', () => client.state === ConnectionState.SUSPENDED);
      expect(indicator.isHealthy('zk')).toEqual({
        zk: {
          status: 'down',
          client: 'default',
          state: ConnectionState.SUSPENDED,
          sessionId,
          ...sessionCounters,
          leaderships: [],
          locks: [],
        },
      });
      await expect(apps[0].get(HealthController).check()).rejects.toMatchObject({ status: 503 });
    } finally {
      proxy.resume();
    }
    await waitFor('the connection to be back', () => client.state === ConnectionState.CONNECTED);
    expect(indicator.isHealthy('zk').zk).toMatchObject({ status: 'up', sessionId });
    await closeApps(apps);
    await proxy.close();
  });
});

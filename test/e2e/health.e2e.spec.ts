import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, ZooKeeperClient } from '../../lib/client';
import { ZookeeperHealthIndicator } from '../../lib/nest';
import { closeApps, startApp } from './src/start-app';

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

describe('ZookeeperHealthIndicator', () => {
  let apps: TestingModule[] = [];
  afterEach(() => closeApps(apps));

  it('reports up with session id, server and state while connected, down once the session is gone', async () => {
    apps = [await startApp({ imports: [TerminusModule], controllers: [HealthController] })];
    const client = apps[0].get(ZooKeeperClient);

    const result = await apps[0].get(HealthController).check();
    expect(result.status).toBe('ok');
    expect(result.info?.zookeeper).toEqual({
      status: 'up',
      client: 'default',
      state: ConnectionState.CONNECTED,
      sessionId: `0x${client.sessionId.toString(16)}`,
      server: client.server,
    });

    await client.close();
    const down = apps[0].get(ZookeeperHealthIndicator).isHealthy('zk');
    expect(down).toEqual({ zk: { status: 'down', client: 'default', state: ConnectionState.LOST } });
  });
});

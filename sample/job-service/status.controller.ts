import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ZookeeperHealthIndicator, ZookeeperLeaderRegistry, ZookeeperStatusService } from '../../lib';
import type { ZookeeperClientStatus } from '../../lib';
import { JobActivity } from './job-activity';
import type { JobActivityEvent } from './job-activity';
import { JobServiceConfig } from './job-service.config';
import { PeersService } from './peers.service';
import { SettingsService } from './settings.service';

@Controller()
export class StatusController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly zookeeperHealth: ZookeeperHealthIndicator,
    private readonly leaders: ZookeeperLeaderRegistry,
    private readonly zookeeperStatus: ZookeeperStatusService,
    private readonly activity: JobActivity,
    private readonly config: JobServiceConfig,
    private readonly peersService: PeersService,
    private readonly settingsService: SettingsService,
  ) {}

  /** Terminus health check: 200 while the ZooKeeper session is up, 503 otherwise. */
  @Get('health')
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.zookeeperHealth.isHealthy('zookeeper')]);
  }

  /**
   * The ZooKeeper session (state, session id, server, timeout, last zxid, requests in flight and queued, watches) and
   * the locks and leaderships this instance holds right now; the same as the health check's details, without terminus.
   */
  @Get('zookeeper')
  zookeeper(): ZookeeperClientStatus {
    return this.zookeeperStatus.status();
  }

  /** The settings in effect now, from `/config/job-service` (live: no restart after a change). */
  @Get('settings')
  settings(): { currency: string } {
    return { currency: this.settingsService.currency() };
  }

  /** The instances of the job service registered in service discovery (`/services/job-service`). */
  @Get('peers')
  peers(): { id: string; address: string | null; port: number | null }[] {
    return this.peersService.all().map(({ id, address, port }) => ({ id, address, port }));
  }

  @Get('activity')
  recentActivity(): {
    instance: string;
    elections: { client: string; path: string; isLeader: boolean }[];
    activity: readonly JobActivityEvent[];
  } {
    return { instance: this.config.instanceName, elections: this.leaders.elections(), activity: this.activity.list() };
  }
}

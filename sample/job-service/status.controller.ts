import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ZookeeperHealthIndicator, ZookeeperLeaderRegistry, ZookeeperStatusService } from '../../lib';
import type { ZookeeperClientStatus } from '../../lib';
import { JobActivity } from './job-activity';
import type { JobActivityEvent } from './job-activity';
import { JobServiceConfig } from './job-service.config';

@Controller()
export class StatusController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly zookeeperHealth: ZookeeperHealthIndicator,
    private readonly leaders: ZookeeperLeaderRegistry,
    private readonly zookeeperStatus: ZookeeperStatusService,
    private readonly activity: JobActivity,
    private readonly config: JobServiceConfig,
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

  @Get('activity')
  recentActivity(): {
    instance: string;
    elections: { client: string; path: string; isLeader: boolean }[];
    activity: readonly JobActivityEvent[];
  } {
    return { instance: this.config.instanceName, elections: this.leaders.elections(), activity: this.activity.list() };
  }
}

import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ZookeeperHealthIndicator, ZookeeperLeaderRegistry } from '../../lib';
import { JobActivity } from './job-activity';
import type { JobActivityEvent } from './job-activity';
import { JobServiceConfig } from './job-service.config';

@Controller()
export class StatusController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly zookeeper: ZookeeperHealthIndicator,
    private readonly leaders: ZookeeperLeaderRegistry,
    private readonly activity: JobActivity,
    private readonly config: JobServiceConfig,
  ) {}

  /** Terminus health check: 200 while the ZooKeeper session is up, 503 otherwise. */
  @Get('health')
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.zookeeper.isHealthy('zookeeper')]);
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

import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ZookeeperHealthIndicator } from 'nestjs-zookeeper';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly zookeeper: ZookeeperHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.zookeeper.isHealthy('zookeeper'),
      () => this.zookeeper.isHealthy('audit-zookeeper', { client: 'audit' }),
    ]);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ZookeeperConfigChange } from '../../lib';
import { OnConfigChange } from '../../lib';
import { JobActivity } from './job-activity';

/**
 * The job service's settings, read from ZooKeeper in Spring Cloud Zookeeper Config's layout
 * (`/config/job-service/...`, shared defaults in `/config/application/...`) through `@nestjs/config`, and kept current:
 * a changed node reaches `ConfigService` and `onReportsChanged` without a restart.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  constructor(
    private readonly config: ConfigService,
    private readonly activity: JobActivity,
  ) {}

  /** The currency reports are priced in: `reports.currency`, `EUR` when no context sets it. */
  currency(): string {
    return this.config.get<string>('reports.currency') ?? 'EUR';
  }

  @OnConfigChange('reports')
  onReportsChanged({ key, value, previous }: ZookeeperConfigChange): void {
    this.logger.log(`Setting ${key}: ${previous ?? '(unset)'} -> ${value ?? '(unset)'}`);
    this.activity.record({ type: 'setting', key, value: value ?? null });
  }
}

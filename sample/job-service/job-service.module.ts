import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigModule } from '@nestjs/config';
import {
  ZookeeperConfigModule,
  ZookeeperDashboardModule,
  ZookeeperDiscoveryModule,
  ZookeeperModule,
  zookeeperConfig,
} from '../../lib';
import { CleanupJob } from './cleanup.job';
import { DispatcherWorker } from './dispatcher.worker';
import { FeatureFlags } from './feature-flags.service';
import { JobActivity } from './job-activity';
import { JobServiceConfig, JobServiceConfigModule } from './job-service.config';
import { ReportsController } from './reports.controller';
import { PeersService } from './peers.service';
import { ReportsService } from './reports.service';
import { SettingsService } from './settings.service';
import { JOB_SERVICE, ZK_PATHS } from './zookeeper-paths';
import { StatusController } from './status.controller';

/** Settings in Spring Cloud Zookeeper Config's layout: `/config/job-service`, over `/config/application`. */
const settings = zookeeperConfig({
  connectString: process.env.ZK_CONNECT ?? 'localhost:2181',
  application: 'job-service',
});

/** The job service: every instance runs the same module; ZooKeeper decides who does what. */
@Module({
  imports: [
    JobServiceConfigModule,
    ZookeeperModule.forRootAsync({
      imports: [JobServiceConfigModule],
      inject: [JobServiceConfig],
      useFactory: (config: JobServiceConfig) => config.createZookeeperOptions(),
    }),
    // Each instance registers itself once it listens and finds the others: the report builder asks a peer.
    ZookeeperDiscoveryModule.forRootAsync({
      imports: [JobServiceConfigModule],
      inject: [JobServiceConfig],
      useFactory: (config: JobServiceConfig) => ({
        register: { name: JOB_SERVICE, id: config.instanceName, address: '127.0.0.1' },
      }),
      discover: [JOB_SERVICE],
    }),
    // GET /dashboard: a read-only page of the coordination as ZooKeeper has it (JSON at /dashboard/api/snapshot): who
    // leads /job-service/leader and who waits, who holds /job-service/locks/nightly-report with its fencing token and
    // who waits behind, this instance's session and decorated methods. It finds the decorators' paths by itself; the
    // per-invoice locks, whose paths are computed per call, are listed as a family (`<parent>/*`). Not at 'zookeeper',
    // the default: GET /zookeeper is the status route. This sample has no authentication, and main.ts listens on every
    // interface (only the demo's instances keep to 127.0.0.1): a real deployment must protect the page with `guards`.
    ZookeeperDashboardModule.forRoot({ path: 'dashboard', locks: [ZK_PATHS.invoiceLock('*')] }),
    ConfigModule.forRoot({ load: [settings] }),
    ZookeeperConfigModule.forRoot(settings),
    ScheduleModule.forRoot(),
    TerminusModule,
  ],
  controllers: [ReportsController, StatusController],
  providers: [JobActivity, DispatcherWorker, CleanupJob, FeatureFlags, PeersService, ReportsService, SettingsService],
})
export class JobServiceModule {}

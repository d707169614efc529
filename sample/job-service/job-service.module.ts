import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigModule } from '@nestjs/config';
import { ZookeeperConfigModule, ZookeeperDiscoveryModule, ZookeeperModule, zookeeperConfig } from '../../lib';
import { CleanupJob } from './cleanup.job';
import { DispatcherWorker } from './dispatcher.worker';
import { FeatureFlags } from './feature-flags.service';
import { JobActivity } from './job-activity';
import { JobServiceConfig, JobServiceConfigModule } from './job-service.config';
import { ReportsController } from './reports.controller';
import { PeersService } from './peers.service';
import { ReportsService } from './reports.service';
import { SettingsService } from './settings.service';
import { JOB_SERVICE } from './zookeeper-paths';
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
    ConfigModule.forRoot({ load: [settings] }),
    ZookeeperConfigModule.forRoot(settings),
    ScheduleModule.forRoot(),
    TerminusModule,
  ],
  controllers: [ReportsController, StatusController],
  providers: [JobActivity, DispatcherWorker, CleanupJob, FeatureFlags, PeersService, ReportsService, SettingsService],
})
export class JobServiceModule {}

import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { ZookeeperModule } from '../../lib';
import { CleanupJob } from './cleanup.job';
import { DispatcherWorker } from './dispatcher.worker';
import { FeatureFlags } from './feature-flags.service';
import { JobActivity } from './job-activity';
import { JobServiceConfig, JobServiceConfigModule } from './job-service.config';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { StatusController } from './status.controller';

/** The job service: every instance runs the same module; ZooKeeper decides who does what. */
@Module({
  imports: [
    JobServiceConfigModule,
    ZookeeperModule.forRootAsync({
      imports: [JobServiceConfigModule],
      inject: [JobServiceConfig],
      useFactory: (config: JobServiceConfig) => config.createZookeeperOptions(),
    }),
    ScheduleModule.forRoot(),
    TerminusModule,
  ],
  controllers: [ReportsController, StatusController],
  providers: [JobActivity, DispatcherWorker, CleanupJob, FeatureFlags, ReportsService],
})
export class JobServiceModule {}

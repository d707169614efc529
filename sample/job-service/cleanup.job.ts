import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { LeaderOnly } from '../../lib';
import { JobActivity } from './job-activity';
import { ZK_PATHS } from './zookeeper-paths';

/** Purges finished jobs. Every instance ticks; only the leader does the work. */
@Injectable()
export class CleanupJob {
  private runs = 0;

  constructor(private readonly activity: JobActivity) {}

  @LeaderOnly(ZK_PATHS.leader)
  @Interval(1000)
  purgeFinishedJobs(): void {
    this.runs += 1;
    this.activity.record({ type: 'cleanup', run: this.runs });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { OnLeader } from '../../lib';
import { JobActivity } from './job-activity';
import { ZK_PATHS } from './zookeeper-paths';

/** Dispatches queued jobs to workers; only the elected leader among the instances does it. */
@Injectable()
export class DispatcherWorker {
  private readonly logger = new Logger(DispatcherWorker.name);
  private terms = 0;
  dispatched = 0;

  constructor(private readonly activity: JobActivity) {}

  /** Runs for as long as this instance leads; `signal` aborts when leadership is lost or the app shuts down. */
  @OnLeader(ZK_PATHS.leader)
  async dispatch(signal: AbortSignal): Promise<void> {
    const term = ++this.terms;
    this.logger.log(`Elected leader (term ${term}): dispatching jobs`);
    this.activity.record({ type: 'leader', term });
    while (!signal.aborted) {
      this.dispatched += 1;
      await sleep(250, undefined, { signal }).catch(() => undefined);
    }
    const reason = signal.reason instanceof Error ? signal.reason.message : 'shutdown';
    this.logger.log(`Leadership ended (term ${term}): ${reason}`);
    this.activity.record({ type: 'leader-ended', term, reason });
  }
}

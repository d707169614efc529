import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZkLock } from '../../lib';
import { FeatureFlags } from './feature-flags.service';
import { JobActivity } from './job-activity';
import { PeersService } from './peers.service';
import { ZK_PATHS } from './zookeeper-paths';

/** The outcome of asking for the nightly report. */
export interface NightlyReportResult {
  ran: boolean;
  /** The lock's fencing token as a decimal string: a bigint has no JSON form. */
  fencingToken?: string;
  pricing?: 'new' | 'legacy';
  /** The peer instance, found through service discovery, that reviewed the report. */
  reviewedBy?: string;
}

@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly flags: FeatureFlags,
    private readonly activity: JobActivity,
    private readonly peers: PeersService,
  ) {}

  /**
   * Builds the nightly report, in one instance at a time. An instance that finds the lock taken skips (returns
   * `undefined`); the lock is kept at least 2 s, so instances triggered a moment apart do not build it twice.
   */
  @ZkLock(ZK_PATHS.nightlyReportLock, { onBusy: 'skip', holdAtLeastMs: 2000 })
  async buildNightlyReport(): Promise<NightlyReportResult> {
    const fencingToken = ZkLock.fencingToken()?.toString();
    this.logger.log(`Building the nightly report (fencing token ${fencingToken})`);
    // The signal aborts if the lock is lost mid-way: stop rather than write a report someone else may also write.
    await sleep(300, undefined, { signal: ZkLock.signal() });
    const reviewedBy = await this.peers.askPeer();
    this.activity.record({ type: 'report', fencingToken });
    return { ran: true, fencingToken, pricing: this.flags.isEnabled('newPricing') ? 'new' : 'legacy', reviewedBy };
  }

  /** Charges one invoice; calls for the same invoice wait for each other, up to 5 s, whichever instance they hit. */
  @ZkLock((invoiceId: string) => ZK_PATHS.invoiceLock(invoiceId), { onBusy: 'wait', waitTimeoutMs: 5000 })
  async chargeInvoice(invoiceId: string): Promise<{ invoiceId: string; charged: true }> {
    await sleep(50);
    return { invoiceId, charged: true };
  }
}

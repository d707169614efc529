import { Injectable, Logger } from '@nestjs/common';
import type { Stat } from '../../lib';
import { WatchNode } from '../../lib';
import { JobActivity } from './job-activity';
import { ZK_PATHS } from './zookeeper-paths';

/** Feature flags stored as JSON in one znode; every instance follows changes as they happen. */
@Injectable()
export class FeatureFlags {
  private readonly logger = new Logger(FeatureFlags.name);
  private flags: Record<string, unknown> = {};

  constructor(private readonly activity: JobActivity) {}

  isEnabled(flag: string): boolean {
    return this.flags[flag] === true;
  }

  @WatchNode(ZK_PATHS.flags, { parse: 'json' })
  onFlagsChanged(flags: Record<string, unknown> | null, stat: Stat | null): void {
    this.flags = flags ?? {};
    this.logger.log(`Feature flags (version ${stat?.version ?? 'none'}): ${JSON.stringify(this.flags)}`);
    this.activity.record({ type: 'flags', flags });
  }
}

import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Something noteworthy an instance did, for its activity feed (`GET /activity`) and the demo's timeline. */
export type JobActivityEvent =
  | { type: 'leader'; term: number }
  | { type: 'leader-ended'; term: number; reason: string }
  | { type: 'cleanup'; run: number }
  | { type: 'report'; fencingToken: string | undefined }
  | { type: 'flags'; flags: Record<string, unknown> | null }
  | { type: 'setting'; key: string; value: string | null };

/** The instance's recent activity, kept in memory and emitted as `'activity'` events. */
@Injectable()
export class JobActivity extends EventEmitter {
  private readonly recent: (JobActivityEvent & { at: string })[] = [];

  record(event: JobActivityEvent): void {
    this.recent.push({ ...event, at: new Date().toISOString() });
    if (this.recent.length > 100) this.recent.shift();
    this.emit('activity', event);
  }

  list(): readonly (JobActivityEvent & { at: string })[] {
    return this.recent;
  }
}

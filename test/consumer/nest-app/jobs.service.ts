import { Injectable } from '@nestjs/common';
import { OnLeader, WatchNode, ZkLock } from 'nestjs-zookeeper';
import { Signal } from './wait-for.js';

export const LEADER_PATH = '/consumer/leader';
export const LOCK_PATH = '/consumer/locks/report';
export const FLAGS_PATH = '/consumer/flags';

/** One of each decorator a consumer app checks, recording what the module made of them. */
@Injectable()
export class JobsService {
  leaderRuns = 0;
  readonly led = new Signal();
  readonly flags: unknown[] = [];
  private flagWaiters: Array<{ matches: (value: unknown) => boolean; signal: Signal }> = [];

  @OnLeader(LEADER_PATH)
  async lead(signal: AbortSignal): Promise<void> {
    this.leaderRuns++;
    this.led.resolve();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  @ZkLock(LOCK_PATH)
  async report(): Promise<bigint | undefined> {
    return ZkLock.fencingToken();
  }

  @WatchNode(FLAGS_PATH, { parse: 'json' })
  onFlags(flags: unknown): void {
    this.flags.push(flags);
    for (const waiter of this.flagWaiters) if (waiter.matches(flags)) waiter.signal.resolve();
  }

  /** Resolves once the watcher has been handed a value `matches` accepts (at once if it already was). */
  flagsSeen(matches: (value: unknown) => boolean): Promise<void> {
    const signal = new Signal();
    if (this.flags.some(matches)) signal.resolve();
    else this.flagWaiters.push({ matches, signal });
    return signal.promise;
  }
}

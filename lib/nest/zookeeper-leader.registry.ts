import { Injectable } from '@nestjs/common';
import { ZookeeperOrchestrator } from './zookeeper.orchestrator';

/**
 * The elections this application takes part in through `@OnLeader()` / `@LeaderOnly()`, at run time (as
 * `SchedulerRegistry` is for `@nestjs/schedule`).
 *
 * @publicApi
 */
@Injectable()
export class ZookeeperLeaderRegistry {
  /** @internal Created by Nest's dependency injection. */
  constructor(private readonly orchestrator: ZookeeperOrchestrator) {}

  /** Whether this application leads the election at `path` (of the client named `client`, default client if omitted). */
  isLeader(path: string, client?: string): boolean {
    return this.orchestrator.isLeader(client, path);
  }

  /** Every election this application contends in, and whether it leads it. */
  elections(): {
    /** The name of the client that runs the election (`'default'` unless named). */
    client: string;
    /** The election's path. */
    path: string;
    /** Whether this application leads the election right now. */
    isLeader: boolean;
  }[] {
    return this.orchestrator.elections();
  }

  /**
   * Steps down from the election at `path` if leading (the `@OnLeader()` signal aborts and the method is awaited
   * first), then contends again at the end of the line, so another instance takes over. Rejects when this application
   * takes no part in that election, or is shutting down.
   */
  yield(path: string, client?: string): Promise<void> {
    return this.orchestrator.yieldLeadership(client, path);
  }
}

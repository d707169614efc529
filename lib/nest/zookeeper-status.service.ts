import { Injectable } from '@nestjs/common';
import type { ZookeeperClientStatus } from './interfaces/zookeeper-status.interface';
import { ZookeeperClientRegistry } from './zookeeper-client.registry';
import { ZookeeperHoldingsTracker } from './zookeeper-holdings.tracker';

/**
 * What a status route or page shows about a client of the module: its session (state, session id, server, negotiated
 * timeout, last zxid, requests in flight and queued, watches by kind) and the locks and leaderships this application
 * holds through it. Injectable wherever `ZookeeperModule` is imported, and needs no `@nestjs/terminus`.
 *
 * It is a service of its own rather than a method of `ZookeeperHealthIndicator`, as Nest packages keep run-time state
 * in injectable services (`SchedulerRegistry`, `ZookeeperLeaderRegistry`) and health indicators for terminus checks:
 * the indicator reports this same snapshot as its details, with the up/down status on top.
 *
 * @example
 * \@Get('zookeeper')
 * zookeeper(): ZookeeperClientStatus { return this.zookeeperStatus.status(); }
 *
 * @publicApi
 */
@Injectable()
export class ZookeeperStatusService {
  /** @internal Created by Nest's dependency injection. */
  constructor(
    private readonly clients: ZookeeperClientRegistry,
    private readonly tracker: ZookeeperHoldingsTracker,
  ) {}

  /**
   * The client named `options.client` (the default client when omitted) now. Throws when the module has no client of
   * that name. Locks and leaderships are those acquired since the module initialised.
   */
  status(options: { client?: string } = {}): ZookeeperClientStatus {
    const { name, client } = this.clients.get(options.client, 'ZookeeperStatusService.status()');
    const { sessionId, server, state, negotiatedTimeoutMs, lastZxid, inFlight, queued, watches, member } =
      client.stats();
    const { leaderships, locks } = this.tracker.heldBy(client);
    return {
      client: name,
      state,
      ...(sessionId !== '0x0' ? { sessionId } : {}),
      ...(server !== undefined ? { server } : {}),
      ...(member !== undefined ? { member } : {}),
      negotiatedTimeoutMs,
      lastZxid,
      inFlight,
      queued,
      watches,
      leaderships,
      locks,
    };
  }
}

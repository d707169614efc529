import { Injectable } from '@nestjs/common';
import { ConnectionState } from '../../client';
import type { ZookeeperClientStatus } from '../interfaces/zookeeper-status.interface';
import { ZookeeperClientRegistry } from '../zookeeper-client.registry';
import { ZookeeperStatusService } from '../zookeeper-status.service';

/**
 * What the indicator reports, shaped as `@nestjs/terminus`'s `HealthIndicatorResult` (so it can be returned from a
 * `HealthCheckService.check()` callback) without this file needing terminus' types. The details under `Key` are the
 * client's {@link ZookeeperClientStatus} (`client`, `state`, `sessionId`, `server`, `negotiatedTimeoutMs`, `lastZxid`,
 * `inFlight`, `queued`, `watches`, `leaderships`, `locks`, each documented there) with `status` on top.
 *
 * @publicApi
 */
export type ZookeeperHealthResult<Key extends string> = Record<
  Key,
  ZookeeperClientStatus & {
    /** `'up'` while the client is CONNECTED with a session (a read-only connection counts as `'down'`). */
    status: 'up' | 'down';
  }
>;

/** The part of `@nestjs/terminus` the indicator uses, loaded only when a check runs. */
interface TerminusHealthIndicators {
  HealthIndicatorService: new () => {
    check(key: string): { up(data: object): unknown; down(data: object): unknown };
  };
}

/**
 * A `@nestjs/terminus` health indicator: `up` while the client is CONNECTED with a session, `down` otherwise. The
 * details are the client's session and the locks and leaderships this application holds, as
 * {@link ZookeeperStatusService.status} gives them (serve that for a status route without terminus).
 * `@nestjs/terminus` is an optional peer dependency, required only when a check runs.
 *
 * @example
 * \@Get('health') \@HealthCheck()
 * check() { return this.health.check([() => this.zookeeper.isHealthy('zookeeper')]); }
 *
 * @publicApi
 */
@Injectable()
export class ZookeeperHealthIndicator {
  private indicators: InstanceType<TerminusHealthIndicators['HealthIndicatorService']> | undefined;

  /** @internal Created by Nest's dependency injection. */
  constructor(
    private readonly clients: ZookeeperClientRegistry,
    private readonly status: ZookeeperStatusService,
  ) {}

  /** Checks the client named `options.client` (the default client when omitted) and reports under `key`. */
  isHealthy<const Key extends string = 'zookeeper'>(
    key: Key = 'zookeeper' as Key,
    options: { client?: string } = {},
  ): ZookeeperHealthResult<Key> {
    const { name } = this.clients.get(options.client, 'ZookeeperHealthIndicator.isHealthy()');
    const details = this.status.status({ client: name });
    const connected = details.state === ConnectionState.CONNECTED && details.sessionId !== undefined;
    const session = this.healthIndicatorService().check(key);
    return (connected ? session.up(details) : session.down(details)) as ZookeeperHealthResult<Key>;
  }

  private healthIndicatorService(): InstanceType<TerminusHealthIndicators['HealthIndicatorService']> {
    // Required here rather than imported: applications that never run a health check need not install terminus.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.indicators ??= new (require('@nestjs/terminus') as TerminusHealthIndicators).HealthIndicatorService();
    return this.indicators;
  }
}

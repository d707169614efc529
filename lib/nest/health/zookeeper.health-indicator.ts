import { Injectable } from '@nestjs/common';
import { ConnectionState } from '../../client';
import { ZookeeperClientRegistry } from '../zookeeper-client.registry';

/**
 * What the indicator reports, shaped as `@nestjs/terminus`'s `HealthIndicatorResult` (so it can be returned from a
 * `HealthCheckService.check()` callback) without this file needing terminus' types.
 *
 * @publicApi
 */
export type ZookeeperHealthResult<Key extends string> = Record<
  Key,
  {
    /** `'up'` while the client is CONNECTED with a session (a read-only connection counts as `'down'`). */
    status: 'up' | 'down';
    /** The name the client is registered under in the module (`'default'` unless named). */
    client: string;
    /** The client's connection state at the time of the check. */
    state: ConnectionState;
    /** The session id in hex (`0x…`), as ZooKeeper's own tools print it; absent without a session. */
    sessionId?: string;
    /** The `host:port` the session is connected to. */
    server?: string;
  }
>;

/** The part of `@nestjs/terminus` the indicator uses, loaded only when a check runs. */
interface TerminusHealthIndicators {
  HealthIndicatorService: new () => {
    check(key: string): { up(data: object): unknown; down(data: object): unknown };
  };
}

/**
 * A `@nestjs/terminus` health indicator: `up` while the client is CONNECTED, with the session id, server and state in
 * the details; `down` otherwise. `@nestjs/terminus` is an optional peer dependency, required only when a check runs.
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
  constructor(private readonly clients: ZookeeperClientRegistry) {}

  /** Checks the client named `options.client` (the default client when omitted) and reports under `key`. */
  isHealthy<const Key extends string = 'zookeeper'>(
    key: Key = 'zookeeper' as Key,
    options: { client?: string } = {},
  ): ZookeeperHealthResult<Key> {
    const { name, client } = this.clients.get(options.client, 'ZookeeperHealthIndicator.isHealthy()');
    const connected = client.state === ConnectionState.CONNECTED && client.sessionId !== 0n;
    const details = {
      client: name,
      state: client.state,
      ...(client.sessionId !== 0n ? { sessionId: `0x${client.sessionId.toString(16)}` } : {}),
      ...(client.server !== undefined ? { server: client.server } : {}),
    };
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

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { ServiceDiscovery, ServiceInstance } from '../../discovery';
import { describeError } from '../zookeeper.messages';
import { ZOOKEEPER_LOGGER_CONTEXT } from '../zookeeper.constants';
import type { ZookeeperDiscoveryOptions } from './zookeeper-discovery-options.interface';
import { ZOOKEEPER_SERVICE_DISCOVERY } from './zookeeper-discovery.constants';
import { ZOOKEEPER_DISCOVERY_OPTIONS } from './zookeeper-discovery.module-definition';

/** A subscription of an rxjs-like observable, as HttpAdapterHost's `listen$` gives. */
interface Unsubscribable {
  unsubscribe(): void;
}

/**
 * Registers this application in the service registry (`register` option) once it listens, keeps it there while its
 * `healthCheck` says healthy, and unregisters it first at shutdown: before the clients close, so other instances stop
 * sending it work while it still answers. Injectable, for the instance as registered (`instance`).
 *
 * @publicApi
 */
@Injectable()
export class ZookeeperDiscoveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ZOOKEEPER_LOGGER_CONTEXT);
  private registered: ServiceInstance | undefined;
  private listening: Unsubscribable | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  /** Registration and health changes, one at a time. */
  private work: Promise<void> = Promise.resolve();
  private stopped = false;

  /** @internal Created by Nest's dependency injection. */
  constructor(
    @Inject(ZOOKEEPER_DISCOVERY_OPTIONS) private readonly options: ZookeeperDiscoveryOptions,
    /** The `ServiceDiscovery` on the module's client, to query the registry directly. */
    @Inject(ZOOKEEPER_SERVICE_DISCOVERY) readonly discovery: ServiceDiscovery,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  /** This application's instance as registered now; undefined before it listens, while unhealthy and after shutdown. */
  get instance(): ServiceInstance | undefined {
    return this.registered;
  }

  /** Registers once the HTTP server listens, or at once for an application without one. */
  onApplicationBootstrap(): void {
    if (this.options.register === undefined) return;
    const host = this.adapterHost;
    if (host?.httpAdapter === undefined) {
      this.schedule(() => this.register(undefined));
      return;
    }
    const registerOnListen = (): void => this.schedule(() => this.register(this.listeningPort()));
    if (host.listening) registerOnListen();
    else this.listening = host.listen$.subscribe(registerOnListen);
  }

  /** Unregisters first (then the discovery closes with the module). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.listening?.unsubscribe();
    clearInterval(this.healthTimer);
    await this.work;
    if (this.registered !== undefined) await this.unregister('the application shuts down');
    await this.discovery.close();
  }

  private schedule(step: () => Promise<void>): void {
    this.work = this.work.then(step).catch((error: unknown) => {
      this.logger.error(`Service discovery: ${describeError(error)}`);
    });
  }

  private listeningPort(): number | undefined {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as { address?(): AddressInfo | string | null };
    const address = server?.address?.();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  private async register(port: number | undefined): Promise<void> {
    const registration = this.options.register;
    if (registration === undefined || this.stopped || this.registered !== undefined) return;
    this.registered = await this.discovery.register({ port: port ?? null, ...registration });
    const { name, id, address } = this.registered;
    this.logger.log(`Service discovery: registered ${name} ${id} at ${address ?? '?'}:${this.registered.port ?? '-'}`);
    if (this.options.healthCheck !== undefined && this.healthTimer === undefined) {
      const period = this.options.healthCheckIntervalMs ?? 10_000;
      this.healthTimer = setInterval(() => this.schedule(() => this.checkHealth(port)), period);
      this.healthTimer.unref();
    }
  }

  private async unregister(why: string): Promise<void> {
    const instance = this.registered;
    if (instance === undefined) return;
    this.registered = undefined;
    await this.discovery.unregister(instance.id);
    this.logger.log(`Service discovery: unregistered ${instance.name} ${instance.id}: ${why}`);
  }

  private async checkHealth(port: number | undefined): Promise<void> {
    const check = this.options.healthCheck;
    if (check === undefined || this.stopped) return;
    let healthy: boolean;
    try {
      healthy = (await check()) === true;
    } catch {
      healthy = false;
    }
    if (!healthy && this.registered !== undefined) await this.unregister('its health check failed');
    else if (healthy && this.registered === undefined) await this.register(port);
  }
}

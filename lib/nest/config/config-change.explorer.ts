import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { ZookeeperConfigChange } from '../../config';
import { scanMethods } from '../decorated-methods';
import { ZookeeperModuleError } from '../zookeeper-module.error';
import { ZOOKEEPER_LOGGER_CONTEXT } from '../zookeeper.constants';
import { NON_STATIC_PROVIDER, describeError, methodRef } from '../zookeeper.messages';
import type { OnConfigChangeMetadata } from './on-config-change.decorator';
import { ON_CONFIG_CHANGE_METADATA, ZOOKEEPER_CONFIG_LOADER } from './zookeeper-config.constants';
import type { ZookeeperConfigLoader } from './zookeeper-config.loader';

/** One `@OnConfigChange()` method found on a provider or controller. */
interface ConfigChangeHandler {
  readonly key: string | undefined;
  readonly instance: object;
  readonly className: string;
  readonly methodName: string;
}

/**
 * Finds the `@OnConfigChange()` methods of the application's singleton providers and controllers at bootstrap and
 * calls them with every matching change of the loader's source, until shutdown. Fails bootstrap, naming class and
 * method, when one sits on a request-scoped or transient provider.
 */
@Injectable()
export class ConfigChangeExplorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ZOOKEEPER_LOGGER_CONTEXT);
  private stop: (() => void) | undefined;

  /** @internal Created by Nest's dependency injection. */
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(ZOOKEEPER_CONFIG_LOADER) private readonly loader: ZookeeperConfigLoader,
  ) {}

  /** Subscribes the handlers found to the source's changes. */
  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.explore();
    if (handlers.length === 0) return;
    const source = await this.loader.open();
    const listener = (change: ZookeeperConfigChange): void => {
      for (const handler of handlers) {
        const { key } = handler;
        if (key !== undefined && change.key !== key && !change.key.startsWith(`${key}.`)) continue;
        this.call(handler, change);
      }
    };
    source.on('change', listener);
    this.stop = () => source.off('change', listener);
  }

  /** Stops calling the handlers. */
  beforeApplicationShutdown(): void {
    this.stop?.();
    this.stop = undefined;
  }

  /** The decorated methods of every singleton provider and controller. */
  explore(): ConfigChangeHandler[] {
    const handlers: ConfigChangeHandler[] = [];
    for (const { instance, isSingleton, className, methodName, method } of scanMethods(this.discovery, this.scanner)) {
      if (typeof method !== 'function') continue;
      const metadata = this.reflector.get<OnConfigChangeMetadata | undefined>(ON_CONFIG_CHANGE_METADATA, method);
      if (metadata === undefined) continue;
      if (!isSingleton) throw new ZookeeperModuleError(NON_STATIC_PROVIDER('OnConfigChange', className, methodName));
      handlers.push({ key: metadata.key, instance: instance as object, className, methodName });
    }
    return handlers;
  }

  private call(handler: ConfigChangeHandler, change: ZookeeperConfigChange): void {
    const where = methodRef(handler.className, handler.methodName);
    const fail = (error: unknown): void =>
      this.logger.error(`@OnConfigChange("${change.key}") handler ${where} threw: ${describeError(error)}`);
    try {
      const method = (handler.instance as Record<string, (change: ZookeeperConfigChange) => unknown>)[
        handler.methodName
      ];
      const result = method.call(handler.instance, change);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  }
}

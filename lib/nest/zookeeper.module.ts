import { Module } from '@nestjs/common';
import type { DynamicModule, FactoryProvider } from '@nestjs/common';
import type { ZooKeeperClient } from '../client';
import { getZookeeperClientToken } from './get-zookeeper-client-token';
import type { ZookeeperModuleOptions } from './interfaces/zookeeper-module-options.interface';
import { ZookeeperClientRegistry } from './zookeeper-client.registry';
import { ZookeeperCoreModule } from './zookeeper-core.module';
import {
  ConfigurableZookeeperModule,
  ZOOKEEPER_ASYNC_OPTIONS_TYPE,
  ZOOKEEPER_MODULE_OPTIONS,
  ZOOKEEPER_OPTIONS_TYPE,
} from './zookeeper.module-definition';
import { DEFAULT_ZOOKEEPER_CLIENT_NAME } from './zookeeper.constants';

/**
 * What `ZookeeperModule.forRoot()` takes: the client options plus `name` and `isGlobal`.
 *
 * @useDeclaredType
 * @publicApi
 */
export type ZookeeperModuleRootOptions = typeof ZOOKEEPER_OPTIONS_TYPE;

/**
 * What `ZookeeperModule.forRootAsync()` takes: `imports`, `inject`, `useFactory` | `useClass` | `useExisting`, `name`,
 * `isGlobal`.
 *
 * @useDeclaredType
 * @publicApi
 */
export type ZookeeperModuleAsyncOptions = typeof ZOOKEEPER_ASYNC_OPTIONS_TYPE;

/**
 * Registers a ZooKeeper client, connected during module initialisation and closed at shutdown, and runs the
 * `@ZkLock()`, `@OnLeader()`, `@LeaderOnly()`, `@WatchNode()` and `@WatchChildren()` methods of the application.
 *
 * @example
 * \@Module({ imports: [ZookeeperModule.forRoot({ connectString: 'localhost:2181' })] })
 * export class AppModule {}
 *
 * @publicApi
 */
@Module({})
export class ZookeeperModule extends ConfigurableZookeeperModule {
  /** Registers a client from static options; `name` (default `'default'`) and `isGlobal` shape the module. */
  static override forRoot(options: ZookeeperModuleRootOptions): DynamicModule {
    return withClient(super.forRoot(options), options.name);
  }

  /**
   * Registers a client whose options come from `useFactory` (with `imports`/`inject`), `useClass` or `useExisting`
   * (a class with `createZookeeperOptions()`); `name` and `isGlobal` go next to them, not in the factory's result.
   */
  static override forRootAsync(options: ZookeeperModuleAsyncOptions): DynamicModule {
    return withClient(super.forRootAsync(options), options.name);
  }
}

/** Adds the provider of client `name` (one token per name, see `getZookeeperClientToken`) to the builder's module. */
function withClient(definition: DynamicModule, name: string = DEFAULT_ZOOKEEPER_CLIENT_NAME): DynamicModule {
  const token = getZookeeperClientToken(name);
  const client: FactoryProvider<Promise<ZooKeeperClient>> = {
    provide: token,
    useFactory: (options: ZookeeperModuleOptions, registry: ZookeeperClientRegistry) => registry.create(name, options),
    inject: [ZOOKEEPER_MODULE_OPTIONS, ZookeeperClientRegistry],
  };
  return {
    ...definition,
    imports: [...(definition.imports ?? []), ZookeeperCoreModule],
    providers: [...(definition.providers ?? []), client],
    exports: [...(definition.exports ?? []), token, ZookeeperCoreModule],
  };
}

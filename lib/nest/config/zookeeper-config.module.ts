import { Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ZookeeperConfigSource } from '../../config';
import { ConfigChangeExplorer } from './config-change.explorer';
import { ZOOKEEPER_CONFIG_LOADER } from './zookeeper-config.constants';
import type { ZookeeperConfigLoader } from './zookeeper-config.loader';

/**
 * Runs the `@OnConfigChange()` methods of the application on the changes of a {@link zookeeperConfig} loader's
 * source, makes that {@link ZookeeperConfigSource} injectable (for `changes$()` and the flat view), and closes the
 * source and its client when the application shuts down. One per application; it does not need `ZookeeperModule`.
 *
 * @example
 * const orders = zookeeperConfig({ connectString: 'localhost:2181', application: 'orders' });
 * \@Module({ imports: [ConfigModule.forRoot({ load: [orders] }), ZookeeperConfigModule.forRoot(orders)] })
 * export class AppModule {}
 *
 * @publicApi
 */
@Module({})
export class ZookeeperConfigModule implements OnApplicationShutdown {
  /** @internal Created by Nest's dependency injection. */
  constructor(@Inject(ZOOKEEPER_CONFIG_LOADER) private readonly loader: ZookeeperConfigLoader) {}

  /** Registers the loader's source (opened here if `ConfigModule` has not run the loader yet); `global` by default. */
  static forRoot(loader: ZookeeperConfigLoader, options: { isGlobal?: boolean } = {}): DynamicModule {
    return {
      module: ZookeeperConfigModule,
      global: options.isGlobal ?? true,
      imports: [DiscoveryModule],
      providers: [
        { provide: ZOOKEEPER_CONFIG_LOADER, useValue: loader },
        { provide: ZookeeperConfigSource, useFactory: () => loader.open() },
        ConfigChangeExplorer,
      ],
      exports: [ZookeeperConfigSource],
    };
  }

  /** Closes the source and its client. */
  async onApplicationShutdown(): Promise<void> {
    await this.loader.close();
  }
}

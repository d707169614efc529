import { Module } from '@nestjs/common';
import type { DynamicModule, FactoryProvider } from '@nestjs/common';
import { ServiceDiscovery, ServiceProvider } from '../../discovery';
import { ZookeeperClientRegistry } from '../zookeeper-client.registry';
import { ZookeeperCoreModule } from '../zookeeper-core.module';
import { getServiceProviderToken } from './get-service-provider-token';
import type { ZookeeperDiscoveryOptions } from './zookeeper-discovery-options.interface';
import { ZOOKEEPER_SERVICE_DISCOVERY } from './zookeeper-discovery.constants';
import {
  ConfigurableZookeeperDiscoveryModule,
  ZOOKEEPER_DISCOVERY_ASYNC_OPTIONS_TYPE,
  ZOOKEEPER_DISCOVERY_OPTIONS,
  ZOOKEEPER_DISCOVERY_OPTIONS_TYPE,
} from './zookeeper-discovery.module-definition';
import { ZookeeperDiscoveryService } from './zookeeper-discovery.service';

/**
 * What `ZookeeperDiscoveryModule.forRoot()` takes: the options plus `discover` and `isGlobal`.
 *
 * @useDeclaredType
 * @publicApi
 */
export type ZookeeperDiscoveryRootOptions = typeof ZOOKEEPER_DISCOVERY_OPTIONS_TYPE;

/**
 * What `ZookeeperDiscoveryModule.forRootAsync()` takes: `imports`, `inject`, `useFactory` | `useClass` |
 * `useExisting`, with `discover` and `isGlobal` next to them.
 *
 * @useDeclaredType
 * @publicApi
 */
export type ZookeeperDiscoveryAsyncOptions = typeof ZOOKEEPER_DISCOVERY_ASYNC_OPTIONS_TYPE;

/**
 * Service discovery compatible with Curator x-discovery and Spring Cloud Zookeeper Discovery, on a client of
 * `ZookeeperModule`: registers the application once it listens and unregisters it first at shutdown (`register`),
 * leaves the registry while its `healthCheck` fails, and provides a `ServiceProvider` for each service in `discover`
 * (`@InjectServiceProvider(name)`).
 *
 * @example
 * \@Module({
 *   imports: [
 *     ZookeeperModule.forRoot({ connectString: 'localhost:2181' }),
 *     ZookeeperDiscoveryModule.forRoot({ register: { name: 'reports' }, discover: ['billing'] }),
 *   ],
 * })
 * export class AppModule {}
 *
 * @publicApi
 */
@Module({})
export class ZookeeperDiscoveryModule extends ConfigurableZookeeperDiscoveryModule {
  /** From static options. */
  static override forRoot(options: ZookeeperDiscoveryRootOptions): DynamicModule {
    return withDiscovery(super.forRoot(options), options.discover ?? []);
  }

  /** From options made by `useFactory` (with `imports`/`inject`), `useClass` or `useExisting`. */
  static override forRootAsync(options: ZookeeperDiscoveryAsyncOptions): DynamicModule {
    return withDiscovery(super.forRootAsync(options), options.discover ?? []);
  }
}

function withDiscovery(definition: DynamicModule, names: readonly string[]): DynamicModule {
  const discovery: FactoryProvider<Promise<ServiceDiscovery>> = {
    provide: ZOOKEEPER_SERVICE_DISCOVERY,
    useFactory: async (options: ZookeeperDiscoveryOptions, clients: ZookeeperClientRegistry) => {
      // The client's provider may be built after this one (another module): wait until it exists.
      const { client } = await clients.whenCreated(options.client, 'ZookeeperDiscoveryModule');
      return new ServiceDiscovery(client, {
        basePath: options.basePath ?? '/services',
        payloadClass: options.payloadClass,
      });
    },
    inject: [ZOOKEEPER_DISCOVERY_OPTIONS, ZookeeperClientRegistry],
  };
  const providers: FactoryProvider<Promise<ServiceProvider>>[] = names.map((name) => ({
    provide: getServiceProviderToken(name),
    useFactory: async (serviceDiscovery: ServiceDiscovery) => {
      const provider = new ServiceProvider(serviceDiscovery, name);
      await provider.start();
      return provider;
    },
    inject: [ZOOKEEPER_SERVICE_DISCOVERY],
  }));
  return {
    ...definition,
    imports: [...(definition.imports ?? []), ZookeeperCoreModule],
    providers: [...(definition.providers ?? []), discovery, ...providers, ZookeeperDiscoveryService],
    exports: [
      ...(definition.exports ?? []),
      ZOOKEEPER_SERVICE_DISCOVERY,
      ZookeeperDiscoveryService,
      ...names.map(getServiceProviderToken),
    ],
  };
}

import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ZookeeperDiscoveryExtras, ZookeeperDiscoveryOptions } from './zookeeper-discovery-options.interface';

/** The options shape of `ZookeeperDiscoveryModule`, with `isGlobal` and `discover` as static extras. */
export const {
  ConfigurableModuleClass: ConfigurableZookeeperDiscoveryModule,
  MODULE_OPTIONS_TOKEN: ZOOKEEPER_DISCOVERY_OPTIONS,
  OPTIONS_TYPE: ZOOKEEPER_DISCOVERY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ZOOKEEPER_DISCOVERY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ZookeeperDiscoveryOptions>({ moduleName: 'ZookeeperDiscovery' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createZookeeperDiscoveryOptions')
  .setExtras<ZookeeperDiscoveryExtras>({ isGlobal: false, discover: [] }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

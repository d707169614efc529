import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ZookeeperModuleExtras, ZookeeperModuleOptions } from './interfaces/zookeeper-module-options.interface';

/**
 * The options shape of `ZookeeperModule`: `forRoot(options)` and `forRootAsync({ imports, inject, useFactory |
 * useClass | useExisting })`, with `isGlobal` and `name` as static extras. `ZookeeperModule` adds the client
 * providers on top, because the builder knows a single options token per module class and named clients need one token
 * each.
 */
export const {
  ConfigurableModuleClass: ConfigurableZookeeperModule,
  MODULE_OPTIONS_TOKEN: ZOOKEEPER_MODULE_OPTIONS,
  OPTIONS_TYPE: ZOOKEEPER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ZOOKEEPER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ZookeeperModuleOptions>({ moduleName: 'Zookeeper' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createZookeeperOptions')
  .setExtras<ZookeeperModuleExtras>({ isGlobal: false, name: undefined }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ZookeeperDashboardExtras, ZookeeperDashboardOptions } from './zookeeper-dashboard-options.interface';

/** The options shape of `ZookeeperDashboardModule`, with `path` and `guards` as static extras. */
export const {
  ConfigurableModuleClass: ConfigurableZookeeperDashboardModule,
  MODULE_OPTIONS_TOKEN: ZOOKEEPER_DASHBOARD_OPTIONS,
  OPTIONS_TYPE: ZOOKEEPER_DASHBOARD_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ZOOKEEPER_DASHBOARD_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ZookeeperDashboardOptions>({ moduleName: 'ZookeeperDashboard' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createZookeeperDashboardOptions')
  .setExtras<ZookeeperDashboardExtras>({ path: 'zookeeper', guards: [] }, (definition) => definition)
  .build();

export { ZookeeperDashboardModule } from './zookeeper-dashboard.module';
export type { ZookeeperDashboardAsyncOptions, ZookeeperDashboardRootOptions } from './zookeeper-dashboard.module';
export type { ZookeeperDashboardExtras, ZookeeperDashboardOptions } from './zookeeper-dashboard-options.interface';
export type {
  ZookeeperDashboardSnapshot,
  ZookeeperDashboardSource,
  ZookeeperDashboardTracked,
  ZookeeperDashboardTreeNode,
} from './zookeeper-dashboard-snapshot.interface';
export { DASHBOARD_ACTION_HEADER } from './zookeeper-dashboard.controller';

export type { ZookeeperConfigLayout } from './config-layout';
export { configContexts } from './config-context';
export type { ConfigContext } from './config-context';
export type { ZookeeperConfigTree } from './config-tree';
export type { ZookeeperConfigChange } from './config-change';
export { ZookeeperConfigSource } from './zookeeper-config-source';
export type {
  ZookeeperConfigSourceEvents,
  ZookeeperConfigSourceOpenOptions,
  ZookeeperConfigSourceOptions,
} from './zookeeper-config-source';

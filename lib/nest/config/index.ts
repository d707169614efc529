export { zookeeperConfig } from './zookeeper-config.loader';
export type { ZookeeperConfigLoader, ZookeeperConfigLoaderOptions } from './zookeeper-config.loader';
export { OnConfigChange } from './on-config-change.decorator';
export { ZookeeperConfigModule } from './zookeeper-config.module';

/** Metadata key `@OnConfigChange()` sets on the decorated method. */
export const ON_CONFIG_CHANGE_METADATA = 'zookeeper:on-config-change';

/** Token of the loader a `ZookeeperConfigModule.forRoot()` was given. */
export const ZOOKEEPER_CONFIG_LOADER = Symbol('ZOOKEEPER_CONFIG_LOADER');

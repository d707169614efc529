export * from './decorators';
export * from './get-zookeeper-client-token';
export * from './health/zookeeper.health-indicator';
export * from './interfaces/zookeeper-module-options.interface';
export { ZkLockBusyError } from './zk-lock-busy.error';
export type { ZkLockContext } from './zk-lock.context';
export { DEFAULT_ZOOKEEPER_CLIENT_NAME } from './zookeeper.constants';
export { ZookeeperLeaderRegistry } from './zookeeper-leader.registry';
export { ZookeeperModule } from './zookeeper.module';

export * from './decorators';
export * from './get-zookeeper-client-token';
export * from './health/zookeeper.health-indicator';
export * from './interfaces/zookeeper-module-options.interface';
export { ZkLockBusyError } from './zk-lock-busy.error';
export { ZookeeperModuleError } from './zookeeper-module.error';
export type { ZkLockContext } from './zk-lock.context';
export { DEFAULT_ZOOKEEPER_CLIENT_NAME } from './zookeeper.constants';
export { ZookeeperElectionConflictError } from './zookeeper-election-conflict.error';
export type { ElectionOptionSource } from './interfaces/election-option-source.interface';
export type { ZkLockBusyPolicy, ZkLockOptions } from './interfaces/zk-lock-options.interface';
export { ZookeeperLeaderRegistry } from './zookeeper-leader.registry';
export { ZookeeperStatusService } from './zookeeper-status.service';
export type {
  ZookeeperClientStatus,
  ZookeeperHeldLeadership,
  ZookeeperHeldLock,
} from './interfaces/zookeeper-status.interface';
export { ZookeeperModule } from './zookeeper.module';
export type { ZookeeperModuleAsyncOptions, ZookeeperModuleRootOptions } from './zookeeper.module';
export * from './discovery';
export * from './dashboard';
export type { ZookeeperMethodActivity } from './interfaces/zookeeper-method-activity.interface';

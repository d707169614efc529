export * from './inject-zookeeper.decorator';
export * from './zk-lock.decorator';
export * from './on-leader.decorator';
export * from './leader-only.decorator';
export * from './watch-node.decorator';
export * from './watch-children.decorator';

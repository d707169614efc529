/** Name of the client registered by `ZookeeperModule.forRoot()` without a `name`. */
export const DEFAULT_ZOOKEEPER_CLIENT_NAME = 'default';

/** Context of every log line the Nest integration writes. */
export const ZOOKEEPER_LOGGER_CONTEXT = 'Zookeeper';

/** Default of `shutdownTimeoutMs`: how long application shutdown may spend leaving ZooKeeper cleanly. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Metadata keys the decorators set on the decorated method (read by `ZookeeperMetadataAccessor`). */
export const ZK_LOCK_METADATA = 'zookeeper:zk-lock';
export const ON_LEADER_METADATA = 'zookeeper:on-leader';
export const LEADER_ONLY_METADATA = 'zookeeper:leader-only';
export const WATCH_NODE_METADATA = 'zookeeper:watch-node';
export const WATCH_CHILDREN_METADATA = 'zookeeper:watch-children';

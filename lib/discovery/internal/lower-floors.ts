/**
 * The one place the discovery layer imports the floors below it from (the client and the recipes), so that those
 * files are named in a single spot.
 */
export { ConnectionState, ZooKeeperClient } from '../../client/zookeeper-client';
export {
  ClientClosedError,
  InvalidArgumentError,
  NoNodeError,
  NodeExistsError,
  SessionExpiredError,
  UnimplementedError,
} from '../../client/errors';
export { CreateMode } from '../../protocol/create-mode';
export type { Stat } from '../../protocol/records/stat';
export { ZkError, ZkUsageError } from '../../protocol/zk-error';
export { TreeCache } from '../../recipes/tree-cache';
export type { TreeCacheNode, TreeCacheWatchMode } from '../../recipes/tree-cache';
export { joinPath, validatePath } from '../../client/paths';
export { checkRecipeOptions, durationOption, validateRecipePath } from '../../recipes/internal/inputs';
export { isConnected, onStateChange } from '../../recipes/internal/session-state';
export { SerialQueue } from '../../recipes/internal/serial-queue';

/**
 * The one place recipes import the client layer from, so that the recipes name client files in a single spot.
 */
export { ZooKeeperClient, ConnectionState } from '../../client/zookeeper-client';
export type { WatchListener, WatchedEvent } from '../../client/zookeeper-client';
export {
  NoNodeError,
  NodeExistsError,
  BadVersionError,
  NotEmptyError,
  SessionExpiredError,
  ConnectionLossError,
  OperationTimeoutError,
  ClientClosedError,
  UnimplementedError,
  TransactionError,
  InvalidArgumentError,
} from '../../client/errors';
export { validatePath } from '../../client/paths';
export { Transaction } from '../../client/transaction';
export type { OpResult, TransactionCreateOptions } from '../../client/transaction';
export { isAbortSignal, signalError } from '../../client/operation-checks';
export { ZooKeeperError } from '../../protocol/zookeeper-error';
export { ZkError, ZkUsageError } from '../../protocol/zk-error';
export { isRetryable } from '../../client/retry';
export { sleep } from '../../client/abortable-sleep';
export { CreateMode } from '../../protocol/create-mode';
export { EventType, KeeperState, AddWatchMode, WatcherType } from '../../protocol/watch-events';
export type { Stat } from '../../protocol/records/stat';
export { channels } from '../../client/diagnostics-channels';
export type { LockKind } from '../../client/diagnostics';
export { hexSessionId } from '../../client/diagnostics-channels';

/*
 * The public surface of `nestjs-zookeeper/client`: the client, its options and results, the enums users pass or
 * receive, Stat and ACL types and helpers, errors, and the recipes. The wire codecs (jute, records, frames) stay
 * internal: whatever is exported here is a promise, recorded in api/client.api.md.
 */
export { ErrorCode, errorCodeName } from './protocol/error-codes';
export { CreateMode, MAX_TTL_MS } from './protocol/create-mode';
export { AddWatchMode, EventType, KeeperState, WatcherType } from './protocol/watch-events';
export type { Stat } from './protocol/records/stat';
export type { Acl, Id } from './protocol/records/acl';
export { ZkError, ZkUsageError } from './protocol/zk-error';
export { ProtocolError, ZooKeeperError } from './protocol/zookeeper-error';
export type { ZooKeeperErrorContext } from './protocol/zookeeper-error';
export {
  SystemError,
  RuntimeInconsistencyError,
  DataInconsistencyError,
  ConnectionLossError,
  UnimplementedError,
  OperationTimeoutError,
  BadArgumentsError,
  InvalidArgumentError,
  UnknownSessionError,
  NewConfigNoQuorumError,
  ReconfigInProgressError,
  ApiError,
  NoNodeError,
  NoAuthError,
  BadVersionError,
  NoChildrenForEphemeralsError,
  NodeExistsError,
  NotEmptyError,
  SessionExpiredError,
  InvalidCallbackError,
  InvalidAclError,
  AuthFailedError,
  SessionMovedError,
  NotReadOnlyError,
  EphemeralOnLocalSessionError,
  NoWatcherError,
  RequestTimeoutError,
  ReconfigDisabledError,
  SessionClosedRequireSaslAuthError,
  QuotaExceededError,
  ThrottledOpError,
  ClientClosedError,
  TransactionError,
} from './client/errors';
export type { FailedTransactionOp } from './client/errors';
export * from './client/acl';
export type { ZooKeeperLogger } from './client/logger';
export { silentLogger } from './client/logger';
export { isRetryable } from './client/retry';
export type { RetryOptions } from './client/retry';
export { ConnectionState } from './client/connection-state';
export type { StateChangeReason } from './client/connection-state';
export { Transaction } from './client/transaction';
export type { OpResult, TransactionCreateOptions } from './client/transaction';
export * from './client/zookeeper-client';
export { diagnosticsChannels } from './client/diagnostics';
export { enableOpenTelemetry } from './client/opentelemetry/enable-opentelemetry';
export type {
  OpenTelemetryHandle,
  OpenTelemetryMeterProvider,
  OpenTelemetryOptions,
  OpenTelemetryTracerProvider,
} from './client/opentelemetry/enable-opentelemetry';
export type {
  RequestTraceContext,
  SessionStateMessage,
  ConnectionAttemptMessage,
  ConnectionOpenMessage,
  ConnectionCloseMessage,
  RequestQueuedMessage,
  RequestUnqueuedMessage,
  WatchEventMessage,
  EnsembleChangeMessage,
  LockKind,
  LockAcquireMessage,
  LockReleaseMessage,
  LeaderStartMessage,
  LeaderEndMessage,
} from './client/diagnostics';
export * from './recipes';

// Configuration laid out as Spring Cloud Zookeeper Config lays it out: a live, merged view of the contexts.
export * from './config';
// Curator x-discovery-compatible service discovery, on the recipes.
export * from './discovery';

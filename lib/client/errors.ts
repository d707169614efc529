import { ErrorCode } from '../protocol/error-codes';
import { ZooKeeperError, ProtocolError, type ZooKeeperErrorContext } from '../protocol/zookeeper-error';

export { ZooKeeperError, ProtocolError };
export type { ZooKeeperErrorContext };

/* One class per server error code, so callers can `catch (e) { if (e instanceof NoNodeError) … }`. */

/** SYSTEMERROR: a server-side system error without a more specific code. */
export class SystemError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SYSTEMERROR, detail, context);
  }
}
/** RUNTIMEINCONSISTENCY: the server found a runtime inconsistency. */
export class RuntimeInconsistencyError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.RUNTIMEINCONSISTENCY, detail, context);
  }
}
/** DATAINCONSISTENCY: the server found its data inconsistent. */
export class DataInconsistencyError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.DATAINCONSISTENCY, detail, context);
  }
}
/** The connection broke (or never came back in time); the session may still be alive. Retryable. */
export class ConnectionLossError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.CONNECTIONLOSS, detail, context);
  }
}
/** UNIMPLEMENTED: the server does not implement the operation (typically an op newer than the server). */
export class UnimplementedError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.UNIMPLEMENTED, detail, context);
  }
}
/** An operation (or `connect()`) did not complete in time. Retryable. */
export class OperationTimeoutError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.OPERATIONTIMEOUT, detail, context);
  }
}
/** Refused by the server as malformed. */
export class BadArgumentsError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.BADARGUMENTS, detail, context);
  }
}
/**
 * Refused by the client before any I/O: an invalid path, option or connect string. The message names the argument.
 * Its code is BADARGUMENTS, like the server's own refusal, but it is not a BadArgumentsError (nothing was sent).
 */
export class InvalidArgumentError extends ZooKeeperError {
  constructor(
    /** The name of the refused argument (`'path'`, `'connectString'`, `'ttlMs'`, …). */
    readonly argument: string,
    detail: string,
    context?: ZooKeeperErrorContext,
  ) {
    super(ErrorCode.BADARGUMENTS, `invalid ${argument}: ${detail}`, context);
  }
}
/** UNKNOWNSESSION: the server does not know the session. */
export class UnknownSessionError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.UNKNOWNSESSION, detail, context);
  }
}
/** NEWCONFIGNOQUORUM: a reconfiguration was refused because no quorum of the new configuration is in sync. */
export class NewConfigNoQuorumError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NEWCONFIGNOQUORUM, detail, context);
  }
}
/** RECONFIGINPROGRESS: another reconfiguration is in progress. */
export class ReconfigInProgressError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.RECONFIGINPROGRESS, detail, context);
  }
}
/** APIERROR: the bare API-error code, without a more specific one. */
export class ApiError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.APIERROR, detail, context);
  }
}
/** NONODE: the node (or, for a create, its parent) does not exist. */
export class NoNodeError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NONODE, detail, context);
  }
}
/** NOAUTH: the session's identities lack the permission the node's ACL requires. */
export class NoAuthError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOAUTH, detail, context);
  }
}
/** BADVERSION: the expected version did not match the node's current version. */
export class BadVersionError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.BADVERSION, detail, context);
  }
}
/** NOCHILDRENFOREPHEMERALS: a create under an ephemeral node (ephemerals cannot have children). */
export class NoChildrenForEphemeralsError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOCHILDRENFOREPHEMERALS, detail, context);
  }
}
/** NODEEXISTS: the node already exists. */
export class NodeExistsError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NODEEXISTS, detail, context);
  }
}
/** NOTEMPTY: the node has children, so it cannot be deleted. */
export class NotEmptyError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOTEMPTY, detail, context);
  }
}
/** The session is gone: its ephemerals are deleted and its watches will never fire. Not retryable. */
export class SessionExpiredError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SESSIONEXPIRED, detail, context);
  }
}
/** INVALIDCALLBACK: an invalid callback (a Java client code, listed for completeness). */
export class InvalidCallbackError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.INVALIDCALLBACK, detail, context);
  }
}
/** INVALIDACL: the ACL is invalid (e.g. an unknown scheme, or `auth` with no authenticated identity). */
export class InvalidAclError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.INVALIDACL, detail, context);
  }
}
/** AUTHFAILED: the server refused an identity; it closes the session, so the client ends it too. */
export class AuthFailedError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.AUTHFAILED, detail, context);
  }
}
/** SESSIONMOVED: the session moved to another server, so this server ignored the request. */
export class SessionMovedError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SESSIONMOVED, detail, context);
  }
}
/** NOTREADONLY: a write was sent to a read-only server. */
export class NotReadOnlyError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOTREADONLY, detail, context);
  }
}
/** EPHEMERALONLOCALSESSION: an ephemeral node cannot be created on a local session. */
export class EphemeralOnLocalSessionError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.EPHEMERALONLOCALSESSION, detail, context);
  }
}
/** NOWATCHER: there is no watch of that kind on the path to remove. */
export class NoWatcherError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOWATCHER, detail, context);
  }
}
/** REQUESTTIMEOUT: the server did not complete the request within its allowed time. */
export class RequestTimeoutError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.REQUESTTIMEOUT, detail, context);
  }
}
/** RECONFIGDISABLED: reconfiguration is disabled on the ensemble. */
export class ReconfigDisabledError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.RECONFIGDISABLED, detail, context);
  }
}
/** SESSIONCLOSEDREQUIRESASLAUTH: the server closed the session because it requires SASL authentication. */
export class SessionClosedRequireSaslAuthError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH, detail, context);
  }
}
/** QUOTAEXCEEDED: the write would exceed a hard quota set on the path. */
export class QuotaExceededError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.QUOTAEXCEEDED, detail, context);
  }
}
/** THROTTLEDOP: the overloaded server dropped the request without executing it; retry with back-off. */
export class ThrottledOpError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.THROTTLEDOP, detail, context);
  }
}
/**
 * The client was closed (by `close()`) before the operation completed. Code CONNECTIONLOSS: from the caller's view the
 * connection is gone for good; it is not a ConnectionLossError, so retry loops stop on it.
 */
export class ClientClosedError extends ZooKeeperError {
  constructor(detail = 'the client is closed', context?: ZooKeeperErrorContext) {
    super(ErrorCode.CONNECTIONLOSS, detail, context);
  }
}

type ErrorClass = new (detail?: string, context?: ZooKeeperErrorContext) => ZooKeeperError;

const byCode = new Map<number, ErrorClass>([
  [ErrorCode.SYSTEMERROR, SystemError],
  [ErrorCode.RUNTIMEINCONSISTENCY, RuntimeInconsistencyError],
  [ErrorCode.DATAINCONSISTENCY, DataInconsistencyError],
  [ErrorCode.CONNECTIONLOSS, ConnectionLossError],
  [ErrorCode.MARSHALLINGERROR, ProtocolError as unknown as ErrorClass],
  [ErrorCode.UNIMPLEMENTED, UnimplementedError],
  [ErrorCode.OPERATIONTIMEOUT, OperationTimeoutError],
  [ErrorCode.BADARGUMENTS, BadArgumentsError],
  [ErrorCode.UNKNOWNSESSION, UnknownSessionError],
  [ErrorCode.NEWCONFIGNOQUORUM, NewConfigNoQuorumError],
  [ErrorCode.RECONFIGINPROGRESS, ReconfigInProgressError],
  [ErrorCode.APIERROR, ApiError],
  [ErrorCode.NONODE, NoNodeError],
  [ErrorCode.NOAUTH, NoAuthError],
  [ErrorCode.BADVERSION, BadVersionError],
  [ErrorCode.NOCHILDRENFOREPHEMERALS, NoChildrenForEphemeralsError],
  [ErrorCode.NODEEXISTS, NodeExistsError],
  [ErrorCode.NOTEMPTY, NotEmptyError],
  [ErrorCode.SESSIONEXPIRED, SessionExpiredError],
  [ErrorCode.INVALIDCALLBACK, InvalidCallbackError],
  [ErrorCode.INVALIDACL, InvalidAclError],
  [ErrorCode.AUTHFAILED, AuthFailedError],
  [ErrorCode.SESSIONMOVED, SessionMovedError],
  [ErrorCode.NOTREADONLY, NotReadOnlyError],
  [ErrorCode.EPHEMERALONLOCALSESSION, EphemeralOnLocalSessionError],
  [ErrorCode.NOWATCHER, NoWatcherError],
  [ErrorCode.REQUESTTIMEOUT, RequestTimeoutError],
  [ErrorCode.RECONFIGDISABLED, ReconfigDisabledError],
  [ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH, SessionClosedRequireSaslAuthError],
  [ErrorCode.QUOTAEXCEEDED, QuotaExceededError],
  [ErrorCode.THROTTLEDOP, ThrottledOpError],
]);

/** The typed error for a server error code; codes this client does not know become a plain ZooKeeperError. */
export function errorFromCode(code: number, context?: ZooKeeperErrorContext, detail?: string): ZooKeeperError {
  if (code === ErrorCode.MARSHALLINGERROR)
    return new ProtocolError(detail ?? 'the server could not parse the request', context);
  const ErrorType = byCode.get(code);
  return ErrorType ? new ErrorType(detail, context) : new ZooKeeperError(code, detail, context);
}

/** Which op of a transaction failed, as the caller described it. */
export interface FailedTransactionOp {
  /** The Transaction method that added the op. */
  type: 'create' | 'delete' | 'setData' | 'check';
  /** The op's path as given (relative to the chroot; a sequential create's path without its suffix). */
  path: string;
}

/**
 * A transaction (multi) was refused as a whole: `failedIndex` and `failedOp` name the op that failed, `cause` is its
 * typed error, and `results` holds every op's outcome code (0 before the failure, RUNTIMEINCONSISTENCY after it).
 * Its own `code` is the failing op's code, so `instanceof` checks on the cause's class are made on `cause`.
 */
export class TransactionError extends ZooKeeperError {
  constructor(
    /** The 0-based position of the failing op in the transaction. */
    readonly failedIndex: number,
    /** The failing op. */
    readonly failedOp: FailedTransactionOp,
    /** The failing op's typed error (e.g. a NoNodeError); the transaction's own `code` is the same. */
    override readonly cause: ZooKeeperError,
    /** Every op's outcome, in order. */
    readonly results: {
      /** The op. */
      op: FailedTransactionOp;
      /** Its error code: 0 before the failing op, the failure's code, RUNTIMEINCONSISTENCY (-2) after it. */
      code: number;
      /** The symbolic name of `code`. */
      codeName: string;
    }[],
  ) {
    super(cause.code, `transaction op ${failedIndex} (${failedOp.type} ${failedOp.path}) failed`, {
      op: 'transaction',
      path: failedOp.path,
      cause,
    });
  }
}

import { ErrorCode } from '../protocol/error-codes';
import { ZooKeeperError, ProtocolError, type ZooKeeperErrorContext } from '../protocol/zookeeper-error';

export { ZooKeeperError, ProtocolError };
export type { ZooKeeperErrorContext };

/* One class per server error code, so callers can `catch (e) { if (e instanceof NoNodeError) … }`. */

export class SystemError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SYSTEMERROR, detail, context);
  }
}
export class RuntimeInconsistencyError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.RUNTIMEINCONSISTENCY, detail, context);
  }
}
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
    readonly argument: string,
    detail: string,
    context?: ZooKeeperErrorContext,
  ) {
    super(ErrorCode.BADARGUMENTS, `invalid ${argument}: ${detail}`, context);
  }
}
export class UnknownSessionError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.UNKNOWNSESSION, detail, context);
  }
}
export class NewConfigNoQuorumError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NEWCONFIGNOQUORUM, detail, context);
  }
}
export class ReconfigInProgressError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.RECONFIGINPROGRESS, detail, context);
  }
}
export class ApiError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.APIERROR, detail, context);
  }
}
export class NoNodeError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NONODE, detail, context);
  }
}
export class NoAuthError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOAUTH, detail, context);
  }
}
export class BadVersionError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.BADVERSION, detail, context);
  }
}
export class NoChildrenForEphemeralsError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOCHILDRENFOREPHEMERALS, detail, context);
  }
}
export class NodeExistsError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NODEEXISTS, detail, context);
  }
}
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
export class InvalidCallbackError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.INVALIDCALLBACK, detail, context);
  }
}
export class InvalidAclError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.INVALIDACL, detail, context);
  }
}
export class AuthFailedError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.AUTHFAILED, detail, context);
  }
}
export class SessionMovedError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SESSIONMOVED, detail, context);
  }
}
export class NotReadOnlyError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOTREADONLY, detail, context);
  }
}
export class EphemeralOnLocalSessionError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.EPHEMERALONLOCALSESSION, detail, context);
  }
}
export class NoWatcherError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.NOWATCHER, detail, context);
  }
}
export class RequestTimeoutError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.REQUESTTIMEOUT, detail, context);
  }
}
export class ReconfigDisabledError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.RECONFIGDISABLED, detail, context);
  }
}
export class SessionClosedRequireSaslAuthError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH, detail, context);
  }
}
export class QuotaExceededError extends ZooKeeperError {
  constructor(detail?: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.QUOTAEXCEEDED, detail, context);
  }
}
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
  type: 'create' | 'delete' | 'setData' | 'check';
  path: string;
}

/**
 * A transaction (multi) was refused as a whole: `failedIndex` and `failedOp` name the op that failed, `cause` is its
 * typed error, and `results` holds every op's outcome code (0 before the failure, RUNTIMEINCONSISTENCY after it).
 * Its own `code` is the failing op's code, so `instanceof` checks on the cause's class are made on `cause`.
 */
export class TransactionError extends ZooKeeperError {
  constructor(
    readonly failedIndex: number,
    readonly failedOp: FailedTransactionOp,
    override readonly cause: ZooKeeperError,
    readonly results: { op: FailedTransactionOp; code: number; codeName: string }[],
  ) {
    super(cause.code, `transaction op ${failedIndex} (${failedOp.type} ${failedOp.path}) failed`, {
      op: 'transaction',
      path: failedOp.path,
      cause,
    });
  }
}

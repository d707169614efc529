import { ZkError } from './zk-error';
import { ErrorCode, errorCodeName } from './error-codes';

/** Where an error happened, for the message and for callers that inspect it. */
export interface ZooKeeperErrorContext {
  /** The path of the failed request, as the caller gave it (relative to the chroot). */
  path?: string;
  /** The name of the failed operation (`'create'`, `'getData'`, `'connect'`, `'transaction'`, …). */
  op?: string;
  /** Whether the request may have reached the server before the failure; default false. */
  mayBeApplied?: boolean;
  /** The underlying error, exposed as the error's standard `cause`. */
  cause?: unknown;
}

/**
 * Base of every error with a ZooKeeper code (under the package's root, {@link ZkError}): `code` is ZooKeeper's error number, `codeName` its symbolic name, `path` and
 * `op` say which request failed, and `mayBeApplied` is true when a write had left the client before the connection
 * broke, so the server may or may not have applied it.
 */
export class ZooKeeperError extends ZkError {
  /** The symbolic name of {@link code} (`'NONODE'`), or `'UNKNOWN(<n>)'` for a code this client does not know. */
  readonly codeName: string;
  /** The path of the failed request (relative to the chroot); absent for session-level failures. */
  readonly path?: string;
  /** The operation that failed (`'create'`, `'getData'`, `'connect'`, …); absent when not tied to one request. */
  readonly op?: string;
  /**
   * True when the connection broke after this write was sent, so the server may or may not have applied it: read the
   * state back before retrying a write that is not idempotent. False for reads and for errors the server answered.
   */
  readonly mayBeApplied: boolean;

  constructor(
    /** ZooKeeper's numeric error code (an {@link ErrorCode} value, negative for every error). */
    readonly code: number,
    detail?: string,
    context: ZooKeeperErrorContext = {},
  ) {
    const codeName = errorCodeName(code);
    const where = [context.op, context.path].filter((part) => part !== undefined).join(' ');
    super(`${codeName} (${code})${where ? ` in ${where}` : ''}${detail ? `: ${detail}` : ''}`, {
      cause: context.cause,
    });
    this.codeName = codeName;
    this.path = context.path;
    this.op = context.op;
    this.mayBeApplied = context.mayBeApplied ?? false;
  }
}

/**
 * Bytes that do not follow the protocol: a frame of an impossible length, a record that does not parse, a reply out
 * of order. The connection that produced them is dropped. Decoders throw nothing else.
 */
export class ProtocolError extends ZooKeeperError {
  constructor(detail: string, context?: ZooKeeperErrorContext) {
    super(ErrorCode.MARSHALLINGERROR, detail, context);
  }
}

import { ErrorCode, errorCodeName } from './error-codes';

/** Where an error happened, for the message and for callers that inspect it. */
export interface ZooKeeperErrorContext {
  path?: string;
  op?: string;
  mayBeApplied?: boolean;
  cause?: unknown;
}

/**
 * Base of every error the client raises: `code` is ZooKeeper's error number, `codeName` its symbolic name, `path` and
 * `op` say which request failed, and `mayBeApplied` is true when a write had left the client before the connection
 * broke, so the server may or may not have applied it.
 */
export class ZooKeeperError extends Error {
  readonly codeName: string;
  readonly path?: string;
  readonly op?: string;
  readonly mayBeApplied: boolean;

  constructor(
    readonly code: number,
    detail?: string,
    context: ZooKeeperErrorContext = {},
  ) {
    const codeName = errorCodeName(code);
    const where = [context.op, context.path].filter((part) => part !== undefined).join(' ');
    super(`${codeName} (${code})${where ? ` in ${where}` : ''}${detail ? `: ${detail}` : ''}`, {
      cause: context.cause,
    });
    this.name = new.target.name;
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

import { createOpCode, CreateMode, isSequential, isTtl } from '../protocol/create-mode';
import { ErrorCode, errorCodeName } from '../protocol/error-codes';
import { OpCode } from '../protocol/op-codes';
import type { Acl } from '../protocol/records/acl';
import type { MultiOp, MultiResult } from '../protocol/records/multi';
import type { Stat } from '../protocol/records/stat';
import {
  errorFromCode,
  InvalidArgumentError,
  ProtocolError,
  TransactionError,
  type FailedTransactionOp,
} from './errors';
import { validatePath } from './paths';
import { checkOptions, checkSignal, type OperationChecks } from './operation-checks';

/**
 * What each op of a committed transaction produced, in order. `path` of a create is relative to the chroot; its `stat`
 * is there when the server sends one (3.8 answers plain creates inside a multi without it, TTL/container creates with).
 */
export type OpResult =
  | {
      /** The op was a create. */
      type: 'create';
      /** The created node's path, with the suffix of a sequential create. */
      path: string;
      /** The created node's Stat, when the server sent one. */
      stat?: Stat;
    }
  | {
      /** The op was a delete. */
      type: 'delete';
    }
  | {
      /** The op was a setData. */
      type: 'setData';
      /** The node's Stat after the write. */
      stat: Stat;
    }
  | {
      /** The op was a version check. */
      type: 'check';
    };

/** Options of a create inside a transaction. */
export interface TransactionCreateOptions {
  /** How the node is created; default PERSISTENT. */
  mode?: CreateMode;
  /** The node's ACL; default the client's `defaultAcl`. Must not be empty. */
  acl?: readonly Acl[];
  /** Required for the TTL modes, refused for the others: 1 to 2^40-1 milliseconds. */
  ttlMs?: number;
}

/**
 * What a transaction needs from its client: input checks, path mapping and a way to send a multi.
 *
 * @internal
 */
export interface TransactionRunner {
  /** The client's argument checks (data size limit, default ACL). */
  readonly checks: OperationChecks;
  /** Maps a client path to a server path (adds the chroot). */
  toServer(path: string): string;
  /** Maps a server path back to a client path (strips the chroot). */
  toClient(path: string): string;
  /** Sends the ops as one MULTI request and resolves with the per-op results. */
  multi(ops: MultiOp[], signal?: AbortSignal): Promise<MultiResult[]>;
  /** Throws ClientClosedError when the client is closed (`multi` rejects with it then). */
  refuseIfClosed(): void;
}

/**
 * A builder for an atomic multi-op: `client.transaction().create(…).setData(…).check(…).commit()`. Every argument is
 * checked when the op is added; nothing is sent before `commit()`. Either all ops apply or none does, and a failure
 * names the op that caused it. Once `commit()` is called, adding an op throws InvalidArgumentError (argument
 * `transaction`): it could never be sent.
 */
export class Transaction {
  private readonly ops: MultiOp[] = [];
  private readonly described: FailedTransactionOp[] = [];
  private committed = false;

  /** @internal Transactions are made by {@link ZooKeeperClient.transaction}. */
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * Adds a create of `path` with `data` (a string is UTF-8; null or absent stores none). Throws InvalidArgumentError
   * at once for a bad path, mode, ACL, TTL or oversized data. Missing parents are not created.
   */
  create(path: string, data?: Buffer | string | null, options: TransactionCreateOptions = {}): this {
    this.refuseIfCommitted('create', path);
    const checks = this.runner.checks;
    const mode = checks.mode(options.mode);
    validatePath(path, 'path', isSequential(mode));
    const request = {
      path: this.runner.toServer(path),
      data: checks.data(data),
      acl: checks.acl(options.acl),
      flags: mode,
    };
    const ttl = checks.ttl(mode, options.ttlMs);
    if (isTtl(mode)) this.ops.push({ op: OpCode.CREATE_TTL, request: { ...request, ttl } });
    else this.ops.push({ op: createOpCode(mode) as OpCode.CREATE2 | OpCode.CREATE_CONTAINER, request });
    this.described.push({ type: 'create', path });
    return this;
  }

  /** Adds a delete of `path`, at `options.version` if given (default -1, any version); the node must be childless. */
  delete(path: string, options: { version?: number } = {}): this {
    this.refuseIfCommitted('delete', path);
    validatePath(path);
    const version = this.runner.checks.version(options.version);
    this.ops.push({ op: OpCode.DELETE, request: { path: this.runner.toServer(path), version } });
    this.described.push({ type: 'delete', path });
    return this;
  }

  /** Adds a write of `data` to `path`, at `options.version` if given (default -1, any version). */
  setData(path: string, data: Buffer | string | null, options: { version?: number } = {}): this {
    this.refuseIfCommitted('setData', path);
    validatePath(path);
    const checks = this.runner.checks;
    const request = {
      path: this.runner.toServer(path),
      data: checks.data(data),
      version: checks.version(options.version),
    };
    this.ops.push({ op: OpCode.SET_DATA, request });
    this.described.push({ type: 'setData', path });
    return this;
  }

  /**
   * Adds a condition: the transaction fails unless `path` exists (else NoNodeError) with data version `version`
   * (else BadVersionError); -1 only requires it to exist.
   */
  check(path: string, version: number): this {
    this.refuseIfCommitted('check', path);
    validatePath(path);
    const checked = this.runner.checks.version(version);
    this.ops.push({ op: OpCode.CHECK, request: { path: this.runner.toServer(path), version: checked } });
    this.described.push({ type: 'check', path });
    return this;
  }

  /** Number of ops added so far. */
  get size(): number {
    return this.ops.length;
  }

  /**
   * Sends the ops as one multi request. Resolves with each op's result, or throws a TransactionError. A transaction
   * is committed once: another call rejects with InvalidArgumentError (argument `transaction`) and sends nothing.
   * Without ops nothing is sent and it resolves `[]`, but on a closed client it rejects with ClientClosedError as a
   * non-empty commit does.
   */
  async commit(options: { signal?: AbortSignal } = {}): Promise<OpResult[]> {
    checkOptions(options);
    if (this.committed) {
      // A misuse by the caller, not a protocol failure.
      throw new InvalidArgumentError('transaction', 'already committed (a transaction can be committed only once)', {
        op: 'transaction',
      });
    }
    this.committed = true;
    if (this.ops.length === 0) {
      // Nothing to send, but a bad or aborted signal, or a closed client, is refused as by a non-empty commit.
      checkSignal(options.signal);
      this.runner.refuseIfClosed();
      return [];
    }
    const results = await this.runner.multi(this.ops, options.signal);
    if (results.length !== this.ops.length) {
      throw new ProtocolError(`${results.length} results for ${this.ops.length} ops`, { op: 'transaction' });
    }
    const failed = this.failedIndex(results);
    if (failed >= 0) {
      const failedOp = this.described[failed];
      const code = (results[failed] as { err: number }).err;
      const outcomes = results.map((result, i) => {
        const opCode = result.op === OpCode.ERROR ? result.err : ErrorCode.OK;
        return { op: this.described[i], code: opCode, codeName: errorCodeName(opCode) };
      });
      const cause = errorFromCode(code, { op: `transaction ${failedOp.type}`, path: failedOp.path });
      throw new TransactionError(failed, failedOp, cause, outcomes);
    }
    return results.map((result) => this.toOpResult(result));
  }

  /** Refuses an op added after `commit()`, which would otherwise be silently dropped. */
  private refuseIfCommitted(type: FailedTransactionOp['type'], path: string): void {
    if (!this.committed) return;
    // The op and path (when it is one) are in the message through the context.
    throw new InvalidArgumentError('transaction', 'already committed (an op added after commit() is never sent)', {
      op: `transaction ${type}`,
      path: typeof path === 'string' ? path : undefined,
    });
  }

  private failedIndex(results: MultiResult[]): number {
    let firstError = -1;
    for (let i = 0; i < results.length; i++) {
      const result = results[i];
      if (result.op !== OpCode.ERROR || result.err === ErrorCode.OK) continue;
      if (result.err !== ErrorCode.RUNTIMEINCONSISTENCY) return i;
      if (firstError < 0) firstError = i;
    }
    return firstError;
  }

  private toOpResult(result: MultiResult): OpResult {
    switch (result.op) {
      case OpCode.CREATE:
        return { type: 'create', path: this.runner.toClient(result.path) };
      case OpCode.CREATE2:
        return { type: 'create', path: this.runner.toClient(result.path), stat: result.stat };
      case OpCode.DELETE:
        return { type: 'delete' };
      case OpCode.SET_DATA:
        return { type: 'setData', stat: result.stat };
      case OpCode.CHECK:
        return { type: 'check' };
      default:
        throw new ProtocolError(`unexpected result type ${result.op} in a transaction`, { op: 'transaction' });
    }
  }
}

import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { Observable } from 'rxjs';
import { createOpCode, CreateMode, isSequential, isTtl } from '../protocol/create-mode';
import { OpCode } from '../protocol/op-codes';
import { getAclResponse, setAclRequest, type Acl } from '../protocol/records/acl';
import { whoAmIResponse } from '../protocol/records/auth';
import { getChildren2Response } from '../protocol/records/children';
import {
  create2Response,
  createRequest,
  createTtlRequest,
  type Create2Response,
  type CreateRequest,
  type CreateTtlRequest,
} from '../protocol/records/create';
import { getDataResponse, setDataRequest, type GetDataResponse } from '../protocol/records/data';
import { getEphemeralsRequest } from '../protocol/records/ephemerals';
import { multiRequest, multiResponse, type MultiOp, type MultiResult } from '../protocol/records/multi';
import { pathRecord, pathVersionRequest, pathWatchRequest, type PathRecord } from '../protocol/records/record-codec';
import { statRecord, type Stat } from '../protocol/records/stat';
import type { JuteReader } from '../protocol/jute-reader';
import type { JuteWriter } from '../protocol/jute-writer';
import type { AddWatchMode, WatcherType } from '../protocol/watch-events';
import { OPEN_ACL_UNSAFE } from './acl';
import { ConnectionState, type StateChangeReason } from './connection-state';
import {
  ClientClosedError,
  errorFromCode,
  InvalidArgumentError,
  NodeExistsError,
  NoNodeError,
  NotEmptyError,
  ZooKeeperError,
} from './errors';
import { sendWord } from './four-letter-word';
import { formatHost, parseConnectString, type HostAddress } from './host-provider';
import type { ZooKeeperLogger } from './logger';
import { abortError, checkOptions, checkSignal, isAbortSignal, OperationChecks, signalError } from './operation-checks';
import { Packet, type BodyReader, type BodyWriter } from './packet';
import { authBytes, authScheme, positiveInteger, resolveClientOptions } from './client-options';
import type { ZooKeeperClientOptions } from './client-options';
import { ClientWatches } from './client-watches';
import type { WatchHandle } from './client-watches';
import { Chroot, joinPath, parentPath, validatePath } from './paths';
import { withRetry, type RetryOptions } from './retry';
import { Session } from './session';
import { Transaction } from './transaction';
import { WatchKind } from './watch-kind';
import { WatchRegistry, type WatchedEvent, type WatchListener } from './watch-registry';
import { channels, hexSessionId, requestTracingActive } from './diagnostics-channels';
import type { RequestTrace } from './request-trace';
import { liveClients } from './live-clients';
import type { ClientStats } from './client-stats';
import { ClientEnsemble, type ReconfigChange } from './client-ensemble';
import type { EnsembleConfig, EnsembleMember } from './ensemble-config';
import { EnsembleFollower } from './ensemble-follower';

export { ConnectionState };
export type { StateChangeReason };
export type { WatchedEvent, WatchListener };
export type { ZooKeeperClientOptions, ZooKeeperSaslOptions } from './client-options';
export type { WatchHandle } from './client-watches';
export type { ClientStats, WatchCounts } from './client-stats';
export type { ReconfigChange } from './client-ensemble';
export type { EnsembleConfig, EnsembleMember } from './ensemble-config';

/** Options of `create` and `createWithStat`. */
export interface CreateOptions {
  /** How the node is created; default PERSISTENT. */
  mode?: CreateMode;
  /** The node's ACL; default the client's `defaultAcl`. Must not be empty. */
  acl?: readonly Acl[];
  /** Required for the TTL modes: milliseconds without children or changes after which the server may delete. */
  ttlMs?: number;
  /** Create missing parents (as persistent nodes with the same ACL) first. */
  makeParents?: boolean;
  /** Abort the call: it rejects at once with the signal's reason, but a create already sent may still be applied. */
  signal?: AbortSignal;
}

/** One result of `multiRead`: the node's data, its children, or the error reading it. */
export type MultiReadResult =
  | {
      /** The op was a getData that succeeded. */
      type: 'getData';
      /** The op's path, as given. */
      path: string;
      /** The node's data; empty when it has none. */
      data: Buffer;
      /** The node's Stat. */
      stat: Stat;
    }
  | {
      /** The op was a getChildren that succeeded. */
      type: 'getChildren';
      /** The op's path, as given. */
      path: string;
      /** The child names, unsorted. */
      children: string[];
    }
  | {
      /** The op failed. */
      type: 'error';
      /** The op's path, as given. */
      path: string;
      /** The typed error of that op alone (e.g. NoNodeError). */
      error: ZooKeeperError;
    };

/** One op of `multiRead`. */
export type MultiReadOp =
  | {
      /** Read the node's data and Stat. */
      type: 'getData';
      /** The node's path, relative to the chroot. */
      path: string;
    }
  | {
      /** List the node's children. */
      type: 'getChildren';
      /** The node's path, relative to the chroot. */
      path: string;
    };

/**
 * The events a ZooKeeperClient emits, with their listener arguments: `'state'` on every ConnectionState transition.
 *
 * @inline
 */
export interface ClientEvents {
  /** The new state, the one before it, and why it changed. */
  state: [state: ConnectionState, previous: ConnectionState, reason: StateChangeReason];
}

const EMPTY_DATA = Buffer.alloc(0);
const readStringVector: BodyReader = (r: JuteReader) => r.stringVector();
const readInt: BodyReader = (r: JuteReader) => r.int();
const readStat: BodyReader = statRecord.read;
const w = <T>(write: (writer: JuteWriter, value: T) => void): BodyWriter => write as BodyWriter;

/**
 * A ZooKeeper client: one session over one pipelined connection, moved between servers as they fail.
 *
 * ```ts
 * const client = new ZooKeeperClient({ connectString: 'localhost:2181/app' });
 * await client.connect();
 * await client.create('/config', 'hello', { mode: CreateMode.PERSISTENT });
 * const { data } = await client.getData('/config', { watch: (event) => console.log(event) });
 * await client.close();
 * ```
 *
 * Every path in and out is relative to the connect string's chroot. Bad arguments throw InvalidArgumentError before
 * anything is sent; server refusals throw the ZooKeeperError subclass of their code; a request in flight when the
 * connection breaks throws ConnectionLossError (`mayBeApplied` for writes); requests made while SUSPENDED wait for the
 * reconnection for up to the session timeout. The 'state' event reports each ConnectionState transition once, in order,
 * as `(state, previous, reason)`: the reason tells a `close()` ('closed') from an expiry ('expired'), see StateChangeReason.
 */
export class ZooKeeperClient extends EventEmitter<ClientEvents> {
  /** The chroot of the connect string, '' when there is none. */
  readonly chroot: string;
  private readonly paths: Chroot;
  private readonly session: Session;
  private readonly watches: WatchRegistry;
  /** The watch operations (one-shot watch requests, persistent watches, removals), beside the registry. */
  private readonly watchOps: ClientWatches;
  private hosts: HostAddress[];
  /** `getConfig` and `reconfig`. */
  private readonly ensemble: ClientEnsemble;
  /** Follows `/zookeeper/config` (the `followEnsemble` option). */
  private readonly follower: EnsembleFollower | undefined;
  /** The `tls` option, for the connections the client opens beside the session's (four-letter words). */
  private readonly tls: TlsConnectionOptions | undefined;
  private readonly retryOptions: RetryOptions;
  /** Reads a CreateResponse (the server path) as the caller's path; one function per client, none per request. */
  private readonly readCreatedPath: BodyReader = (r: JuteReader) => this.paths.toClient(r.string());
  private readonly logger: ZooKeeperLogger;
  /** Argument checks, shared with the transactions this client builds. */
  private readonly checks: OperationChecks;

  constructor(options: ZooKeeperClientOptions) {
    super();
    const {
      hosts,
      chroot,
      sessionTimeoutMs,
      connectTimeoutMs,
      maxPacketBytes,
      readOnly,
      logger,
      sasl,
      auth,
      followEnsemble,
    } = resolveClientOptions(options);
    this.hosts = hosts;
    this.tls = options.tls;
    this.chroot = chroot;
    this.paths = new Chroot(chroot);
    this.logger = logger;
    this.retryOptions = options.retry ?? {};
    this.checks = new OperationChecks(maxPacketBytes, OPEN_ACL_UNSAFE);
    const defaultAcl =
      options.defaultAcl === undefined ? OPEN_ACL_UNSAFE : this.checks.acl(options.defaultAcl, 'defaultAcl');
    this.checks = new OperationChecks(maxPacketBytes, defaultAcl);
    this.watches = new WatchRegistry(this.paths, logger, this);
    this.session = new Session(
      {
        hosts,
        sessionTimeoutMs,
        connectTimeoutMs,
        readOnly,
        maxPacketBytes,
        logger,
        session: options.session,
        tls: options.tls,
        sasl,
        client: this,
      },
      this.watches,
      (state, previous, reason) => this.emitState(state, previous, reason),
    );
    for (const { scheme, credentials } of auth) this.session.addInitialAuth(scheme, credentials);
    this.watchOps = new ClientWatches(this.watches, this.paths, this.checks, {
      send: (packet, signal) => this.send(packet, signal),
      state: () => this.session.state,
    });
    this.ensemble = new ClientEnsemble(this.watchOps, (packet, signal) => this.send(packet, signal));
    this.follower = followEnsemble ? new EnsembleFollower(this, logger) : undefined;
    // The session holds the password and the identities, the TLS options may hold a private key: out of Object.keys
    // and JSON.stringify (see inspect.custom).
    for (const key of ['session', 'tls']) Object.defineProperty(this, key, { enumerable: false });
  }

  /** The current connection state; LOST until `connect()` succeeds. */
  get state(): ConnectionState {
    return this.session.state;
  }

  /**
   * Whether `close()` ended the session: true from the call of `close()` (its LOST transition already reports it)
   * until the next `connect()`. False after an expiry, so a listener can tell the two LOST apart (see also the
   * 'state' event's `reason`).
   */
  get closed(): boolean {
    return this.session.closedByUser;
  }

  /** The session id, 0n when there is none. */
  get sessionId(): bigint {
    return this.session.sessionId;
  }

  /** The session password, to resume the session elsewhere with `options.session`. */
  get sessionPassword(): Buffer {
    return this.session.password;
  }

  /**
   * While SUSPENDED: when (ms since epoch) the lost connection last wrote to the server. Bytes written to a broken
   * connection may never have arrived, so this says nothing about the session's expiry: see
   * {@link lastAcknowledgedSendAt}.
   */
  get lastSendAt(): number {
    return this.session.lastSendAt;
  }

  /**
   * When (ms since epoch) the latest request the server has answered was sent (a ping counts). The server received it,
   * so it last reset the session's clock no earlier: it cannot expire the session before `lastAcknowledgedSendAt +
   * negotiatedTimeoutMs`, and it may from then on if nothing of ours reached it since. 0 before the first session.
   */
  get lastAcknowledgedSendAt(): number {
    return this.session.lastAcknowledgedSendAt;
  }

  /** The session timeout the server granted (0 before the first connection). */
  get negotiatedTimeoutMs(): number {
    return this.session.negotiatedTimeoutMs;
  }

  /** `host:port` of the server currently connected to, undefined while not connected. */
  get server(): string | undefined {
    return this.session.server;
  }

  /** The largest zxid seen so far. */
  get lastZxid(): bigint {
    return this.session.lastZxid;
  }

  /**
   * The connection state as an rxjs Observable: the current state on subscription, then every transition. rxjs is
   * loaded only when this is used.
   */
  get state$(): Observable<ConnectionState> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rxjs = require('rxjs') as typeof import('rxjs');
    return new rxjs.Observable<ConnectionState>((subscriber) => {
      const listener = (state: ConnectionState): void => subscriber.next(state);
      subscriber.next(this.state);
      this.on('state', listener);
      return () => {
        this.off('state', listener);
      };
    });
  }

  /**
   * Connects and establishes (or resumes) the session. Resolves once CONNECTED; rejects with OperationTimeoutError
   * after `connectTimeoutMs`, or SessionExpiredError when a resumed session is gone. After expiry or `close()` it
   * starts a new session.
   */
  connect(): Promise<void> {
    return this.session.connect();
  }

  /**
   * Closes the session (its ephemerals go at once) and the connection. Requests still pending fail with
   * ClientClosedError. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    return this.session.close();
  }

  /** Runs `fn` under the client's retry policy (kazoo's KazooRetry), retrying ConnectionLoss and OperationTimeout. */
  retry<T>(fn: () => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    if (typeof fn !== 'function') return Promise.reject(new InvalidArgumentError('fn', 'expected a function'));
    try {
      checkOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    const { signal } = options;
    if (signal !== undefined && !isAbortSignal(signal)) return Promise.reject(signalError(signal));
    return withRetry(fn, this.retryOptions, signal, () => this.session.state === ConnectionState.LOST);
  }

  /** Creates a node and returns its path (with the sequence suffix for sequential modes), relative to the chroot. */
  create(path: string, data?: Buffer | string | null, options: CreateOptions = {}): Promise<string> {
    // Not `async` (see getData). Plain modes use CREATE, whose reply is the path alone: no Stat to send or decode.
    try {
      const { request, mode } = this.createRequestFor(path, data, options);
      if (options.makeParents || mode > CreateMode.EPHEMERAL_SEQUENTIAL) {
        return this.sendCreate2(path, request, mode, options).then((response) => this.paths.toClient(response.path));
      }
      return this.send(
        new Packet({
          op: OpCode.CREATE,
          body: request,
          write: w(createRequest.write),
          read: this.readCreatedPath,
          opName: 'create',
          path,
          isWrite: true,
        }),
        options.signal,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Creates a node and returns its path and Stat. */
  async createWithStat(
    path: string,
    data?: Buffer | string | null,
    options: CreateOptions = {},
  ): Promise<{
    /** The created node's path relative to the chroot, with the sequence suffix for sequential modes. */
    path: string;
    /** The created node's Stat. */
    stat: Stat;
  }> {
    const { request, mode } = this.createRequestFor(path, data, options);
    const response = await this.sendCreate2(path, request, mode, options);
    return { path: this.paths.toClient(response.path), stat: response.stat };
  }

  /** Checks a create's arguments (throwing InvalidArgumentError) and builds its request. */
  private createRequestFor(
    path: string,
    data: Buffer | string | null | undefined,
    options: CreateOptions,
  ): { request: CreateRequest | CreateTtlRequest; mode: CreateMode } {
    checkOptions(options);
    const mode = this.checks.mode(options.mode);
    validatePath(path, 'path', isSequential(mode));
    const bytes = this.checks.data(data);
    const acl = this.checks.acl(options.acl);
    const ttl = this.checks.ttl(mode, options.ttlMs);
    const serverPath = this.paths.toServer(path);
    const request = isTtl(mode)
      ? { path: serverPath, data: bytes, acl, flags: mode, ttl }
      : { path: serverPath, data: bytes, acl, flags: mode };
    return { request, mode };
  }

  /** Sends a create whose reply carries the Stat (CREATE2, CREATE_TTL, CREATE_CONTAINER); `makeParents` retries once. */
  private async sendCreate2(
    path: string,
    request: CreateRequest | CreateTtlRequest,
    mode: CreateMode,
    options: CreateOptions,
  ): Promise<Create2Response> {
    const send = (): Promise<Create2Response> =>
      this.send(
        new Packet({
          op: createOpCode(mode),
          body: request,
          write: isTtl(mode) ? w(createTtlRequest.write) : w(createRequest.write),
          read: create2Response.read,
          opName: 'create',
          path,
          isWrite: true,
        }),
        options.signal,
      );
    try {
      return await send();
    } catch (error) {
      if (!(options.makeParents && error instanceof NoNodeError)) throw error;
      await this.ensurePath(parentPath(path), { acl: options.acl, signal: options.signal });
      return send();
    }
  }

  /**
   * Creates the path and any missing ancestors as persistent nodes holding empty data (not null); existing nodes are
   * left as they are.
   */
  async ensurePath(path: string, options: { acl?: readonly Acl[]; signal?: AbortSignal } = {}): Promise<void> {
    validatePath(path);
    checkOptions(options);
    if (path === '/' || (await this.exists(path, { signal: options.signal })) !== null) return;
    let prefix = '';
    for (const segment of path.slice(1).split('/')) {
      prefix = joinPath(prefix || '/', segment);
      try {
        // Empty bytes rather than null, as kazoo's ensure_path and Curator's creatingParentsIfNeeded write.
        await this.create(prefix, EMPTY_DATA, { acl: options.acl, signal: options.signal });
      } catch (error) {
        if (!(error instanceof NodeExistsError)) throw error;
      }
    }
  }

  /** The node's Stat, or null when it does not exist. With `watch`, the listener hears its next change or creation. */
  async exists(path: string, options: { watch?: WatchListener; signal?: AbortSignal } = {}): Promise<Stat | null> {
    validatePath(path);
    checkOptions(options);
    const serverPath = this.paths.toServer(path);
    const watch = this.watchOps.request(WatchKind.DATA, serverPath, options.watch);
    return this.send(
      new Packet({
        op: OpCode.EXISTS,
        body: { path: serverPath, watch: this.watchOps.needsServerWatch(watch) },
        write: w(pathWatchRequest.write),
        read: readStat,
        opName: 'exists',
        path,
        isWrite: false,
        watch,
        nullOnNoNode: true,
      }),
      options.signal,
    );
  }

  /** The node's data and Stat. With `watch`, the listener hears its next change or deletion. */
  getData(
    path: string,
    options: { watch?: WatchListener; signal?: AbortSignal } = {},
  ): Promise<{
    /** The node's data; empty when it has none. */
    data: Buffer;
    /** The node's Stat. */
    stat: Stat;
  }> {
    // Not `async`: the hot read returns the request's own promise (an async wrapper adds a promise and two
    // microtask hops per call); argument errors still reject rather than throw.
    try {
      validatePath(path);
      checkOptions(options);
      const serverPath = this.paths.toServer(path);
      const watch = this.watchOps.request(WatchKind.DATA, serverPath, options.watch);
      return this.send<GetDataResponse>(
        new Packet({
          op: OpCode.GET_DATA,
          body: { path: serverPath, watch: this.watchOps.needsServerWatch(watch) },
          write: w(pathWatchRequest.write),
          read: getDataResponse.read,
          opName: 'getData',
          path,
          isWrite: false,
          watch,
        }),
        options.signal,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Replaces the node's data, if its version matches (`version` -1 or omitted: any). */
  async setData(
    path: string,
    data: Buffer | string | null,
    options: { version?: number; signal?: AbortSignal } = {},
  ): Promise<Stat> {
    validatePath(path);
    checkOptions(options);
    const request = {
      path: this.paths.toServer(path),
      data: this.checks.data(data),
      version: this.checks.version(options.version),
    };
    return this.send(
      new Packet({
        op: OpCode.SET_DATA,
        body: request,
        write: w(setDataRequest.write),
        read: readStat,
        opName: 'setData',
        path,
        isWrite: true,
      }),
      options.signal,
    );
  }

  /** Deletes the node (if its version matches). With `recursive`, deletes its descendants first; a missing node is fine. */
  delete(path: string, options: { version?: number; recursive?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    // Not `async` (see getData): a plain delete returns the request's own promise.
    try {
      validatePath(path);
      checkOptions(options);
      const version = this.checks.version(options.version);
      return options.recursive
        ? this.deleteTree(path, version, options.signal)
        : this.deleteNode(path, version, options.signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private deleteNode(path: string, version: number, signal?: AbortSignal): Promise<void> {
    return this.send(
      new Packet({
        op: OpCode.DELETE,
        body: { path: this.paths.toServer(path), version },
        write: w(pathVersionRequest.write),
        read: null,
        opName: 'delete',
        path,
        isWrite: true,
      }),
      signal,
    );
  }

  private async deleteTree(path: string, version: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      let children: string[];
      try {
        children = await this.getChildren(path, { signal });
      } catch (error) {
        if (error instanceof NoNodeError) return;
        throw error;
      }
      await Promise.all(children.map((child) => this.deleteTree(joinPath(path, child), -1, signal)));
      try {
        await this.deleteNode(path, path === '/' ? -1 : version, signal);
        return;
      } catch (error) {
        if (error instanceof NoNodeError) return;
        // Someone added a child meanwhile: go round again.
        if (!(error instanceof NotEmptyError)) throw error;
      }
    }
  }

  /** The node's child names (unsorted). With `watch`, the listener hears the next change of the list or deletion. */
  async getChildren(path: string, options: { watch?: WatchListener; signal?: AbortSignal } = {}): Promise<string[]> {
    validatePath(path);
    checkOptions(options);
    const serverPath = this.paths.toServer(path);
    const watch = this.watchOps.request(WatchKind.CHILD, serverPath, options.watch);
    return this.send(
      new Packet({
        op: OpCode.GET_CHILDREN,
        body: { path: serverPath, watch: this.watchOps.needsServerWatch(watch) },
        write: w(pathWatchRequest.write),
        read: readStringVector,
        opName: 'getChildren',
        path,
        isWrite: false,
        watch,
      }),
      options.signal,
    );
  }

  /** The node's child names and its Stat. */
  async getChildrenWithStat(
    path: string,
    options: { watch?: WatchListener; signal?: AbortSignal } = {},
  ): Promise<{
    /** The child names, unsorted. */
    children: string[];
    /** The node's own Stat. */
    stat: Stat;
  }> {
    validatePath(path);
    checkOptions(options);
    const serverPath = this.paths.toServer(path);
    const watch = this.watchOps.request(WatchKind.CHILD, serverPath, options.watch);
    return this.send(
      new Packet({
        op: OpCode.GET_CHILDREN2,
        body: { path: serverPath, watch: this.watchOps.needsServerWatch(watch) },
        write: w(pathWatchRequest.write),
        read: getChildren2Response.read,
        opName: 'getChildrenWithStat',
        path,
        isWrite: false,
        watch,
      }),
      options.signal,
    );
  }

  /** The node's ACL and Stat. */
  async getAcl(
    path: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<{
    /** The node's ACL. */
    acl: Acl[];
    /** The node's Stat; `aversion` is the version to pass to setAcl. */
    stat: Stat;
  }> {
    validatePath(path);
    checkOptions(options);
    return this.send(
      new Packet({
        op: OpCode.GET_ACL,
        body: { path: this.paths.toServer(path) },
        write: w(pathRecord.write),
        read: getAclResponse.read,
        opName: 'getAcl',
        path,
        isWrite: false,
      }),
      options.signal,
    );
  }

  /** Replaces the node's ACL, if its ACL version (`aversion`) matches. */
  async setAcl(
    path: string,
    acl: readonly Acl[],
    options: { version?: number; signal?: AbortSignal } = {},
  ): Promise<Stat> {
    validatePath(path);
    checkOptions(options);
    if (acl === undefined) throw new InvalidArgumentError('acl', 'expected a non-empty array');
    const request = {
      path: this.paths.toServer(path),
      acl: this.checks.acl(acl),
      version: this.checks.version(options.version),
    };
    return this.send(
      new Packet({
        op: OpCode.SET_ACL,
        body: request,
        write: w(setAclRequest.write),
        read: readStat,
        opName: 'setAcl',
        path,
        isWrite: true,
      }),
      options.signal,
    );
  }

  /** Waits until the server this client talks to has caught up with the leader for `path`; returns the path. */
  async sync(path: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    validatePath(path);
    checkOptions(options);
    const response = await this.send<PathRecord>(
      new Packet({
        op: OpCode.SYNC,
        body: { path: this.paths.toServer(path) },
        write: w(pathRecord.write),
        read: pathRecord.read,
        opName: 'sync',
        path,
        isWrite: false,
      }),
      options.signal,
    );
    return this.paths.toClient(response.path);
  }

  /**
   * The ensemble's configuration from `/zookeeper/config` (outside any chroot): its version and members, each with
   * id, role, quorum and election ports and the address clients connect to. A standalone server has none (no
   * members). `watch` fires once when the config changes (as `getData`'s; its event path is `/zookeeper/config`).
   */
  getConfig(options: { watch?: WatchListener; signal?: AbortSignal } = {}): Promise<EnsembleConfig> {
    return this.ensemble.getConfig(options);
  }

  /**
   * Changes the ensemble's membership (ZooKeeper 3.5+ dynamic reconfiguration, kazoo's `reconfig`): incremental with
   * `joining` (server specs) and/or `leaving` (ids), or bulk with `members`; `fromConfig` makes it conditional on the
   * config version. Resolves with the new config. The servers must run with `reconfigEnabled=true`, and the session
   * needs WRITE on `/zookeeper/config` (the super user, or `skipACL`): else ReconfigDisabledError, NoAuthError;
   * NewConfigNoQuorumError when the new voters have no synced quorum, ReconfigInProgressError while another change
   * is pending, BadVersionError when `fromConfig` is stale, BadArgumentsError for a change the server refuses.
   */
  reconfig(change: ReconfigChange): Promise<EnsembleConfig> {
    return this.ensemble.reconfig(change);
  }

  /**
   * Replaces the servers the session may use with those of `connectString` (a chroot in it is ignored: the client
   * keeps its own) and rebalances as the Java client does: a session on a server that left moves at once; when the
   * list grew, a session moves to an added server with probability 1 − old/new size, so that a fleet ends up spread
   * evenly; otherwise it stays. A move is a reconnect with the same session: its ephemerals and watches stay, the
   * state goes SUSPENDED then CONNECTED, and requests in flight fail with ConnectionLossError (`mayBeApplied` for
   * writes). Returns whether this session moves. See also the `followEnsemble` option.
   */
  updateServerList(connectString: string): boolean {
    this.refuseIfClosed('updateServerList');
    const { hosts } = parseConnectString(connectString);
    this.hosts = hosts;
    return this.session.updateServerList(hosts);
  }

  /** The servers the session may use (`host:port`), in the order it tries them. */
  get servers(): string[] {
    return this.session.servers.map(formatHost);
  }

  /** A builder of an atomic multi-op; see Transaction. */
  transaction(): Transaction {
    return new Transaction({
      checks: this.checks,
      toServer: (path) => this.paths.toServer(path),
      toClient: (path) => this.paths.toClient(path),
      multi: (ops, signal) => this.multi(OpCode.MULTI, ops, 'transaction', true, signal),
      refuseIfClosed: () => this.refuseIfClosed('transaction'),
    });
  }

  /** Throws what a request sent now would get from a closed client, for calls that have nothing to send. */
  private refuseIfClosed(op: string): void {
    if (this.closed) throw new ClientClosedError(undefined, { op });
  }

  private multi(
    op: OpCode,
    ops: MultiOp[],
    opName: string,
    isWrite: boolean,
    signal?: AbortSignal,
  ): Promise<MultiResult[]> {
    return this.send(
      new Packet({
        op,
        body: ops,
        write: w(multiRequest.write),
        read: multiResponse.read,
        opName,
        path: undefined,
        isWrite,
      }),
      signal,
    );
  }

  /**
   * Reads several nodes in one round trip (3.6+). Each result is independent: a missing node is an error entry.
   * Without ops nothing is sent and it resolves `[]`, but on a closed client it rejects with ClientClosedError as a
   * non-empty call does.
   */
  async multiRead(ops: MultiReadOp[], options: { signal?: AbortSignal } = {}): Promise<MultiReadResult[]> {
    checkOptions(options);
    if (!Array.isArray(ops)) throw new InvalidArgumentError('ops', 'expected an array');
    const requests: MultiOp[] = ops.map((op, i) => {
      validatePath(op?.path, `ops[${i}].path`);
      if (op.type !== 'getData' && op.type !== 'getChildren') {
        throw new InvalidArgumentError(`ops[${i}].type`, `expected 'getData' or 'getChildren'`);
      }
      const request = { path: this.paths.toServer(op.path), watch: false };
      return op.type === 'getData' ? { op: OpCode.GET_DATA, request } : { op: OpCode.GET_CHILDREN, request };
    });
    if (requests.length === 0) {
      // Nothing to send, but a bad or aborted signal, or a closed client, is refused as by every other call.
      checkSignal(options.signal);
      this.refuseIfClosed('multiRead');
      return [];
    }
    const results = await this.multi(OpCode.MULTI_READ, requests, 'multiRead', false, options.signal);
    return results.map((result, i): MultiReadResult => {
      const path = ops[i].path;
      if (result.op === OpCode.GET_DATA) return { type: 'getData', path, data: result.data, stat: result.stat };
      if (result.op === OpCode.GET_CHILDREN) return { type: 'getChildren', path, children: result.children };
      const code = result.op === OpCode.ERROR ? result.err : -1;
      return { type: 'error', path, error: errorFromCode(code, { op: `multiRead ${ops[i].type}`, path }) };
    });
  }

  /** Paths (relative to the chroot) of this session's ephemeral nodes that start with `prefix` (3.6+). */
  async getEphemerals(prefix = '/', options: { signal?: AbortSignal } = {}): Promise<string[]> {
    checkOptions(options);
    validatePath(prefix, 'prefix');
    const paths = await this.send<string[]>(
      new Packet({
        op: OpCode.GET_EPHEMERALS,
        body: { prefixPath: this.paths.toServer(prefix) },
        write: w(getEphemeralsRequest.write),
        read: readStringVector,
        opName: 'getEphemerals',
        path: prefix,
        isWrite: false,
      }),
      options.signal,
    );
    return paths.map((path) => this.paths.toClient(path));
  }

  /** The number of descendants of a node (3.6+). */
  async getAllChildrenNumber(path: string, options: { signal?: AbortSignal } = {}): Promise<number> {
    checkOptions(options);
    validatePath(path);
    return this.send(
      new Packet({
        op: OpCode.GET_ALL_CHILDREN_NUMBER,
        body: { path: this.paths.toServer(path) },
        write: w(pathRecord.write),
        read: readInt,
        opName: 'getAllChildrenNumber',
        path,
        isWrite: false,
      }),
      options.signal,
    );
  }

  /** The identities this session is authenticated as (3.7+). */
  async whoAmI(options: { signal?: AbortSignal } = {}): Promise<
    {
      /** The scheme the identity was authenticated with (`ip`, `digest`, …). */
      scheme: string;
      /** The identity within the scheme (the client's address for `ip`, the user name for `digest`). */
      id: string;
    }[]
  > {
    checkOptions(options);
    const response = await this.send<{ clientInfo: { authScheme: string; user: string }[] }>(
      new Packet({
        op: OpCode.WHO_AM_I,
        body: null,
        write: null,
        read: whoAmIResponse.read,
        opName: 'whoAmI',
        path: undefined,
        isWrite: false,
      }),
      options.signal,
    );
    return response.clientInfo.map((info) => ({ scheme: info.authScheme, id: info.user }));
  }

  /**
   * Adds an identity to the session (`addAuth('digest', 'user:password')`); it is presented again after every
   * reconnect. A refused identity ends the session with AuthFailedError, as in Java.
   */
  addAuth(scheme: string, credentials: string | Buffer): Promise<void> {
    let checkedScheme: string;
    let bytes: Buffer;
    try {
      checkedScheme = authScheme(scheme);
      bytes = authBytes(credentials);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.session.addAuth(checkedScheme, bytes);
  }

  /**
   * Adds a persistent watch (3.6+) that fires on every change of the node (PERSISTENT: data, creation, deletion and
   * child list) or of the node and every descendant (PERSISTENT_RECURSIVE: no child-list events), until removed.
   */
  addWatch(path: string, mode: AddWatchMode, listener: WatchListener): Promise<WatchHandle> {
    return this.watchOps.add(path, mode, listener);
  }

  /**
   * Removes every watch of a type on a path (CHILDREN, DATA — data and exists watches — or ANY, which includes
   * persistent ones) from the server (unless `local`) and from the client; the removed listeners hear
   * DATA_WATCH_REMOVED / CHILD_WATCH_REMOVED / PERSISTENT_WATCH_REMOVED. NoWatcherError when there is none.
   */
  removeWatches(
    path: string,
    type: WatcherType,
    options: { local?: boolean; signal?: AbortSignal } = {},
  ): Promise<void> {
    return this.watchOps.remove(path, type, options);
  }

  /**
   * Removes one listener set with `watch` (`exists`/`getData` for DATA, `getChildren` for CHILDREN; ANY also covers
   * `addWatch` listeners) on a path, including one whose request is still in flight. When no listener of that kind
   * remains on the path, the server's watch goes too (NoWatcher from the server is tolerated); a watch kept on the
   * server for other listeners, or covered by a persistent watch, stays. The removed listener hears nothing more, not
   * even a *_WATCH_REMOVED event; a listener that is not registered is ignored.
   */
  removeWatchListener(
    path: string,
    type: WatcherType,
    listener: WatchListener,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    return this.watchOps.removeListener(path, type, listener, options);
  }

  /**
   * Sends a four-letter word (`ruok`, `srvr`, `mntr`, `cons`…) to a server — the one connected to, or the first of
   * the connect string, or `options.server` (`host:port`) — and returns its answer. The server must allow the word
   * (`4lw.commands.whitelist`). With the `tls` option the word goes over TLS with those options, as the session does.
   */
  async fourLetterWord(word: string, options: { server?: string; timeoutMs?: number } = {}): Promise<string> {
    checkOptions(options);
    if (typeof word !== 'string' || !/^[a-z]{4}$/.test(word)) {
      throw new InvalidArgumentError('word', `expected four lower-case letters, got '${String(word)}'`);
    }
    const target =
      options.server !== undefined
        ? parseConnectString(options.server).hosts[0]
        : (this.hosts.find((h) => formatHost(h) === this.server) ?? this.hosts[0]);
    const timeoutMs = positiveInteger(options.timeoutMs, 'timeoutMs', 5000);
    return sendWord(target, word, timeoutMs, this.tls);
  }

  /**
   * Sends a request; traced on the `nestjs-zookeeper:request` TracingChannel while anyone subscribes to it (otherwise
   * the check is all it costs).
   */
  private send<T>(packet: Packet, signal?: AbortSignal): Promise<T> {
    if (!requestTracingActive()) return this.sendUntraced<T>(packet, signal);
    // A RequestTraceContext (diagnostics.ts): what subscribers get.
    const context: RequestTrace & { client: ZooKeeperClient; op: string; path: string | undefined; isWrite: boolean } =
      {
        client: this,
        op: packet.opName,
        path: packet.path,
        isWrite: packet.isWrite,
      };
    packet.trace = context;
    return channels.request.tracePromise(() => this.sendUntraced<T>(packet, signal), context);
  }

  private sendUntraced<T>(packet: Packet, signal?: AbortSignal): Promise<T> {
    if (signal !== undefined) {
      // Checked before the packet is submitted: a bad signal must not leave a request in flight nobody waits on.
      if (!isAbortSignal(signal)) return Promise.reject(signalError(signal));
      if (signal.aborted) return Promise.reject(abortError(signal));
    }
    const promise = new Promise<T>((resolve, reject) => {
      packet.resolve = resolve as (value: unknown) => void;
      packet.reject = reject;
    });
    if (packet.watch !== null) this.watchOps.track(packet.watch, promise);
    this.session.submit(packet);
    if (signal === undefined) return promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private emitState(state: ConnectionState, previous: ConnectionState, reason: StateChangeReason): void {
    if (state === ConnectionState.LOST) liveClients.delete(this);
    else liveClients.add(this);
    if (channels.sessionState.hasSubscribers) {
      channels.sessionState.publish({
        client: this,
        state,
        previous,
        reason,
        sessionId: hexSessionId(this.sessionId),
        server: this.server,
      });
    }
    try {
      this.emit('state', state, previous, reason);
    } catch (error) {
      this.logger.error(`a 'state' listener threw`, error);
    }
  }

  /**
   * The session and its traffic right now: state, session id, server, negotiated timeout, last zxid, requests in
   * flight and waiting, watches held by kind. Cheap (no request is sent), so a health check or a status route can call
   * it on every hit.
   */
  stats(): ClientStats {
    return {
      state: this.state,
      sessionId: hexSessionId(this.sessionId),
      server: this.server,
      negotiatedTimeoutMs: this.negotiatedTimeoutMs,
      lastZxid: `0x${this.lastZxid.toString(16)}`,
      inFlight: this.session.inFlight,
      queued: this.session.queued,
      watches: this.watches.counts(),
      member: memberSummary(this.ensemble.memberAt(this.server)),
    };
  }

  /** What `util.inspect` and `console.log` print: state, session id and server, never credentials or the password. */
  [inspect.custom](): string {
    const { state, sessionId, server } = this.toJSON();
    return `ZooKeeperClient { state: ${state}, sessionId: ${sessionId}, server: ${server ?? 'none'} }`;
  }

  /** What `JSON.stringify` writes: the same redacted summary (a session id is hex text, as bigint is not JSON). */
  toJSON(): {
    /** The connection state. */
    state: ConnectionState;
    /** The session id in hex (`0x…`); `0x0` without a session. */
    sessionId: string;
    /** `host:port` of the connected server, undefined while not connected. */
    server: string | undefined;
    /** The chroot, '' when there is none. */
    chroot: string;
  } {
    return {
      state: this.state,
      sessionId: `0x${this.sessionId.toString(16)}`,
      server: this.server,
      chroot: this.chroot,
    };
  }

  /** Disposes the client with `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function memberSummary(member: EnsembleMember | undefined): ClientStats['member'] {
  return member === undefined ? undefined : { id: member.id, role: member.role };
}

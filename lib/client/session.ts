import { inspect } from 'node:util';
import { ErrorCode } from '../protocol/error-codes';
import { OpCode, Xid } from '../protocol/op-codes';
import { authPacket, type AuthPacket } from '../protocol/records/auth';
import { saslToken, type SaslToken } from '../protocol/records/sasl';
import { setWatches, setWatches2, type WatcherEvent } from '../protocol/records/watches';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { Connection, type ConnectionListener } from './connection';
import { ConnectionState, type StateChangeReason } from './connection-state';
import {
  AuthFailedError,
  ClientClosedError,
  ConnectionLossError,
  OperationTimeoutError,
  SessionClosedRequireSaslAuthError,
  SessionExpiredError,
  type ZooKeeperError,
} from './errors';
import { formatHost, HostProvider, sameHost, type HostAddress } from './host-provider';
import type { ZooKeeperLogger } from './logger';
import { Packet } from './packet';
import { ReadWriteProbe } from './read-write-probe';
import { DigestMd5Client, DigestMd5Error, type DigestMd5ClientOptions } from './sasl-digest-md5';
import { WatchKind } from './watch-kind';
import type { WatchRegistry } from './watch-registry';
import type { BodyWriter } from './packet';
import { channels, hexSessionId } from './diagnostics-channels';

/** Everything the session needs from the client's options, already validated. */
export interface SessionOptions {
  hosts: HostAddress[];
  sessionTimeoutMs: number;
  connectTimeoutMs: number;
  readOnly: boolean;
  maxPacketBytes: number;
  logger: ZooKeeperLogger;
  session?: { id: bigint; password: Buffer };
  /** Connect with TLS (to `secureClientPort`s). */
  tls?: TlsConnectionOptions;
  /** Authenticate each connection with SASL DIGEST-MD5 before anything else is sent on it. */
  sasl?: DigestMd5ClientOptions;
  /** The client this session serves, named in diagnostics messages (typed loosely: the client imports the session). */
  client: object;
}

/** An identity to (re-)present on every connection; `waiter` is the `addAuth` call waiting for its first answer. */
interface AuthInfo {
  scheme: string;
  auth: Buffer;
  waiter?: { resolve(): void; reject(error: Error): void };
}

const EMPTY_PASSWORD = Buffer.alloc(16);

/** Why the session ended with `error`: the reason of the transition to LOST. */
function reasonFor(error: ZooKeeperError): StateChangeReason {
  if (error instanceof SessionExpiredError) return 'expired';
  if (error instanceof ClientClosedError) return 'closed';
  if (error instanceof AuthFailedError) return 'auth-failed';
  if (error instanceof OperationTimeoutError) return 'connect-timeout';
  return 'failed';
}

/**
 * The session state machine and its reconnect loop. While a connection is up, requests go straight to it; while
 * SUSPENDED (or connecting for the first time) they wait in a queue, failing with ConnectionLossError if no connection
 * comes back within the session timeout. Each new connection is primed in order: auth packets, watch re-registration,
 * then the queued requests. A server that answers the handshake with a zero timeout has expired the session: the state
 * becomes LOST, everything pending fails with SessionExpiredError and watchers hear EXPIRED. Any other end but
 * `close()` (an identity refused, a connect() timeout) drops the watches the same way: the next `connect()` starts a
 * new session, which must not re-register them.
 */
export class Session implements ConnectionListener {
  state: ConnectionState = ConnectionState.LOST;
  sessionId = 0n;
  password: Buffer = EMPTY_PASSWORD;
  negotiatedTimeoutMs = 0;
  /** When (ms since epoch) the last connection last wrote to the server; 0 before the first connection. */
  lastSendAt = 0;
  /** `lastAcknowledgedSendAt` of the connections that have closed. */
  private acknowledgedAt = 0;
  lastZxid = 0n;
  server: string | undefined;

  private readonly hosts: HostProvider;
  private connection: Connection | null = null;
  private attempt: Connection | null = null;
  private queue: Packet[] = [];
  private queueTimer: NodeJS.Timeout | undefined;
  private readonly auth: AuthInfo[] = [];
  private authInFlight: AuthInfo[] = [];
  private running = false;
  /** Why the loop must stop: the error queued and future requests get. */
  private stopError: ZooKeeperError | null = null;
  private wakeSleep: (() => void) | null = null;
  private connectWaiters: { resolve(): void; reject(error: Error): void }[] = [];
  private closing: Promise<void> | null = null;
  /** Whether `close()` is still sending closeSession; a `connect()` meanwhile waits for it. */
  private closeInProgress = false;
  /** Whether the last end of the session was `close()` (until the next `connect()`). */
  closedByUser = false;
  /**
   * Which reconnect loop is current. A `connect()` made while an ended loop is still winding down (from a 'state'
   * listener on LOST) starts a new loop at once; the old one sees it is stale and exits without touching the state.
   */
  private generation = 0;
  /**
   * Whether a read-write server has granted this session. A session from a read-only server is local to it, so until
   * then reconnects present session 0 (as Java's seenRwServerBefore).
   */
  private seenReadWrite = false;
  private probe: ReadWriteProbe | null = null;
  /** Why the last connection attempt failed, for the message of a connect() timeout. */
  private lastFailure: string | undefined;
  /** Why the last connection (or attempt) closed: the cause of the next attempt, for diagnostics. */
  private lastCloseError: Error | undefined;

  constructor(
    private readonly options: SessionOptions,
    readonly watches: WatchRegistry,
    private readonly onStateChange: (
      state: ConnectionState,
      previous: ConnectionState,
      reason: StateChangeReason,
    ) => void,
  ) {
    this.hosts = new HostProvider(options.hosts);
    if (options.session) {
      this.sessionId = options.session.id;
      this.password = options.session.password;
      this.seenReadWrite = true;
    }
    // Secrets (the session password, identities, SASL and resumed-session options) stay out of Object.keys,
    // JSON.stringify and a plain inspection.
    for (const key of ['password', 'auth', 'authInFlight', 'options'])
      Object.defineProperty(this, key, { enumerable: false });
  }

  /** What `util.inspect` prints: a redacted summary, never the password or the identities. */
  [inspect.custom](): string {
    return `Session { state: ${this.state}, sessionId: 0x${this.sessionId.toString(16)}, server: ${this.server ?? 'none'} }`;
  }

  /** What `JSON.stringify` writes: the same redacted summary. */
  toJSON(): { state: ConnectionState; sessionId: string; server: string | undefined } {
    return { state: this.state, sessionId: `0x${this.sessionId.toString(16)}`, server: this.server };
  }

  /** Requests written and not answered yet. */
  get inFlight(): number {
    return this.connection?.inFlight ?? 0;
  }

  /** Requests waiting for a connection. */
  get queued(): number {
    return this.queue.length;
  }

  /** Identities to present on every connection, from the options. */
  addInitialAuth(scheme: string, auth: Buffer): void {
    this.auth.push({ scheme, auth });
  }

  /**
   * When (ms since epoch) the latest request the server answered was sent, on this connection or an earlier one: the
   * server last reset the session's clock no earlier, so it cannot expire the session before this plus the timeout.
   */
  get lastAcknowledgedSendAt(): number {
    return Math.max(this.acknowledgedAt, this.connection?.lastAcknowledgedSendAt ?? 0);
  }

  /** Starts (or joins) connecting; resolves once CONNECTED, rejects after `connectTimeoutMs`. */
  connect(): Promise<void> {
    if (this.state === ConnectionState.CONNECTED || this.state === ConnectionState.CONNECTED_READ_ONLY) {
      return Promise.resolve();
    }
    // Wait for a close in progress. From a 'state' listener on close()'s own LOST, `closing` is not assigned yet (the
    // check runs again a microtask later): starting at once would let that close's cleanup zero the new session's id,
    // and leave `closing` set, so the next close() would return it and leave the new session open.
    if (this.closeInProgress) return Promise.resolve(this.closing).then(() => this.connect());
    this.closedByUser = false;
    const waiting = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    // An ended loop may still be winding down (connect() called from a 'state' listener on LOST): start anew now.
    if (!this.running || this.stopError !== null) {
      if (this.stopError !== null) {
        // After expiry or close, connect() starts a brand-new session.
        this.sessionId = 0n;
        this.password = EMPTY_PASSWORD;
        this.lastZxid = 0n;
        this.stopError = null;
        this.closing = null;
        this.seenReadWrite = false;
        // A new connect() after one that gave up dials at once: the back-off of the failed one could otherwise outlast
        // a short connectTimeoutMs, and every later connect() would time out without dialing (callers back off).
        this.hosts.onSuccess();
      }
      this.running = true;
      const generation = ++this.generation;
      this.run(generation).catch((error: unknown) => {
        // A bug, not a network condition: end the session loudly rather than hang.
        this.options.logger.error('the reconnect loop failed', error);
        if (generation !== this.generation) return;
        this.running = false;
        this.stop(new ConnectionLossError(`reconnect loop failed: ${String(error)}`));
      });
    }
    const timeoutMs = this.options.connectTimeoutMs;
    const timer = setTimeout(() => {
      if (this.state === ConnectionState.CONNECTED || this.state === ConnectionState.CONNECTED_READ_ONLY) return;
      const last = this.lastFailure !== undefined ? ` (last attempt: ${this.lastFailure})` : '';
      const error = new OperationTimeoutError(
        `no connection to ${this.describeHosts()} within ${timeoutMs} ms${last}`,
        {
          op: 'connect',
        },
      );
      if (this.state === ConnectionState.LOST && this.stopError === null) {
        // Nothing was ever established: give up entirely, as kazoo's start(timeout) does (stop() settles the waiters;
        // a connect() from a 'state' listener on that LOST must not get this error).
        this.stop(error);
      } else {
        this.settleConnectWaiters(error);
      }
    }, timeoutMs);
    return waiting.finally(() => clearTimeout(timer));
  }

  /** Hands a request to the connection, or queues it until there is one. */
  submit(packet: Packet): void {
    if (this.stopError !== null) {
      packet.reject(this.errorFor(this.stopError, packet));
      return;
    }
    if (this.connection !== null) {
      this.connection.send(packet);
      return;
    }
    if (!this.running) {
      packet.reject(
        new ConnectionLossError('not connected: call connect() first', { op: packet.opName, path: packet.path }),
      );
      return;
    }
    packet.queuedAt = Date.now();
    packet.deadline = packet.queuedAt + (this.negotiatedTimeoutMs || this.options.sessionTimeoutMs);
    this.queue.push(packet);
    if (channels.requestQueued.hasSubscribers) {
      channels.requestQueued.publish({
        client: this.options.client,
        op: packet.opName,
        path: packet.path,
        queued: this.queue.length,
      });
    }
    this.armQueueTimer();
  }

  /**
   * Replaces the servers (see `HostProvider.updateServerList`); when the session should move, the connection is
   * closed and the reconnect loop dials the next server: the session, its ephemerals and its watches go along, as
   * after any connection loss. Returns whether it moves.
   */
  updateServerList(hosts: HostAddress[]): boolean {
    this.options.hosts = hosts;
    const connection = this.connection;
    const move = this.hosts.updateServerList(hosts, connection?.address);
    // An attempt in progress to a server that is no longer listed is dropped too: the next dial picks from the list.
    const attempt = this.attempt;
    if (attempt !== null && !hosts.some((host) => sameHost(host, attempt.address))) {
      attempt.destroy(new ConnectionLossError(`${attempt.server} left the server list`));
    }
    if (move && connection !== null) {
      connection.destroy(new ConnectionLossError(`moving from ${connection.server} to rebalance over the new servers`));
    }
    return move;
  }

  /** The servers, in the order they are tried. */
  get servers(): readonly HostAddress[] {
    return this.hosts.servers;
  }

  /** Sends an auth packet now (or on the next connection) and resolves when the server accepts it. */
  addAuth(scheme: string, auth: Buffer): Promise<void> {
    if (this.stopError !== null) return Promise.reject(this.errorFor(this.stopError));
    return new Promise<void>((resolve, reject) => {
      const info: AuthInfo = { scheme, auth, waiter: { resolve, reject } };
      this.auth.push(info);
      if (this.connection !== null) this.sendAuth(this.connection, info);
    });
  }

  /** Sends closeSession, waits briefly for the answer, and fails everything left with ClientClosedError. */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.closedByUser = true;
    this.closeInProgress = true;
    // No extra then/finally here: callers racing close() against other work must see it settle as soon as before.
    this.closing = this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    const connection = this.connection;
    const closed = new ClientClosedError();
    this.stop(closed);
    if (connection !== null && !connection.isClosed) {
      const packet = new Packet({
        op: OpCode.CLOSE_SESSION,
        body: null,
        write: null,
        read: null,
        opName: 'close',
        path: undefined,
        isWrite: false,
      });
      const answered = new Promise<void>((resolve) => {
        packet.resolve = () => resolve();
        packet.reject = () => resolve();
      });
      connection.send(packet);
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, Math.min(2000, this.negotiatedTimeoutMs || 2000)).unref(),
      );
      await Promise.race([answered, timeout]);
      connection.destroy(closed, (p, sent) => this.errorFor(closed, p, sent));
    }
    this.watches.clear();
    this.sessionId = 0n;
    this.password = EMPTY_PASSWORD;
    this.closeInProgress = false;
  }

  /**
   * Ends the loop for good with `error`: queued requests and connect() callers get it, the state becomes LOST, and
   * unless the client is closing, every watch is dropped and its listener hears `{ NONE, EXPIRED }` once.
   */
  private stop(error: ZooKeeperError): void {
    if (this.stopError !== null) return;
    this.stopError = error;
    this.wakeSleep?.();
    this.attempt?.destroy(error);
    if (!(error instanceof ClientClosedError)) {
      this.connection?.destroy(error, (p, sent) => this.errorFor(error, p, sent));
    }
    const queued = this.queue;
    this.queue = [];
    this.publishUnqueued(queued, 'failed');
    for (const packet of queued) packet.reject(this.errorFor(error, packet));
    clearInterval(this.queueTimer);
    this.queueTimer = undefined;
    for (const info of this.auth) {
      info.waiter?.reject(error);
      info.waiter = undefined;
    }
    this.settleConnectWaiters(error);
    this.setState(ConnectionState.LOST, reasonFor(error));
    // The next connect() starts a new session, so the old one's watches can never fire: drop them now, telling each
    // listener as on expiry (re-registered with zxid 0 they would fire at once). close() drops them silently.
    if (!(error instanceof ClientClosedError)) this.watches.expire();
  }

  /** The error a request gets when the session stops; `sent` requests that write may have been applied. */
  private errorFor(error: ZooKeeperError, packet?: Packet, sent = false): ZooKeeperError {
    const mayBeApplied = sent && packet !== undefined && packet.isWrite;
    const context = { op: packet?.opName, path: packet?.path, cause: error, mayBeApplied };
    if (error instanceof SessionExpiredError) return new SessionExpiredError(undefined, context);
    if (error instanceof AuthFailedError) return new AuthFailedError(undefined, context);
    if (error instanceof ClientClosedError) return new ClientClosedError(undefined, context);
    return new ConnectionLossError(error.message, context);
  }

  /** Whether the loop `generation` must stop: the session ended, or a newer loop replaced it. */
  private ended(generation: number): boolean {
    return this.stopError !== null || generation !== this.generation;
  }

  private async run(generation: number): Promise<void> {
    let afterLoss = false;
    // For diagnostics: attempts since the last connection, whether this loop had one, why the last one ended.
    let attempts = 0;
    let hadConnection = false;
    let cause: Error | undefined;
    while (!this.ended(generation)) {
      const { address, delayMs } = this.hosts.next();
      // After a loss, wait a little (as Java's random 0–1 s, scaled to the session, at least 50 ms) so a crowd of clients does not
      // reconnect at once, and so a tool that borrows the session (expireSession) can finish with it.
      const spread = afterLoss ? 50 + Math.random() * Math.min(950, this.negotiatedTimeoutMs / 6) : 0;
      afterLoss = false;
      await this.sleep(delayMs + spread);
      if (this.ended(generation)) break;
      const connection = new Connection(
        address,
        {
          maxFrameBytes: this.options.maxPacketBytes + 1024,
          maxPacketBytes: this.options.maxPacketBytes,
          tls: this.options.tls,
        },
        this,
      );
      this.attempt = connection;
      const timeoutMs = Math.max(
        250,
        Math.min(this.options.connectTimeoutMs, this.options.sessionTimeoutMs / this.hosts.size),
      );
      attempts++;
      if (channels.connectionAttempt.hasSubscribers) {
        channels.connectionAttempt.publish({
          client: this.options.client,
          server: connection.server,
          attempt: attempts,
          reconnect: hadConnection,
          cause,
        });
      }
      let response;
      try {
        response = await connection.open(
          {
            protocolVersion: 0,
            lastZxidSeen: this.lastZxid,
            timeOut: this.options.sessionTimeoutMs,
            sessionId: this.seenReadWrite ? this.sessionId : 0n,
            passwd: this.seenReadWrite ? this.password : EMPTY_PASSWORD,
            readOnly: this.options.readOnly,
          },
          timeoutMs,
        );
      } catch (error) {
        if (this.attempt === connection) this.attempt = null;
        if (this.ended(generation)) break;
        this.hosts.onFailure();
        this.lastFailure = (error as Error).message;
        cause = error as Error;
        this.options.logger.debug(`connecting to ${connection.server} failed: ${(error as Error).message}`);
        continue;
      } finally {
        if (this.attempt === connection) this.attempt = null;
      }
      if (this.ended(generation)) {
        connection.destroy(this.stopError ?? new ConnectionLossError('superseded by a new session'));
        break;
      }
      if (response.timeOut <= 0) {
        connection.destroy(new SessionExpiredError());
        this.options.logger.warn(`session 0x${this.sessionId.toString(16)} expired`);
        this.expire();
        break;
      }
      this.hosts.onSuccess();
      if (this.sessionId !== 0n && response.sessionId !== this.sessionId) {
        this.options.logger.info(
          `session 0x${this.sessionId.toString(16)} replaced by 0x${response.sessionId.toString(16)}`,
        );
      }
      this.sessionId = response.sessionId;
      this.password = Buffer.from(response.passwd);
      this.negotiatedTimeoutMs = response.timeOut;
      this.server = connection.server;
      connection.sessionLabel = hexSessionId(this.sessionId);
      connection.startTimers(response.timeOut);
      if (this.options.sasl !== undefined) {
        this.attempt = connection;
        const authenticated = await this.authenticateSasl(connection, this.options.sasl, timeoutMs);
        if (this.attempt === connection) this.attempt = null;
        if (this.ended(generation)) {
          connection.destroy(this.stopError ?? new ConnectionLossError('superseded by a new session'));
          break;
        }
        if (!authenticated) {
          afterLoss = true;
          cause = this.lastCloseError;
          if (this.state !== ConnectionState.LOST) this.setState(ConnectionState.SUSPENDED, 'disconnected');
          continue;
        }
      }
      this.lastFailure = undefined;
      this.prime(connection);
      this.options.logger.info(
        `connected to ${connection.server}, session 0x${this.sessionId.toString(16)}, timeout ${response.timeOut} ms`,
      );
      if (response.readOnly) this.probeForReadWrite(connection, address);
      else this.seenReadWrite = true;
      if (channels.connectionOpen.hasSubscribers) {
        channels.connectionOpen.publish({
          client: this.options.client,
          server: connection.server,
          sessionId: connection.sessionLabel,
          negotiatedTimeoutMs: response.timeOut,
          readOnly: response.readOnly,
          attempts,
          reconnect: hadConnection,
        });
      }
      attempts = 0;
      hadConnection = true;
      this.setState(response.readOnly ? ConnectionState.CONNECTED_READ_ONLY : ConnectionState.CONNECTED, 'connected');
      this.settleConnectWaiters(null);
      await connection.closedSignal;
      cause = this.lastCloseError;
      this.lastSendAt = connection.lastSendAt;
      this.acknowledgedAt = Math.max(this.acknowledgedAt, connection.lastAcknowledgedSendAt);
      if (generation !== this.generation) break;
      this.probe?.stop();
      this.probe = null;
      afterLoss = true;
      if (this.stopError === null) this.setState(ConnectionState.SUSPENDED, 'disconnected');
    }
    if (generation === this.generation) this.running = false;
  }

  /**
   * SASL on a fresh connection, before anything else is sent on it (Java holds other packets while SASL is in
   * progress). Tokens travel as ordinary requests (opcode SASL, the next xid), so their replies are matched in order.
   * True once the server accepted; false when the connection broke first (the loop reconnects). A refusal, or a server
   * that cannot prove it knows the password, ends the session with AuthFailedError. Messages never carry the password.
   */
  private async authenticateSasl(
    connection: Connection,
    sasl: DigestMd5ClientOptions,
    timeoutMs: number,
  ): Promise<boolean> {
    const client = new DigestMd5Client(sasl);
    const timer = setTimeout(
      () =>
        connection.destroy(new ConnectionLossError(`no SASL answer from ${connection.server} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      let token = client.initialResponse();
      for (;;) {
        const reply = await this.sendSasl(connection, token);
        token = client.evaluateChallenge(reply);
        if (client.isComplete) {
          this.options.logger.debug(`SASL DIGEST-MD5 authentication with ${connection.server} succeeded`);
          return true;
        }
      }
    } catch (error) {
      const refused = error instanceof AuthFailedError || error instanceof SessionClosedRequireSaslAuthError;
      if (!refused && !(error instanceof DigestMd5Error)) {
        this.hosts.onFailure();
        this.lastFailure = `SASL: ${(error as Error).message}`;
        this.options.logger.debug(`SASL with ${connection.server} interrupted: ${(error as Error).message}`);
        connection.destroy(error instanceof Error ? error : new ConnectionLossError(String(error)));
        return false;
      }
      const reason = refused ? 'the server refused the credentials' : (error as Error).message;
      const failure = new AuthFailedError(
        `SASL DIGEST-MD5 authentication with ${connection.server} failed: ${reason}`,
        {
          op: 'connect',
          cause: error,
        },
      );
      this.options.logger.error(failure.message);
      connection.destroy(failure);
      this.stop(failure);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private sendSasl(connection: Connection, token: Buffer): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const body: SaslToken = { token };
      const packet = new Packet({
        op: OpCode.SASL,
        body,
        write: saslToken.write as BodyWriter,
        read: saslToken.read,
        opName: 'sasl',
        path: undefined,
        isWrite: false,
      });
      packet.resolve = (value) => resolve((value as SaslToken).token);
      packet.reject = reject;
      connection.send(packet);
    });
  }

  /** On a read-only server, looks for a read-write one and moves there when found. */
  private probeForReadWrite(connection: Connection, current: HostAddress): void {
    const others = this.options.hosts.filter((h) => h.host !== current.host || h.port !== current.port);
    this.probe = new ReadWriteProbe(
      others,
      (address) => {
        this.options.logger.info(`${formatHost(address)} serves writes: leaving read-only ${connection.server}`);
        this.hosts.prefer(address);
        connection.destroy(new ConnectionLossError(`moving to read-write server ${formatHost(address)}`));
      },
      this.options.tls,
    );
    this.probe.start();
  }

  /** Auth first, then watch re-registration, then whatever waited: all in the connection's first write. */
  private prime(connection: Connection): void {
    this.authInFlight = [];
    for (const info of this.auth) this.sendAuth(connection, info);
    for (const request of this.watches.setWatchesRequests(this.lastZxid)) {
      const write = (request.op === OpCode.SET_WATCHES2 ? setWatches2.write : setWatches.write) as BodyWriter;
      connection.sendSpecial(Xid.SET_WATCHES, request.op, write, request.record);
    }
    this.connection = connection;
    const queued = this.queue;
    this.queue = [];
    clearInterval(this.queueTimer);
    this.queueTimer = undefined;
    this.publishUnqueued(queued, 'sent');
    for (const packet of queued) connection.send(packet);
  }

  private sendAuth(connection: Connection, info: AuthInfo): void {
    const body: AuthPacket = { type: 0, scheme: info.scheme, auth: info.auth };
    this.authInFlight.push(info);
    connection.sendSpecial(Xid.AUTH, OpCode.AUTH, authPacket.write as BodyWriter, body);
  }

  private expire(): void {
    this.stop(new SessionExpiredError(`session 0x${this.sessionId.toString(16)} expired`));
  }

  private setState(state: ConnectionState, reason: StateChangeReason): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    if (state !== ConnectionState.CONNECTED && state !== ConnectionState.CONNECTED_READ_ONLY) this.server = undefined;
    this.onStateChange(state, previous, reason);
  }

  private settleConnectWaiters(error: Error | null): void {
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const waiter of waiters) {
      if (error === null) waiter.resolve();
      else waiter.reject(error);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = () => {
        this.wakeSleep = null;
        done();
      };
    });
  }

  /** While disconnected, fails queued requests whose wait exceeded the session timeout. */
  private armQueueTimer(): void {
    if (this.queueTimer !== undefined) return;
    const period = Math.max(20, Math.min(250, (this.negotiatedTimeoutMs || this.options.sessionTimeoutMs) / 10));
    this.queueTimer = setInterval(() => {
      const now = Date.now();
      const keep: Packet[] = [];
      for (const packet of this.queue) {
        if (packet.deadline > now) keep.push(packet);
        else {
          this.publishUnqueued([packet], 'timed-out');
          packet.reject(
            new ConnectionLossError('no connection came back within the session timeout', {
              op: packet.opName,
              path: packet.path,
            }),
          );
        }
      }
      this.queue = keep;
      if (keep.length === 0) {
        clearInterval(this.queueTimer);
        this.queueTimer = undefined;
      }
    }, period);
    this.queueTimer.unref();
  }

  /** Tells `requestUnqueued` subscribers that `packets` left the queue. */
  private publishUnqueued(packets: Packet[], outcome: 'sent' | 'timed-out' | 'failed'): void {
    if (packets.length === 0 || !channels.requestUnqueued.hasSubscribers) return;
    const now = Date.now();
    for (const packet of packets) {
      channels.requestUnqueued.publish({
        client: this.options.client,
        op: packet.opName,
        path: packet.path,
        waitedMs: now - packet.queuedAt,
        outcome,
      });
    }
  }

  private describeHosts(): string {
    return this.options.hosts.map((h) => `${h.host}:${h.port}`).join(',');
  }

  // ConnectionListener

  onNotification(connection: Connection, event: WatcherEvent, zxid: bigint): void {
    if (connection !== this.connection) return;
    this.watches.dispatch(event, zxid);
  }

  onZxid(zxid: bigint): void {
    if (zxid > this.lastZxid) this.lastZxid = zxid;
  }

  onWatchReply(packet: Packet, err: number): void {
    const watch = packet.watch;
    if (watch === null || watch.cancelled) return;
    if (err === ErrorCode.OK) this.watches.add(watch.kind, watch.serverPath, watch.listener);
    else if (err === ErrorCode.NONODE && watch.kind === WatchKind.DATA && packet.op === OpCode.EXISTS) {
      this.watches.add(WatchKind.EXIST, watch.serverPath, watch.listener);
    }
  }

  onAuthReply(connection: Connection, err: number): void {
    if (connection !== this.connection) return;
    const info = this.authInFlight.shift();
    if (err === ErrorCode.OK) {
      info?.waiter?.resolve();
      if (info) info.waiter = undefined;
      return;
    }
    const error = new AuthFailedError(`authentication with scheme '${info?.scheme ?? '?'}' was refused`, {
      op: 'addAuth',
    });
    this.options.logger.error(error.message);
    // A refused identity is forgotten, so a later connect() does not present it again and fail the same way.
    if (info) {
      info.waiter?.reject(error);
      info.waiter = undefined;
      this.auth.splice(this.auth.indexOf(info), 1);
    }
    // As Java: a refused identity leaves the session unusable (AuthFailed), and the server drops the connection.
    this.stop(error);
  }

  onSetWatchesReply(_connection: Connection, err: number): void {
    if (err !== ErrorCode.OK) this.options.logger.warn(`re-registering watches failed with code ${err}`);
  }

  onClose(connection: Connection, error: Error, unsent: Packet[]): void {
    this.lastCloseError = error;
    if (connection === this.connection) {
      this.connection = null;
      this.options.logger.info(`connection to ${connection.server} lost: ${error.message}`);
      if (channels.connectionClose.hasSubscribers) {
        channels.connectionClose.publish({
          client: this.options.client,
          server: connection.server,
          sessionId: connection.sessionLabel,
          error,
        });
      }
    }
    if (unsent.length === 0) return;
    // SASL tokens belong to their connection's exchange: never carried over to the next one.
    if (unsent.some((packet) => packet.op === OpCode.SASL)) {
      for (const packet of unsent) {
        if (packet.op === OpCode.SASL)
          packet.reject(new ConnectionLossError(error.message, { op: 'sasl', cause: error }));
      }
      unsent = unsent.filter((packet) => packet.op !== OpCode.SASL);
      if (unsent.length === 0) return;
    }
    if (this.stopError !== null) {
      for (const packet of unsent) packet.reject(this.errorFor(this.stopError, packet));
      return;
    }
    // Never written: they can go out on the next connection, ahead of anything queued since.
    const now = Date.now();
    const deadline = now + (this.negotiatedTimeoutMs || this.options.sessionTimeoutMs);
    for (const packet of unsent) {
      packet.deadline = deadline;
      packet.queuedAt = now;
    }
    this.queue = unsent.concat(this.queue);
    if (channels.requestQueued.hasSubscribers) {
      for (let i = 0; i < unsent.length; i++) {
        const packet = unsent[i] as Packet;
        channels.requestQueued.publish({
          client: this.options.client,
          op: packet.opName,
          path: packet.path,
          queued: this.queue.length - unsent.length + i + 1,
        });
      }
    }
    this.armQueueTimer();
  }
}

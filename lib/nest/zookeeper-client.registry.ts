import { Injectable, Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionState, enableOpenTelemetry, ZkUsageError, ZooKeeperClient } from '../client';
import type { OpenTelemetryHandle } from '../client';
import type { ZookeeperModuleOptions } from './interfaces/zookeeper-module-options.interface';
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_ZOOKEEPER_CLIENT_NAME,
  ZOOKEEPER_LOGGER_CONTEXT,
} from './zookeeper.constants';
import {
  CONNECT_ATTEMPT_FAILED,
  CONNECT_FAILED,
  DUPLICATE_CLIENT,
  INVALID_CLIENT_OPTIONS,
  MISSING_CLIENT,
  OUTAGE_ENDED,
  OUTAGE_STARTED,
  SESSION_LOST,
  SESSION_RENEWED,
  describeError,
} from './zookeeper.messages';
import { ZookeeperModuleError } from './zookeeper-module.error';

/** One client the application registered, with how the module runs it. */
export interface RegisteredClient {
  readonly name: string;
  readonly client: ZooKeeperClient;
  /**
   * Resolves `true` once the client has a session for the first time, however many attempts that took (at once for a
   * client bootstrap waited for), or `false` if the application shut down or closed the client before that.
   */
  readonly firstSession: Promise<boolean>;
  /** Whether bootstrap waited for the connection (`waitForConnection`). */
  readonly waitedForConnection: boolean;
  readonly identity: string;
  readonly shutdownTimeoutMs: number;
  /** The pause before an election is joined again after a failed `@OnLeader()` term (see `onLeaderRetry`). */
  readonly onLeaderRetry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** The client's OpenTelemetry instrumentation (`openTelemetry` option), stopped once the client is closed. */
  readonly telemetry: OpenTelemetryHandle | undefined;
}

/**
 * The clients of one application, by name: creates and connects them for the client providers, hands them to the
 * orchestrator and the health indicator, and closes them last at shutdown.
 */
@Injectable()
export class ZookeeperClientRegistry {
  private readonly logger = new Logger(ZOOKEEPER_LOGGER_CONTEXT);
  private readonly clients = new Map<string, RegisteredClient>();
  /** Aborted when the application shuts down: no new session is opened after that. */
  private readonly shutdown = new AbortController();
  /** Who waits for a client not created yet (see `whenCreated`). */
  private readonly waiting = new Map<string, ((registered: RegisteredClient) => void)[]>();

  /**
   * Creates the client `name` and connects it: waits for the session when `waitForConnection` (the default) and
   * fails bootstrap with a message naming the client if it cannot connect; otherwise connects in the background.
   */
  async create(name: string, options: ZookeeperModuleOptions): Promise<ZooKeeperClient> {
    if (this.clients.has(name)) {
      await this.abandon();
      throw new ZookeeperModuleError(DUPLICATE_CLIENT(name));
    }
    const {
      waitForConnection = true,
      shutdownTimeoutMs,
      identity,
      onLeaderRetry,
      openTelemetry,
      ...clientOptions
    } = options;
    let client: ZooKeeperClient;
    let telemetry: OpenTelemetryHandle | undefined;
    try {
      checkRetryOptions(onLeaderRetry);
      client = new ZooKeeperClient(clientOptions);
      // Before connect(), so the first connection and its state transitions are recorded too.
      telemetry = startTelemetry(client, openTelemetry);
    } catch (error) {
      await this.abandon();
      throw new ZookeeperModuleError(INVALID_CLIENT_OPTIONS(name, error), { cause: error });
    }
    const connected = client.connect();
    const registered: RegisteredClient = {
      name,
      client,
      firstSession: waitForConnection
        ? connected.then(() => true)
        : connected.then(
            () => true,
            (error: unknown) => this.connectUntilSession(name, client, clientOptions.connectString, error),
          ),
      waitedForConnection: waitForConnection,
      identity: identity ?? `${hostname()}:${process.pid}`,
      shutdownTimeoutMs: shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
      onLeaderRetry: {
        initialDelayMs: onLeaderRetry?.initialDelayMs ?? 1000,
        maxDelayMs: onLeaderRetry?.maxDelayMs ?? 60_000,
      },
      telemetry,
    };
    // Bootstrap turns a failed first attempt into its own error; nobody else waits on this promise then.
    registered.firstSession.catch(() => undefined);
    this.clients.set(name, registered);
    for (const resolve of this.waiting.get(name) ?? []) resolve(registered);
    this.waiting.delete(name);
    if (!waitForConnection) {
      this.reportOutages(name, client, clientOptions.connectString);
      return client;
    }
    try {
      await connected;
    } catch (error) {
      await this.abandon();
      throw new ZookeeperModuleError(CONNECT_FAILED(name, options.connectString, error), { cause: error });
    }
    this.reportOutages(name, client, clientOptions.connectString);
    return client;
  }

  /**
   * The first attempt of a client bootstrap did not wait for failed: the outage is reported once, then every further
   * attempt (see `renewSession`) until one gets a session. Resolves whether the client got one before shutdown.
   */
  private async connectUntilSession(
    name: string,
    client: ZooKeeperClient,
    connectString: string,
    firstError: unknown,
  ): Promise<boolean> {
    if (this.stopped(client)) return false;
    const since = Date.now();
    this.logger.error(CONNECT_ATTEMPT_FAILED(name, connectString, 1, firstError));
    this.logger.warn(OUTAGE_STARTED(name, connectString));
    const renewed = await this.renewSession(name, client, connectString, 2);
    if (renewed) this.logger.log(OUTAGE_ENDED(name, client.sessionId, Date.now() - since));
    return renewed;
  }

  /**
   * Tells the story of the connection after startup: a WARN when it is lost, an INFO with the outage's length when it
   * is back. A client whose session expired stays LOST until someone connects it again, and everything the decorators
   * run (elections, watches, locks) waits for a connection: for a long-running application the module opens a new
   * session. Only after an expiry: a session the application ended with `client.close()` stays closed.
   */
  private reportOutages(name: string, client: ZooKeeperClient, connectString: string): void {
    let suspendedAt: number | undefined;
    client.on('state', (state, previous, reason) => {
      if (this.shutdown.signal.aborted) return;
      if (state === ConnectionState.SUSPENDED && previous !== ConnectionState.SUSPENDED) {
        suspendedAt = Date.now();
        this.logger.warn(OUTAGE_STARTED(name, client.server ?? 'the ensemble'));
      } else if (state === ConnectionState.CONNECTED && previous === ConnectionState.SUSPENDED) {
        this.logger.log(OUTAGE_ENDED(name, client.sessionId, Date.now() - (suspendedAt ?? Date.now())));
        suspendedAt = undefined;
      } else if (state === ConnectionState.LOST && previous !== ConnectionState.LOST && reason === 'expired') {
        const since = suspendedAt ?? Date.now();
        suspendedAt = undefined;
        this.logger.warn(SESSION_LOST(name));
        void this.renewSession(name, client, connectString, 1).then((renewed) => {
          if (renewed) this.logger.log(SESSION_RENEWED(name, client.sessionId, Date.now() - since));
        });
      }
    });
  }

  /**
   * Connects until it works (backing off from 250 ms to about 10 s between attempts, with jitter) or the application
   * shuts down or closes the client; each failed attempt is one ERROR line saying when the next one starts. The first
   * attempt starts at once, even from the 'state' listener on LOST. Resolves whether a session was opened.
   */
  private async renewSession(
    name: string,
    client: ZooKeeperClient,
    connectString: string,
    firstAttempt: number,
  ): Promise<boolean> {
    let delayMs = firstAttempt > 1 ? reconnectDelay(0) : 0;
    for (let attempt = firstAttempt; ; attempt++) {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
      if (this.stopped(client) || client.state !== ConnectionState.LOST) return client.state !== ConnectionState.LOST;
      try {
        await client.connect();
        return true;
      } catch (error) {
        if (this.stopped(client)) return false;
        delayMs = reconnectDelay(delayMs);
        this.logger.error(CONNECT_ATTEMPT_FAILED(name, connectString, attempt, error, delayMs));
      }
    }
  }

  /** Whether the application is shutting down or closed the client itself: then no attempt is made or reported. */
  private stopped(client: ZooKeeperClient): boolean {
    return this.shutdown.signal.aborted || client.closed;
  }

  /**
   * Bootstrap fails when a client cannot be created: close the sessions already opened, since Nest will not run the
   * shutdown hooks of an application that never started, and open sockets would keep the process alive.
   */
  private async abandon(): Promise<void> {
    await this.closeAll();
  }

  /** The client `name`, or an error saying it is missing and who asked (`referencedFrom`). */
  get(name: string | undefined, referencedFrom: string): RegisteredClient {
    const registered = this.clients.get(name ?? DEFAULT_ZOOKEEPER_CLIENT_NAME);
    if (!registered)
      throw new ZookeeperModuleError(MISSING_CLIENT(name ?? DEFAULT_ZOOKEEPER_CLIENT_NAME, referencedFrom));
    return registered;
  }

  /** Every registered client. */
  all(): RegisteredClient[] {
    return [...this.clients.values()];
  }

  /**
   * Resolves with client `name` once its `ZookeeperModule` provider has created it (before it is connected), for
   * providers of other modules that Nest may build first; rejects after `timeoutMs` with an error saying it is missing.
   */
  whenCreated(name: string | undefined, referencedFrom: string, timeoutMs = 10_000): Promise<RegisteredClient> {
    const key = name ?? DEFAULT_ZOOKEEPER_CLIENT_NAME;
    const existing = this.clients.get(key);
    if (existing) return Promise.resolve(existing);
    return new Promise<RegisteredClient>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ZookeeperModuleError(MISSING_CLIENT(key, referencedFrom))), timeoutMs);
      const waiters = this.waiting.get(key) ?? [];
      waiters.push((registered) => {
        clearTimeout(timer);
        resolve(registered);
      });
      this.waiting.set(key, waiters);
    });
  }

  /** The name `client` is registered under, or undefined when it is not one of this application's clients. */
  nameOf(client: unknown): string | undefined {
    for (const registered of this.clients.values()) if (registered.client === client) return registered.name;
    return undefined;
  }

  /**
   * Aborted when the clients are closed (`closeAll`): at application shutdown, and also when bootstrap fails, after
   * which Nest may run no shutdown hook at all (see `abandonBootstrap`). What lives as long as the clients stops on it.
   */
  get closing(): AbortSignal {
    return this.shutdown.signal;
  }

  /** The longest `shutdownTimeoutMs` among the clients: shutdown covers all of them at once. */
  shutdownTimeoutMs(): number {
    return Math.max(0, ...this.all().map((registered) => registered.shutdownTimeoutMs));
  }

  /** Closes every session (the last step of shutdown); a client that fails to close is logged, not thrown. */
  async closeAll(): Promise<void> {
    this.shutdown.abort();
    const clients = this.all();
    this.clients.clear();
    await Promise.all(
      clients.map(async ({ name, client, telemetry }) => {
        try {
          await client.close();
        } catch (error) {
          this.logger.warn(`ZooKeeper client "${name}" did not close cleanly: ${describeError(error)}`);
        } finally {
          // After the close, so its last transition (LOST, 'closed') is recorded.
          telemetry?.disable();
        }
      }),
    );
  }
}

/** The next pause between connection attempts: doubling from 250 ms to 10 s, each ±20% so a fleet spreads out. */
function reconnectDelay(previousMs: number): number {
  const base = Math.min(Math.max(previousMs * 2, 250), 10_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Instruments `client` as its `openTelemetry` option asks; undefined when it is off. */
function startTelemetry(
  client: ZooKeeperClient,
  option: ZookeeperModuleOptions['openTelemetry'],
): OpenTelemetryHandle | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (option === null || typeof option !== 'object')) {
    throw new ZkUsageError(`openTelemetry must be true, false or an object of options, got ${String(option)}`);
  }
  return enableOpenTelemetry(option === true ? { client } : { ...option, client });
}

/** `onLeaderRetry` must hold positive whole numbers of milliseconds, the maximum no less than the initial pause. */
function checkRetryOptions(retry: ZookeeperModuleOptions['onLeaderRetry']): void {
  if (retry === undefined) return;
  if (retry === null || typeof retry !== 'object') throw new ZkUsageError('onLeaderRetry must be an object');
  for (const key of ['initialDelayMs', 'maxDelayMs'] as const) {
    const value = retry[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      throw new ZkUsageError(`onLeaderRetry.${key} must be a positive integer (ms), got ${String(value)}`);
    }
  }
  if ((retry.maxDelayMs ?? 60_000) < (retry.initialDelayMs ?? 1000)) {
    throw new ZkUsageError('onLeaderRetry.maxDelayMs must not be less than onLeaderRetry.initialDelayMs');
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionState, ZooKeeperClient } from '../client';
import type { ZookeeperModuleOptions } from './interfaces/zookeeper-module-options.interface';
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_ZOOKEEPER_CLIENT_NAME,
  ZOOKEEPER_LOGGER_CONTEXT,
} from './zookeeper.constants';
import {
  BACKGROUND_CONNECT_FAILED,
  CONNECT_FAILED,
  DUPLICATE_CLIENT,
  MISSING_CLIENT,
  SESSION_LOST,
  SESSION_RENEWED,
  describeError,
} from './zookeeper.messages';

/** One client the application registered, with how the module runs it. */
export interface RegisteredClient {
  readonly name: string;
  readonly client: ZooKeeperClient;
  /** Settles when the first connection attempt ends (rejects if it failed). */
  readonly connected: Promise<void>;
  /** Whether bootstrap waited for the connection (`waitForConnection`). */
  readonly waitedForConnection: boolean;
  readonly identity: string;
  readonly shutdownTimeoutMs: number;
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

  /**
   * Creates the client `name` and connects it: waits for the session when `waitForConnection` (the default) and
   * fails bootstrap with a message naming the client if it cannot connect; otherwise connects in the background.
   */
  async create(name: string, options: ZookeeperModuleOptions): Promise<ZooKeeperClient> {
    if (this.clients.has(name)) {
      await this.abandon();
      throw new Error(DUPLICATE_CLIENT(name));
    }
    const { waitForConnection = true, shutdownTimeoutMs, identity, ...clientOptions } = options;
    const client = new ZooKeeperClient(clientOptions);
    const connected = client.connect();
    this.clients.set(name, {
      name,
      client,
      connected,
      waitedForConnection: waitForConnection,
      identity: identity ?? `${hostname()}:${process.pid}`,
      shutdownTimeoutMs: shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    });
    if (!waitForConnection) {
      connected.catch((error: unknown) => {
        this.logger.error(BACKGROUND_CONNECT_FAILED(name, error));
        void this.renewSession(name, client);
      });
      this.renewExpiredSessions(name, client);
      return client;
    }
    try {
      await connected;
    } catch (error) {
      await this.abandon();
      throw new Error(CONNECT_FAILED(name, options.connectString, error), { cause: error });
    }
    this.renewExpiredSessions(name, client);
    return client;
  }

  /**
   * A client whose session expired stays LOST until someone connects it again, and everything the decorators run
   * (elections, watches, locks) waits for a connection: for a long-running application the module opens a new session.
   * Only after an expiry: a session the application ended with `client.close()` stays closed.
   */
  private renewExpiredSessions(name: string, client: ZooKeeperClient): void {
    client.on('state', (state, previous, reason) => {
      if (
        state === ConnectionState.LOST &&
        previous !== ConnectionState.LOST &&
        reason === 'expired' &&
        !this.shutdown.signal.aborted
      ) {
        this.logger.warn(SESSION_LOST(name));
        void this.renewSession(name, client);
      }
    });
  }

  /**
   * Connects until it works (backing off from 250 ms up to 10 s between attempts) or the application shuts down, or
   * the application closes the client. The first attempt starts at once, even from the 'state' listener on LOST.
   */
  private async renewSession(name: string, client: ZooKeeperClient): Promise<void> {
    let delayMs = 0;
    for (;;) {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
      if (this.shutdown.signal.aborted || client.state !== ConnectionState.LOST || client.closed) return;
      try {
        await client.connect();
        this.logger.log(SESSION_RENEWED(name, client.sessionId));
        return;
      } catch (error) {
        if (this.shutdown.signal.aborted) return;
        this.logger.warn(BACKGROUND_CONNECT_FAILED(name, error));
        delayMs = Math.min(Math.max(delayMs * 2, 250), 10_000);
      }
    }
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
    if (!registered) throw new Error(MISSING_CLIENT(name ?? DEFAULT_ZOOKEEPER_CLIENT_NAME, referencedFrom));
    return registered;
  }

  /** Every registered client. */
  all(): RegisteredClient[] {
    return [...this.clients.values()];
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
      clients.map(async ({ name, client }) => {
        try {
          await client.close();
        } catch (error) {
          this.logger.warn(`ZooKeeper client "${name}" did not close cleanly: ${describeError(error)}`);
        }
      }),
    );
  }
}

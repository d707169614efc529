import { ZooKeeperClient } from '../../../lib/client/zookeeper-client';
import type { ZooKeeperClientOptions } from '../../../lib/client/zookeeper-client';
import { sharedConnectString } from '../../support/zk';

/**
 * Connected clients for one test file, all closed in `afterEach`/`afterAll` by `closeAll()`. Each recipe test uses
 * several clients, because the recipes are about several processes; separate clients are separate sessions.
 */
export class RecipeClients {
  private readonly open: ZooKeeperClient[] = [];

  /** A new connected client of the shared server (or `connectString`). */
  async connect(options: Partial<ZooKeeperClientOptions> = {}): Promise<ZooKeeperClient> {
    const client = new ZooKeeperClient({
      connectString: sharedConnectString(),
      sessionTimeoutMs: 4000,
      retry: { maxTries: 5, delayMs: 50, maxJitterMs: 20 },
      ...options,
    });
    this.open.push(client);
    await client.connect();
    return client;
  }

  /** `count` connected clients. */
  async connectMany(count: number, options: Partial<ZooKeeperClientOptions> = {}): Promise<ZooKeeperClient[]> {
    return Promise.all(Array.from({ length: count }, () => this.connect(options)));
  }

  /** Closes every client opened so far. */
  async closeAll(): Promise<void> {
    const clients = this.open.splice(0);
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  }
}

/** Resolves after `ms`; used only to let contenders overlap inside a critical section, never as an assertion. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

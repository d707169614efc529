import { ConnectionState, ZooKeeperClient, type ZooKeeperClientOptions } from '../../../lib/client';
import { nextState } from '../../support/next-state';

/** Resolves when the client is in `state` (at once if it already is); a hang guard rejects after `timeoutMs`. */
export function waitForState(client: ZooKeeperClient, state: ConnectionState, timeoutMs = 30000): Promise<void> {
  if (client.state === state) return Promise.resolve();
  return nextState(client, state, timeoutMs);
}

/** Records every 'state' transition of a client as `PREVIOUS->NEXT`. */
export function recordTransitions(client: ZooKeeperClient): string[] {
  const seen: string[] = [];
  client.on('state', (state, previous) => seen.push(`${previous}->${state}`));
  return seen;
}

/** A queue of values pushed by callbacks (watch listeners), awaited one at a time. */
export class Inbox<T> {
  readonly received: T[] = [];
  private readonly waiters: ((value: T) => void)[] = [];
  private taken = 0;

  readonly push = (value: T): void => {
    this.received.push(value);
    const waiter = this.waiters.shift();
    if (waiter) {
      this.taken++;
      waiter(value);
    }
  };

  /** The next value not yet taken; a hang guard rejects after `timeoutMs`. */
  next(timeoutMs = 30000): Promise<T> {
    if (this.taken < this.received.length) return Promise.resolve(this.received[this.taken++]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no value arrived')), timeoutMs);
      this.waiters.push((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }
}

/** Creates clients and closes them all after the test file. */
export class Clients {
  private readonly all: ZooKeeperClient[] = [];

  constructor(private readonly defaults: () => Partial<ZooKeeperClientOptions> & { connectString: string }) {}

  /** A new, connected client. */
  async connect(options: Partial<ZooKeeperClientOptions> = {}): Promise<ZooKeeperClient> {
    const client = this.create(options);
    await client.connect();
    return client;
  }

  /** A new client, not yet connected. */
  create(options: Partial<ZooKeeperClientOptions> = {}): ZooKeeperClient {
    const client = new ZooKeeperClient({ ...this.defaults(), ...options });
    this.all.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((client) => client.close()));
  }
}

import { createServer, connect, Server, Socket } from 'node:net';
import { ZkTestingError } from './zk-testing.error';

interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A loopback TCP proxy in front of one ZooKeeper server, to break a client's connection without touching the server:
 * `cut()` drops current connections, `stall()` stops forwarding bytes (the connection stays open and silent, as
 * a hung network does), `refuse()` turns new connections away.
 */
export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private stalled = false;
  private refusing = false;

  private constructor(
    private readonly server: Server,
    private target: { host: string; port: number },
    /** The local port the proxy listens on, on 127.0.0.1. */
    readonly port: number,
  ) {}

  /** Starts a proxy on 127.0.0.1 (a free port) forwarding to `target` (`host:port`). */
  static async start(target: string): Promise<FaultProxy> {
    const parsed = parseHostPort(target);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new ZkTestingError('proxy has no port');
    const proxy = new FaultProxy(server, parsed, address.port);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  /** `127.0.0.1:<port>` — give this to the client instead of the server's address. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Number of client connections currently open through the proxy. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Points new connections at another server. */
  retarget(target: string): void {
    this.target = parseHostPort(target);
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target);
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      if (!this.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.stalled) client.write(chunk);
    });
  }

  /** Destroys every open connection (both sides), as a network failure would. New connections are accepted. */
  cut(): void {
    for (const pair of [...this.pairs]) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Silently drops every byte in both directions until `resume()`; connections stay open. */
  stall(): void {
    this.stalled = true;
  }

  /** Forwards bytes again (those dropped while stalled are lost, so the client will see a broken stream). */
  resume(): void {
    this.stalled = false;
  }

  /** Closes new connections at once until `allow()`; with `cut()`, a server that is unreachable. */
  refuse(): void {
    this.refusing = true;
  }

  /** Accepts new connections again after `refuse()`. */
  allow(): void {
    this.refusing = false;
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function parseHostPort(target: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target.trim());
  if (!match) throw new ZkTestingError(`proxy target '${target}' is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}

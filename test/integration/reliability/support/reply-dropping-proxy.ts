import { createServer, connect, type Server, type Socket } from 'node:net';

/** One request seen going from the client to the server. */
export interface SeenRequest {
  xid: number;
  op: number;
  /** The request body after the RequestHeader. */
  body: Buffer;
}

/**
 * A loopback proxy in front of a real ZooKeeper server that, once armed, lets a chosen request reach the server but
 * drops everything the server sends back on that connection from then on: the request is applied, its reply is lost,
 * and the client's pings still reach the server (so the session stays alive) while it hears nothing. This is a network
 * fault (one-way loss), not a change to what the server says.
 */
export class ReplyDroppingProxy {
  private trigger: ((request: SeenRequest) => boolean) | undefined;
  private swallow = false;
  private readonly sockets = new Set<Socket>();
  /** Requests that triggered the drop. */
  readonly dropped: SeenRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  static async start(target: string): Promise<ReplyDroppingProxy> {
    const match = /^(.+):(\d+)$/.exec(target);
    if (!match) throw new Error(`bad target ${target}`);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    const proxy = new ReplyDroppingProxy(server, { host: match[1], port: Number(match[2]) }, address.port);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /**
   * The next request matching `trigger` goes through (or, with `swallowRequest`, is lost on the way too), and the
   * server's replies on its connection are dropped from then on.
   */
  arm(trigger: (request: SeenRequest) => boolean, options: { swallowRequest?: boolean } = {}): void {
    this.trigger = trigger;
    this.swallow = options.swallowRequest ?? false;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target);
    this.sockets.add(client).add(upstream);
    let muted = false;
    let handshake = true;
    let pending = Buffer.alloc(0);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const length = pending.readInt32BE(0);
        const whole = pending.subarray(0, 4 + length);
        const payload = whole.subarray(4);
        pending = pending.subarray(4 + length);
        if (handshake) {
          handshake = false;
          upstream.write(whole);
          continue;
        }
        const request = { xid: payload.readInt32BE(0), op: payload.readInt32BE(4), body: payload.subarray(8) };
        if (this.trigger?.(request)) {
          this.trigger = undefined;
          this.dropped.push(request);
          muted = true;
          if (this.swallow) continue;
        }
        upstream.write(whole);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!muted) client.write(chunk);
    });
  }
}

/** Whether a create/create2/createTTL request body names a path containing `fragment`. */
export function createsPathWith(fragment: string): (request: SeenRequest) => boolean {
  return (request) => {
    if (![1, 15, 19, 21].includes(request.op)) return false;
    const length = request.body.readInt32BE(0);
    return request.body.toString('utf8', 4, 4 + length).includes(fragment);
  };
}

/** Whether a request has opcode `op` and its body starts with the path `path`. */
export function opOnPath(op: number, path: string): (request: SeenRequest) => boolean {
  return (request) => {
    if (request.op !== op) return false;
    const length = request.body.readInt32BE(0);
    return request.body.toString('utf8', 4, 4 + length) === path;
  };
}

/** Whether a request is a multi (transaction, opcode 14) that names `path` in one of its ops. */
export function multiTouching(path: string): (request: SeenRequest) => boolean {
  return (request) => request.op === 14 && request.body.includes(Buffer.from(path));
}

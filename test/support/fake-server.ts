import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

/*
 * A fake ZooKeeper server on loopback, ONLY for testing how the client copes with a misbehaving peer: it speaks just
 * enough of the protocol (the handshake, pings, a NONODE answer to everything) to reach the point where it can answer
 * with garbage, a truncated frame, an impossible length, the wrong xid, or close in the middle of a frame. Nothing it
 * does is a claim about how a real ZooKeeper server behaves.
 *
 * It encodes and decodes by hand, on purpose: sharing the client's codec would hide a codec bug on both sides.
 */

const PING_XID = -2;

/** The fields of the client's ConnectRequest. */
export interface FakeHandshakeRequest {
  protocolVersion: number;
  lastZxidSeen: bigint;
  timeOut: number;
  sessionId: bigint;
  passwd: Buffer;
  readOnly: boolean;
}

function parseConnectRequest(payload: Buffer): FakeHandshakeRequest {
  // int protocolVersion @0, long lastZxidSeen @4, int timeOut @12, long sessionId @16, buffer passwd @24, bool readOnly.
  const passwdLength = payload.readInt32BE(24);
  const passwd = Buffer.from(payload.subarray(28, 28 + Math.max(0, passwdLength)));
  return {
    protocolVersion: payload.readInt32BE(0),
    lastZxidSeen: payload.readBigInt64BE(4),
    timeOut: payload.readInt32BE(12),
    sessionId: payload.readBigInt64BE(16),
    passwd,
    readOnly: payload.length > 28 + passwd.length && payload[28 + passwd.length] !== 0,
  };
}

/** Cuts a byte stream into frames; a length the fake cannot take ends the connection. */
class Frames {
  private pending = Buffer.alloc(0);

  constructor(private readonly onFrame: (payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32BE(0);
      if (length < 0 || length > 16 * 1024 * 1024) throw new Error(`fake server got a frame of ${length} bytes`);
      if (this.pending.length < 4 + length) return;
      const payload = Buffer.from(this.pending.subarray(4, 4 + length));
      this.pending = this.pending.subarray(4 + length);
      this.onFrame(payload);
    }
  }
}

/** NONODE: a valid answer to any request (exists resolves null, everything else rejects with NoNodeError). */
const NONODE = -101;

/** One request the fake received after the handshake (pings excluded). */
export interface FakeRequest {
  xid: number;
  op: number;
  /** The request body after the RequestHeader. */
  body: Buffer;
}

/** How to answer one request (or the handshake); `reply` helps build well-formed frames. */
export type FakeAnswer =
  | { kind: 'nonode' }
  /** Raw bytes written as they are (no framing added). */
  | { kind: 'raw'; bytes: Buffer }
  /** Raw bytes, then nothing more on this connection, not even answers to pings (a server that hung). */
  | { kind: 'raw-then-mute'; bytes: Buffer }
  /** Raw bytes, then the connection is closed. */
  | { kind: 'raw-then-close'; bytes: Buffer }
  /** Say nothing, keep the connection open. */
  | { kind: 'silence' };

/** Decides how to answer each request; the default answers every request with NONODE. */
export type FakeBehaviour = (request: FakeRequest, connection: number) => FakeAnswer;

/** Decides how to answer each handshake; the default accepts it (echoing a presented session). */
export type FakeHandshake = (request: FakeHandshakeRequest, connection: number) => FakeAnswer | 'accept';

/** 4-byte big-endian length + payload. */
export function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

/** A well-formed reply frame: ReplyHeader(xid, zxid, err) + body. */
export function replyFrame(xid: number, err: number, body: Buffer = Buffer.alloc(0), zxid = 0n): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32BE(xid, 0);
  header.writeBigInt64BE(zxid, 4);
  header.writeInt32BE(err, 12);
  return frame(Buffer.concat([header, body]));
}

/** Standard ways to misbehave when answering `request`. */
export const misbehaviour = {
  /** An HTTP error page: its first four bytes read as a length of about 1.2 GB. */
  garbage: (): FakeAnswer => ({ kind: 'raw', bytes: Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n', 'latin1') }),
  /** A frame too short to hold a ReplyHeader. */
  truncatedRecord: (): FakeAnswer => ({ kind: 'raw', bytes: frame(Buffer.from([0, 0, 0])) }),
  /** A length prefix of 2^31-1. */
  oversizedLength: (): FakeAnswer => ({ kind: 'raw', bytes: Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]) }),
  /** A negative length prefix. */
  negativeLength: (): FakeAnswer => ({ kind: 'raw', bytes: Buffer.from([0xff, 0xff, 0xff, 0xfe]) }),
  /** A well-formed reply for a request that was never sent. */
  wrongXid: (request: FakeRequest): FakeAnswer => ({ kind: 'raw', bytes: replyFrame(request.xid + 1000, 0) }),
  /** A reply with an unknown reserved (negative) xid. */
  unknownReservedXid: (): FakeAnswer => ({ kind: 'raw', bytes: replyFrame(-77, 0) }),
  /** A notification (xid -1) whose WatcherEvent is three bytes long. */
  badNotification: (): FakeAnswer => ({ kind: 'raw', bytes: replyFrame(-1, 0, Buffer.from([1, 2, 3])) }),
  /** The right xid and err 0, but a body that cannot be the reply's record (a vector claiming 2^30 entries). */
  undecodableBody: (request: FakeRequest): FakeAnswer => ({
    kind: 'raw',
    bytes: replyFrame(request.xid, 0, Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 1])),
  }),
  /** The first half of a well-formed reply, then the connection closes. */
  closeMidFrame: (request: FakeRequest): FakeAnswer => {
    const whole = replyFrame(request.xid, NONODE);
    return { kind: 'raw-then-close', bytes: whole.subarray(0, Math.floor(whole.length / 2)) };
  },
  /** A length prefix announcing 64 bytes, 5 of them sent, then silence (the connection stays open). */
  stalledFrame: (): FakeAnswer => ({ kind: 'raw', bytes: Buffer.concat([Buffer.from([0, 0, 0, 64]), randomBytes(5)]) }),
} as const;

/**
 * A loopback server that accepts the ZooKeeper handshake and then answers as its behaviour says. It records the
 * connections it accepted, the handshakes and the requests (pings excluded) it received, so a test can also prove
 * that nothing was sent.
 */
export class FakeZooKeeperServer {
  /** Every handshake received, in order. */
  readonly handshakes: FakeHandshakeRequest[] = [];
  /** Every request received after a handshake, pings excluded. */
  readonly requests: FakeRequest[] = [];
  /** Number of TCP connections accepted. */
  accepted = 0;
  /** Every byte received, handshakes and pings included. */
  bytesReceived = 0;
  behaviour: FakeBehaviour = () => ({ kind: 'nonode' });
  handshake: FakeHandshake = () => 'accept';
  /** The session timeout the fake grants (it ignores the requested one). */
  grantedTimeoutMs = 4000;
  private readonly sockets = new Set<Socket>();
  private readonly requestWaiters: { count: number; resolve(): void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeZooKeeperServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('fake server has no port');
    const fake = new FakeZooKeeperServer(server, address.port);
    server.on('connection', (socket) => fake.accept(socket));
    return fake;
  }

  /** `127.0.0.1:<port>`. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Resolves once `count` requests (pings excluded) have arrived in total; a hang guard rejects after `limitMs`. */
  waitForRequests(count: number, limitMs = 30000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake server got ${this.requests.length} requests, not ${count}`)),
        limitMs,
      );
      this.requestWaiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Closes every open connection; new ones are still accepted. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const connection = ++this.accepted;
    this.sockets.add(socket);
    let handshaken = false;
    let muted = false;
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    const frames = new Frames((payload) => {
      if (socket.destroyed || muted) return;
      if (!handshaken) {
        handshaken = true;
        const request = parseConnectRequest(payload);
        this.handshakes.push(request);
        const answer = this.handshake(request, connection);
        if (answer === 'accept') socket.write(this.acceptFrame(request));
        else this.answer(socket, answer, 0);
        return;
      }
      const xid = payload.readInt32BE(0);
      const op = payload.readInt32BE(4);
      if (xid === PING_XID) {
        socket.write(replyFrame(PING_XID, 0));
        return;
      }
      const request: FakeRequest = { xid, op, body: payload.subarray(8) };
      this.requests.push(request);
      for (const waiter of this.requestWaiters.filter((w) => this.requests.length >= w.count)) {
        this.requestWaiters.splice(this.requestWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      // Auth and setWatches are accepted, so misbehaviour is always the behaviour's choice.
      if (xid < 0) {
        socket.write(replyFrame(xid, 0));
        return;
      }
      const answer = this.behaviour(request, connection);
      muted = answer.kind === 'raw-then-mute';
      this.answer(socket, answer, xid);
    });
    socket.on('data', (chunk: Buffer) => {
      this.bytesReceived += chunk.length;
      try {
        frames.push(chunk);
      } catch {
        socket.destroy();
      }
    });
  }

  /** ConnectResponse{int protocolVersion; int timeOut; long sessionId; buffer passwd; boolean readOnly}. */
  private acceptFrame(request: FakeHandshakeRequest): Buffer {
    const resumed = request.sessionId !== 0n;
    const passwd = resumed ? request.passwd : randomBytes(16);
    const payload = Buffer.alloc(4 + 4 + 8 + 4 + passwd.length + 1);
    payload.writeInt32BE(0, 0);
    payload.writeInt32BE(this.grantedTimeoutMs, 4);
    payload.writeBigInt64BE(resumed ? request.sessionId : 0x7e57000000000000n + BigInt(this.accepted), 8);
    payload.writeInt32BE(passwd.length, 16);
    passwd.copy(payload, 20);
    payload[20 + passwd.length] = 0;
    return frame(payload);
  }

  private answer(socket: Socket, answer: FakeAnswer, xid: number): void {
    switch (answer.kind) {
      case 'nonode':
        // The reply header only: a request the fake cannot know must still get a well-formed answer.
        socket.write(replyFrame(xid, NONODE));
        return;
      case 'raw':
      case 'raw-then-mute':
        socket.write(answer.bytes);
        return;
      case 'raw-then-close':
        socket.end(answer.bytes);
        return;
      case 'silence':
        return;
    }
  }
}

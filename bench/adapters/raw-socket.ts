/**
 * The floor: the least a Node process can do to read ZooKeeper nodes — `net.connect`, the handshake, and requests
 * framed by hand. It uses nothing of lib/ (setup and teardown included: create, getChildren and delete are framed
 * here too) and runs the workloads through the shared node driver, so its figures differ from the clients' only by
 * what a client library adds. Only serial-get and pipelined-get run; everything else is reported as skipped.
 *
 * Writes: each request is one `socket.write` as it is issued; Node writes it at once when the socket is idle and
 * gathers what is issued meanwhile into one writev, so no batching of our own is added.
 * Pings: none. The session timeout is the runner's (30 s) and every request renews the session at the server;
 * the measured phases never leave the connection idle that long.
 */
import { connect, Socket } from 'node:net';
import { AdapterResult, RESULT_PREFIX, WorkloadName, WorkloadSpec } from '../workloads';
import { NodeSession, runAdapter } from './node-driver';

const SUPPORTED: readonly WorkloadName[] = ['serial-get', 'pipelined-get'];
// The other workloads, which would need watches and setData, are skipped before a session is opened.
const UNSUPPORTED = 'raw-socket is a floor for serial and pipelined reads only';

// Request types of the ZooKeeper protocol (ZooDefs.OpCode).
const OP_CREATE = 1;
const OP_DELETE = 2;
const OP_GET_DATA = 4;
const OP_GET_CHILDREN = 8;
const OP_CLOSE_SESSION = -11;

/** The open ACL (world:anyone, all permissions) of every created node: count, perms, scheme, id. */
const OPEN_ACL = (() => {
  const scheme = Buffer.from('world');
  const id = Buffer.from('anyone');
  const acl = Buffer.alloc(4 + 4 + 4 + scheme.length + 4 + id.length);
  let offset = acl.writeInt32BE(1, 0);
  offset = acl.writeInt32BE(31, offset);
  offset = acl.writeInt32BE(scheme.length, offset);
  offset += scheme.copy(acl, offset);
  offset = acl.writeInt32BE(id.length, offset);
  id.copy(acl, offset);
  return acl;
})();

/** A request awaiting its reply; `body` starts right after the 16-byte reply header. */
interface Pending {
  settle(body: Buffer): void;
  reject(error: Error): void;
}

/** A request: its body length after the 12-byte frame + request header, and how to write that body at `offset`. */
interface Body {
  length: number;
  write(frame: Buffer, offset: number): void;
}

const pathBody = (path: string, trailer: number, writeTrailer: (frame: Buffer, offset: number) => void): Body => {
  const length = Buffer.byteLength(path);
  return {
    length: 4 + length + trailer,
    write(frame, offset) {
      frame.writeInt32BE(length, offset);
      frame.write(path, offset + 4, 'utf8');
      writeTrailer(frame, offset + 4 + length);
    },
  };
};

const NO_BODY: Body = { length: 0, write: () => undefined };

const readString = (buffer: Buffer, offset: number): [string, number] => {
  const length = buffer.readInt32BE(offset);
  return [buffer.toString('utf8', offset + 4, offset + 4 + length), offset + 4 + length];
};

const nothing = (): void => undefined;
const EMPTY = Buffer.alloc(0);

class RawSession implements NodeSession {
  private xid = 0;
  private readonly pending = new Map<number, Pending>();
  /** Received bytes not yet forming a whole frame. */
  private rest: Buffer = EMPTY;
  /** Until the ConnectResponse arrived: what to do with it. */
  private handshake: ((frame: Buffer) => void) | undefined;

  private readonly socket: Socket;

  private constructor(host: string, port: number) {
    // Reads land in one reused buffer (Node's `onread`), the cheapest way Node offers to read a socket: no Buffer and
    // no stream event per chunk. Whatever is kept past the callback is copied out of it.
    const readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
    const socket = connect({
      host,
      port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (bytes: number) => {
          this.onData(readBuffer.subarray(0, bytes));
          return true;
        },
      },
    });
    this.socket = socket;
    socket.on('error', (error) => this.failAll(error));
    socket.on('close', () => this.failAll(new Error('connection closed')));
  }

  static async open(connectString: string, sessionTimeoutMs: number): Promise<RawSession> {
    // The first server of the connect string; the floor neither fails over nor handles a chroot.
    const first = connectString.split(',')[0];
    const colon = first.lastIndexOf(':');
    const session = new RawSession(first.slice(0, colon), Number(first.slice(colon + 1)));
    const socket = session.socket;
    const established = new Promise<void>((resolve, reject) => {
      session.handshake = (frame) => {
        // ConnectResponse: protocolVersion, timeOut, sessionId, passwd, readOnly; a timeOut of 0 is a refusal.
        if (frame.readInt32BE(4) <= 0) reject(new Error('the server refused the session'));
        else resolve();
      };
      socket.once('error', reject);
    });
    // ConnectRequest: protocolVersion 0, lastZxidSeen 0, timeOut, sessionId 0, passwd (16 zero bytes), readOnly.
    const request = Buffer.alloc(4 + 4 + 8 + 4 + 8 + 4 + 16 + 1);
    request.writeInt32BE(request.length - 4, 0);
    request.writeInt32BE(sessionTimeoutMs, 16);
    request.writeInt32BE(16, 28);
    socket.write(request);
    await established;
    return session;
  }

  private onData(chunk: Buffer): void {
    const buffer = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const end = offset + 4 + buffer.readInt32BE(offset);
      if (end > buffer.length) break;
      this.onFrame(buffer.subarray(offset + 4, end));
      offset = end;
    }
    // A partial frame is copied: `buffer` is the reused read buffer, overwritten by the next read.
    this.rest = offset === buffer.length ? EMPTY : Buffer.from(buffer.subarray(offset));
  }

  private onFrame(frame: Buffer): void {
    if (this.handshake) {
      this.handshake(frame);
      this.handshake = undefined;
      return;
    }
    // ReplyHeader: xid, zxid, err.
    const xid = frame.readInt32BE(0);
    const pending = this.pending.get(xid);
    if (!pending) throw new Error(`reply to unknown xid ${xid}`);
    this.pending.delete(xid);
    const err = frame.readInt32BE(12);
    if (err !== 0) pending.reject(new Error(`ZooKeeper error ${err}`));
    else pending.settle(frame.subarray(16));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private send<T>(type: number, body: Body, decode: (reply: Buffer) => T): Promise<T> {
    const xid = ++this.xid;
    const frame = Buffer.allocUnsafe(12 + body.length);
    frame.writeInt32BE(8 + body.length, 0);
    frame.writeInt32BE(xid, 4);
    frame.writeInt32BE(type, 8);
    body.write(frame, 12);
    return new Promise((resolve, reject) => {
      this.pending.set(xid, { settle: (reply) => resolve(decode(reply)), reject });
      this.socket.write(frame);
    });
  }

  create(path: string, data: Buffer): Promise<string> {
    // CreateRequest: path, data, acl, flags 0 (persistent); the reply is the created path.
    const body = pathBody(path, 4 + data.length + OPEN_ACL.length + 4, (frame, offset) => {
      offset = frame.writeInt32BE(data.length, offset);
      offset += data.copy(frame, offset);
      offset += OPEN_ACL.copy(frame, offset);
      frame.writeInt32BE(0, offset);
    });
    return this.send(OP_CREATE, body, (reply) => readString(reply, 0)[0]);
  }

  getData(path: string): Promise<Buffer | null> {
    // GetDataRequest: path, watch false; the reply is data (length, bytes; -1 for none) and a 68-byte Stat, which
    // the floor leaves undecoded.
    const body = pathBody(path, 1, (frame, offset) => frame.writeUInt8(0, offset));
    return this.send(OP_GET_DATA, body, (reply) => {
      const length = reply.readInt32BE(0);
      return length < 0 ? null : Buffer.from(reply.subarray(4, 4 + length));
    });
  }

  getChildren(path: string): Promise<string[]> {
    // GetChildrenRequest: path, watch false; the reply is the count and the names.
    const body = pathBody(path, 1, (frame, offset) => frame.writeUInt8(0, offset));
    return this.send(OP_GET_CHILDREN, body, (reply) => {
      const names: string[] = [];
      let offset = 4;
      for (let i = reply.readInt32BE(0); i > 0; i--) {
        const [name, next] = readString(reply, offset);
        names.push(name);
        offset = next;
      }
      return names;
    });
  }

  delete(path: string): Promise<void> {
    // DeleteRequest: path, version -1 (any).
    return this.send(
      OP_DELETE,
      pathBody(path, 4, (frame, offset) => frame.writeInt32BE(-1, offset)),
      nothing,
    );
  }

  watchData(): Promise<unknown> {
    return Promise.reject(new Error(UNSUPPORTED));
  }

  setData(): Promise<unknown> {
    return Promise.reject(new Error(UNSUPPORTED));
  }

  async close(): Promise<void> {
    await this.send(OP_CLOSE_SESSION, NO_BODY, nothing);
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.end();
    await closed;
  }
}

const version = `node ${process.version} net`;
const spec = JSON.parse(process.argv[2] ?? '{}') as Partial<WorkloadSpec>;
if (spec.workload !== undefined && !SUPPORTED.includes(spec.workload)) {
  const result: AdapterResult = { version, skipped: UNSUPPORTED };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
} else {
  void runAdapter<RawSession>({
    version,
    connect: (connectString, sessionTimeoutMs) => RawSession.open(connectString, sessionTimeoutMs),
    lock: UNSUPPORTED,
  });
}

import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { FrameSplitter } from '../protocol/frame-splitter';
import { JuteReader } from '../protocol/jute-reader';
import { JuteWriter } from '../protocol/jute-writer';
import { ErrorCode } from '../protocol/error-codes';
import { OpCode, Xid } from '../protocol/op-codes';
import {
  connectRequest,
  connectResponse,
  type ConnectRequest,
  type ConnectResponse,
} from '../protocol/records/connect';
import { replyHeader } from '../protocol/records/headers';
import { watcherEvent, type WatcherEvent } from '../protocol/records/watches';
import { ProtocolError } from '../protocol/zookeeper-error';
import { ConnectionLossError, errorFromCode, InvalidArgumentError } from './errors';
import { formatHost, type HostAddress } from './host-provider';
import { joinHeartbeat, type HeartbeatMember } from './heartbeat';
import type { BodyWriter, Packet } from './packet';
import { channels } from './diagnostics-channels';
import { recentWrites } from './recent-writes';

/** Size of a ReplyHeader, which is what a server sends instead of a ConnectResponse when it refuses a session. */
const REFUSAL_BYTES = 16;
/** Size of a plain TCP connection's reused read buffer: one read syscall takes up to this much. */
const READ_BUFFER_BYTES = 64 * 1024;

/** What a connection tells its session. The session implements it, so no closures are needed per connection. */
export interface ConnectionListener {
  /** A watch notification; `zxid` is its header's (-1 from 3.5–3.8 servers, the event's zxid from 3.9). */
  onNotification(connection: Connection, event: WatcherEvent, zxid: bigint): void;
  onZxid(zxid: bigint): void;
  /** A reply for a packet that asked to register a watch; called before the packet settles. */
  onWatchReply(packet: Packet, err: number): void;
  onAuthReply(connection: Connection, err: number): void;
  onSetWatchesReply(connection: Connection, err: number): void;
  /** The connection is gone; `unsent` are packets that never left this client, in order, to send elsewhere. */
  onClose(connection: Connection, error: Error, unsent: Packet[]): void;
}

export interface ConnectionOptions {
  /** Largest frame accepted from the server. */
  maxFrameBytes: number;
  /** Largest frame we send (the server's jute.maxbuffer). */
  maxPacketBytes: number;
  /** Connect with TLS using these options (the server's `secureClientPort`); plain TCP when absent. */
  tls?: TlsConnectionOptions;
}

/**
 * One TCP connection to one server: the handshake, then pipelined requests. Each request is written as it is issued
 * (see `send`); the session's own requests (auth, SetWatches, pings) go out together in `setImmediate`. Replies are
 * read as they arrive (see `onRead` for why reads are not paused). Replies must come back
 * in the order the requests were sent (a reply for another xid is a ProtocolError that drops the connection). Pings
 * go out after a third of the session timeout without sending; two thirds without hearing anything is a loss.
 */
export class Connection implements HeartbeatMember {
  readonly server: string;
  /** The session id in hex, set by the session once granted: what traced requests report. */
  sessionLabel = '';
  private readonly socket: Socket;
  private readonly splitter: FrameSplitter;
  private readonly writer = new JuteWriter();
  /** Plain TCP reads straight into this buffer (no Buffer per chunk); frames decoded from it copy what they keep. */
  private readonly readBuffer: Buffer | null;
  private readonly reader = new JuteReader(Buffer.alloc(0));
  /** Sent (or encoded, awaiting the flush) requests, oldest first; `head` is the next expected reply. */
  private pending: (Packet | undefined)[] = [];
  private head = 0;
  /** Index in `pending` of the first packet whose bytes are still in `writer`. */
  private unflushed = 0;
  private flushScheduled = false;
  private nextXid = 1;
  private lastSend = 0;
  private lastReceive = 0;
  /** The send time of the latest request the server has answered (see `lastAcknowledgedSendAt`). */
  private acknowledged = 0;
  /** When each unanswered ping was sent, oldest first: a reply acknowledges the oldest. */
  private readonly pingsSentAt: number[] = [];
  private readTimeoutMs = 0;
  private pingAfterMs = 0;
  /** Leaves the shared heartbeat that checks this connection's timers (see `beat`). */
  private leaveHeartbeat: (() => void) | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private handshake: { resolve(r: ConnectResponse): void; reject(e: Error): void } | null = null;
  private closed = false;
  private closeError: Error | undefined;
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;

  constructor(
    /** The server dialed. */
    readonly address: HostAddress,
    private readonly options: ConnectionOptions,
    private readonly listener: ConnectionListener,
  ) {
    this.server = formatHost(address);
    this.closedPromise = new Promise((resolve) => (this.markClosed = resolve));
    this.splitter = new FrameSplitter(this.onFrame, options.maxFrameBytes);
    const tls = options.tls;
    if (tls === undefined) {
      const readBuffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
      this.readBuffer = readBuffer;
      this.socket = connect({
        host: address.host,
        port: address.port,
        onread: { buffer: readBuffer, callback: (bytes: number) => this.onRead(bytes, readBuffer) },
      });
    } else {
      this.readBuffer = null;
      this.socket = connectTls({
        ...tls,
        host: address.host,
        port: address.port,
        // SNI takes host names only: an IP address is left out (and still checked against the certificate).
        servername: tls.servername ?? (isIP(address.host) === 0 ? address.host : undefined),
      });
      this.socket.on('data', this.onData);
    }
    this.socket.setNoDelay(true);
    this.socket.on('error', (error: NodeJS.ErrnoException) => {
      if (tls === undefined) {
        this.destroy(new ConnectionLossError(`socket to ${this.server}: ${error.message}`));
        return;
      }
      // Certificate problems carry their reason only in the code (SELF_SIGNED_CERT_IN_CHAIN, ...): keep both.
      const code = error.code !== undefined && !error.message.includes(error.code) ? ` (${error.code})` : '';
      this.destroy(new ConnectionLossError(`TLS connection to ${this.server}: ${error.message}${code}`));
    });
    this.socket.on('close', () => this.destroy(new ConnectionLossError(`${this.server} closed the connection`)));
  }

  /** Resolves when the connection is closed, for whatever reason. */
  get closedSignal(): Promise<void> {
    return this.closedPromise;
  }

  /** When (ms since epoch) bytes were last written; the server's session clock was last reset no earlier. */
  get lastSendAt(): number {
    return this.lastSend;
  }

  /**
   * When (ms since epoch) the latest request that the server has answered was sent: the server received it, so its
   * session clock was reset no earlier than this. Replies come in request order, so this only grows.
   */
  get lastAcknowledgedSendAt(): number {
    return this.acknowledged;
  }

  /** Requests written (or being written) and not answered yet. */
  get inFlight(): number {
    return this.pending.length - this.head;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends the ConnectRequest and resolves with the server's answer, or rejects after `timeoutMs`. */
  open(request: ConnectRequest, timeoutMs: number): Promise<ConnectResponse> {
    return new Promise<ConnectResponse>((resolve, reject) => {
      if (this.closed) {
        reject(this.closeError ?? new ConnectionLossError('connection closed'));
        return;
      }
      const sentAt = Date.now();
      this.handshake = {
        resolve: (response) => {
          this.acknowledged = sentAt;
          resolve(response);
        },
        reject,
      };
      this.handshakeTimer = setTimeout(
        () => this.destroy(new ConnectionLossError(`no session from ${this.server} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const w = this.writer;
      const start = w.beginFrame();
      connectRequest.write(w, request);
      w.endFrame(start);
      this.socket.write(w.take());
    });
  }

  /** Starts the ping and read-silence timers for a negotiated session timeout. */
  startTimers(sessionTimeoutMs: number): void {
    this.readTimeoutMs = Math.floor((sessionTimeoutMs * 2) / 3);
    this.pingAfterMs = Math.min(Math.floor(sessionTimeoutMs / 3), 10000);
    const now = Date.now();
    this.lastReceive = now;
    this.lastSend = now;
    this.leaveHeartbeat?.();
    // A connection closed meanwhile must not join: nothing would make it leave.
    if (this.closed) return;
    this.leaveHeartbeat = joinHeartbeat(Math.max(5, Math.floor(sessionTimeoutMs / 12)), this);
  }

  /** Queues a request for the next write; it gets the next xid. */
  send(packet: Packet): void {
    if (this.closed) {
      packet.reject(new ConnectionLossError('connection closed', { op: packet.opName, path: packet.path }));
      return;
    }
    const xid = this.nextXid;
    this.nextXid = xid >= 0x7fffffff ? 1 : xid + 1;
    packet.xid = xid;
    packet.sentAt = Date.now();
    const bytes = this.encode(xid, packet.op, packet.write, packet.body);
    if (bytes < 0) {
      packet.reject(
        new InvalidArgumentError('request', `larger than maxPacketBytes (${this.options.maxPacketBytes})`, {
          op: packet.opName,
          path: packet.path,
        }),
      );
      return;
    }
    this.pending.push(packet);
    const trace = packet.trace;
    if (trace !== null) {
      trace.xid = xid;
      trace.server = this.server;
      trace.sessionId = this.sessionLabel;
      trace.bytesOut = bytes;
    }
    // Written at once, one request per write: ZooKeeper's NIO server spent less CPU per request when each arrived on
    // its own than when the requests of a turn of the event loop shared one write (bench/README.md, "Where the
    // server's CPU goes"), for about the same CPU here; and a lone request waits for nothing.
    this.flush();
  }

  /** Queues a request with a reserved xid (auth, setWatches, ping): its reply is not matched against `pending`. */
  sendSpecial(xid: number, op: OpCode, write: BodyWriter | null, body: unknown): void {
    if (this.encode(xid, op, write, body) < 0 || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  /**
   * Encodes a request into the write buffer and returns its size with the length prefix; -1 (and nothing encoded) when
   * it is larger than maxPacketBytes.
   */
  private encode(xid: number, op: OpCode, write: BodyWriter | null, body: unknown): number {
    if (this.closed) return 0;
    const w = this.writer;
    const mark = w.length;
    const start = w.beginFrame();
    w.int(xid).int(op);
    if (write !== null) write(w, body as never);
    const size = w.endFrame(start);
    if (size > this.options.maxPacketBytes) {
      w.truncate(mark);
      return -1;
    }
    return size + 4;
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.closed || this.writer.length === 0) return;
    this.socket.write(this.writer.take());
    this.unflushed = this.pending.length;
    this.lastSend = Date.now();
  };

  /** Called by the shared heartbeat: ends a silent connection and pings an idle one. */
  beat(now: number): void {
    if (now - this.lastReceive >= this.readTimeoutMs) {
      this.destroy(new ConnectionLossError(`nothing heard from ${this.server} for ${now - this.lastReceive} ms`));
      return;
    }
    if (now - this.lastSend >= this.pingAfterMs && !this.flushScheduled) {
      this.pingsSentAt.push(now);
      this.sendSpecial(Xid.PING, OpCode.PING, null, null);
    }
  }

  /** A TLS socket's chunk (TLS sockets do not take `onread`, so their reads are not batched). */
  private readonly onData = (chunk: Buffer): void => {
    this.receive(chunk, chunk.length);
  };

  /**
   * A plain socket's read into `readBuffer`. Reading goes on at once: pausing reads while many replies are due (so
   * one read takes dozens) saved this client little CPU but cost the server about a quarter more CPU per pipelined
   * getData on ZooKeeper 3.8's default NIO server (bench/README.md, "Where the server's CPU goes"), and the server is
   * what every client of an ensemble shares.
   */
  private onRead(bytes: number, readBuffer: Buffer): boolean {
    this.receive(readBuffer, bytes);
    return true;
  }

  private acknowledge(sentAt: number): void {
    if (sentAt > this.acknowledged) this.acknowledged = sentAt;
  }

  private receive(chunk: Buffer, bytes: number): void {
    this.lastReceive = Date.now();
    try {
      this.splitter.push(chunk, bytes);
    } catch (error) {
      this.destroy(error instanceof Error ? error : new ProtocolError(String(error)));
    }
  }

  private readonly onFrame = (buffer: Buffer, start: number, end: number): void => {
    if (this.closed) return;
    const r = this.reader.reset(buffer, start, end, buffer === this.readBuffer);
    if (this.handshake !== null) {
      if (end - start === REFUSAL_BYTES) {
        // Not a ConnectResponse (at least 20 bytes) but a bare ReplyHeader: the server refused the session with a
        // code, e.g. NOTREADONLY from a read-only server without local sessions.
        const refusal = replyHeader.read(r);
        throw errorFromCode(refusal.err, { op: 'connect' }, `${this.server} refused the session`);
      }
      const response = connectResponse.read(r);
      const handshake = this.handshake;
      this.handshake = null;
      clearTimeout(this.handshakeTimer);
      handshake.resolve(response);
      return;
    }
    const xid = r.int();
    const zxid = r.long();
    const err = r.int();
    if (zxid > 0n) this.listener.onZxid(zxid);
    if (xid < 0) {
      if (xid === Xid.NOTIFICATION) this.listener.onNotification(this, watcherEvent.read(r), zxid);
      else if (xid === Xid.AUTH) this.listener.onAuthReply(this, err);
      else if (xid === Xid.SET_WATCHES) this.listener.onSetWatchesReply(this, err);
      else if (xid === Xid.PING) this.acknowledge(this.pingsSentAt.shift() ?? 0);
      else throw new ProtocolError(`reply with unknown reserved xid ${xid}`);
      return;
    }
    const packet = this.pending[this.head];
    if (packet === undefined || packet.xid !== xid) {
      throw new ProtocolError(`reply for xid ${xid} but xid ${packet?.xid ?? 'none'} was expected`);
    }
    this.pending[this.head++] = undefined;
    this.acknowledge(packet.sentAt);
    if (this.head === this.pending.length) {
      // Everything answered: reuse the array from the start.
      this.pending.length = 0;
      this.head = 0;
      this.unflushed = 0;
    } else if (this.head > 1024 && this.head * 2 > this.pending.length) {
      // Under constant pipelining the queue never drains: drop the answered prefix now and then.
      this.pending.splice(0, this.head);
      this.unflushed -= this.head;
      this.head = 0;
    }
    const trace = packet.trace;
    if (trace !== null) {
      trace.resultCode = err;
      trace.bytesIn = end - start + 4;
      if (zxid > 0n) trace.zxid = zxid;
    }
    if (packet.isWrite && err === 0 && zxid > 0n && channels.watchEvent.hasSubscribers) {
      recentWrites.record(zxid, packet.sentAt);
    }
    if (packet.watch !== null) this.listener.onWatchReply(packet, err);
    if (err !== 0) {
      if (packet.nullOnNoNode && err === ErrorCode.NONODE) {
        packet.resolve(null);
        return;
      }
      packet.reject(errorFromCode(err, { op: packet.opName, path: packet.path }));
      return;
    }
    if (packet.read === null) {
      packet.resolve(undefined);
      return;
    }
    let value: unknown;
    try {
      value = packet.read(r);
    } catch (error) {
      packet.reject(error);
      throw error;
    }
    packet.resolve(value);
  };

  /**
   * Closes the socket and settles everything on it: sent requests fail with `error` if given, else with a
   * ConnectionLossError (writes flagged `mayBeApplied`); requests never written are handed back to the listener.
   * `pendingError` is told whether each request had been written, so the error it makes can say whether it may have
   * been applied.
   */
  destroy(cause: Error, pendingError?: (packet: Packet, sent: boolean) => Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = cause;
    clearTimeout(this.handshakeTimer);
    this.leaveHeartbeat?.();
    this.socket.destroy();
    this.writer.reset();
    if (this.handshake !== null) {
      this.handshake.reject(cause);
      this.handshake = null;
    }
    const unsent: Packet[] = [];
    for (let i = this.head; i < this.pending.length; i++) {
      const packet = this.pending[i] as Packet;
      if (i >= this.unflushed && pendingError === undefined) {
        unsent.push(packet);
        continue;
      }
      packet.reject(
        pendingError?.(packet, i < this.unflushed) ??
          new ConnectionLossError(cause.message, {
            op: packet.opName,
            path: packet.path,
            mayBeApplied: packet.isWrite,
            cause,
          }),
      );
    }
    this.pending = [];
    this.head = 0;
    this.listener.onClose(this, cause, unsent);
    this.markClosed();
  }
}

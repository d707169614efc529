import type { JuteReader } from '../protocol/jute-reader';
import type { JuteWriter } from '../protocol/jute-writer';
import type { OpCode } from '../protocol/op-codes';
import type { WatchListener } from './watch-registry';
import type { WatchKind } from './watch-kind';
import type { RequestTrace } from './request-trace';

/** Writes a request body. The record codecs' `write` functions fit as they are, so no closure is made per request. */
export type BodyWriter = (writer: JuteWriter, body: never) => void;
/** Reads a reply body. */
export type BodyReader = (reader: JuteReader) => unknown;

/** A watch to register when the reply arrives (Java registers on success; an `exists` on NONODE watches creation). */
export interface WatchRequest {
  kind: WatchKind;
  serverPath: string;
  listener: WatchListener;
  /** Set by `removeWatchListener` while the request is in flight: the reply must not register the listener. */
  cancelled?: boolean;
}

/** What a request is: the client describes each operation with one of these and the session sends it as a Packet. */
export interface PacketRequest {
  readonly op: OpCode;
  readonly body: unknown;
  readonly write: BodyWriter | null;
  readonly read: BodyReader | null;
  /** The name of the client method, for error messages. */
  readonly opName: string;
  /** The path as the caller gave it, for error messages. */
  readonly path: string | undefined;
  /** Whether the server may have applied it if the connection breaks after it was sent. */
  readonly isWrite: boolean;
  /** A watch to register when the reply arrives. */
  readonly watch?: WatchRequest | null;
  /** Resolve with null instead of failing on NONODE (exists), sparing an Error per missing node. */
  readonly nullOnNoNode?: boolean;
}

/**
 * One request on its way through the session: created by the client, queued while disconnected, given an xid and
 * written by the connection, settled when its reply arrives. A class so every packet has one shape.
 */
export class Packet {
  xid = 0;
  /** When a queued packet gives up waiting for a connection (ms since epoch). */
  deadline = 0;
  /** When (ms since epoch) it was queued to wait for a connection; 0 if it never waited. */
  queuedAt = 0;
  /** When (ms since epoch) the connection took it, no later than its bytes left: what its reply acknowledges. */
  sentAt = 0;
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;
  /** The request's TracingChannel context while someone subscribes (see diagnostics.ts); null otherwise. */
  trace: RequestTrace | null = null;

  // The request's fields (see PacketRequest), with the optional ones made definite.
  readonly op: OpCode;
  readonly body: unknown;
  readonly write: BodyWriter | null;
  readonly read: BodyReader | null;
  readonly opName: string;
  readonly path: string | undefined;
  readonly isWrite: boolean;
  readonly watch: WatchRequest | null;
  readonly nullOnNoNode: boolean;

  constructor(request: PacketRequest) {
    // Every field assigned, always in this order: one hidden class for all packets.
    this.op = request.op;
    this.body = request.body;
    this.write = request.write;
    this.read = request.read;
    this.opName = request.opName;
    this.path = request.path;
    this.isWrite = request.isWrite;
    this.watch = request.watch ?? null;
    this.nullOnNoNode = request.nullOnNoNode ?? false;
  }
}

function noop(): void {}

import type { RecordCodec } from './record-codec';

/** Precedes every request after the handshake. */
export interface RequestHeader {
  /** The request id the reply will carry: increasing per connection, or one of the reserved {@link Xid} values. */
  xid: number;
  /** The request's {@link OpCode}. */
  type: number;
}

/** Codec of {@link RequestHeader}. */
export const requestHeader: RecordCodec<RequestHeader> = {
  write(w, v) {
    w.int(v.xid).int(v.type);
  },
  read(r) {
    return { xid: r.int(), type: r.int() };
  },
};

/** Precedes every reply and notification. `zxid` is -1 on notifications from 3.5–3.8 servers. */
export interface ReplyHeader {
  /** The xid of the request answered, or a reserved {@link Xid} value. */
  xid: number;
  /** The last zxid the server had processed when it replied. */
  zxid: bigint;
  /** The {@link ErrorCode} of the outcome; 0 on success (the body follows only then). */
  err: number;
}

/** Codec of {@link ReplyHeader}. */
export const replyHeader: RecordCodec<ReplyHeader> = {
  write(w, v) {
    w.int(v.xid).long(v.zxid).int(v.err);
  },
  read(r) {
    return { xid: r.int(), zxid: r.long(), err: r.int() };
  },
};

/** Precedes each op of a multi request/response; `done` marks the end. */
export interface MultiHeader {
  /** The op's {@link OpCode} (ERROR, -1, for a failed op's result; -1 in the end marker). */
  type: number;
  /** True only in the end marker. */
  done: boolean;
  /** An error code: 0 (or -1 in requests and the end marker), or the failed op's code in a response. */
  err: number;
}

/** Codec of {@link MultiHeader}. */
export const multiHeader: RecordCodec<MultiHeader> = {
  write(w, v) {
    w.int(v.type).bool(v.done).int(v.err);
  },
  read(r) {
    return { type: r.int(), done: r.bool(), err: r.int() };
  },
};

import type { RecordCodec } from './record-codec';

/** Precedes every request after the handshake. */
export interface RequestHeader {
  xid: number;
  type: number;
}

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
  xid: number;
  zxid: bigint;
  err: number;
}

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
  type: number;
  done: boolean;
  err: number;
}

export const multiHeader: RecordCodec<MultiHeader> = {
  write(w, v) {
    w.int(v.type).bool(v.done).int(v.err);
  },
  read(r) {
    return { type: r.int(), done: r.bool(), err: r.int() };
  },
};

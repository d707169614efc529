import type { RecordCodec } from './record-codec';

/** The first frame a client sends; it has no RequestHeader. A new session sends id 0 and 16 zero bytes. */
export interface ConnectRequest {
  protocolVersion: number;
  lastZxidSeen: bigint;
  timeOut: number;
  sessionId: bigint;
  passwd: Buffer;
  readOnly: boolean;
}

export const connectRequest: RecordCodec<ConnectRequest> = {
  write(w, v) {
    w.int(v.protocolVersion).long(v.lastZxidSeen).int(v.timeOut).long(v.sessionId).buffer(v.passwd).bool(v.readOnly);
  },
  read(r) {
    return {
      protocolVersion: r.int(),
      lastZxidSeen: r.long(),
      timeOut: r.int(),
      sessionId: r.long(),
      passwd: r.bufferOrEmpty(),
      readOnly: r.remaining > 0 ? r.bool() : false,
    };
  },
};

/** The server's answer. `timeOut <= 0` means the presented session has expired. */
export interface ConnectResponse {
  protocolVersion: number;
  timeOut: number;
  sessionId: bigint;
  passwd: Buffer;
  readOnly: boolean;
}

export const connectResponse: RecordCodec<ConnectResponse> = {
  write(w, v) {
    w.int(v.protocolVersion).int(v.timeOut).long(v.sessionId).buffer(v.passwd).bool(v.readOnly);
  },
  read(r) {
    return {
      protocolVersion: r.int(),
      timeOut: r.int(),
      sessionId: r.long(),
      passwd: r.bufferOrEmpty(),
      // Servers before 3.4 do not send the trailing flag.
      readOnly: r.remaining > 0 ? r.bool() : false,
    };
  },
};

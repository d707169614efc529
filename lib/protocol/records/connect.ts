import type { RecordCodec } from './record-codec';

/** The first frame a client sends; it has no RequestHeader. A new session sends id 0 and 16 zero bytes. */
export interface ConnectRequest {
  /** The protocol version; 0. */
  protocolVersion: number;
  /** The highest zxid the client has seen; a server that has seen less refuses the connection. */
  lastZxidSeen: bigint;
  /** The requested session timeout in milliseconds. */
  timeOut: number;
  /** The session to resume; 0n for a new one. */
  sessionId: bigint;
  /** The password of the session to resume; 16 zero bytes for a new one. */
  passwd: Buffer;
  /** Whether the client accepts a read-only server. */
  readOnly: boolean;
}

/** Codec of {@link ConnectRequest}. */
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
  /** The server's protocol version. */
  protocolVersion: number;
  /** The negotiated session timeout in milliseconds; `<= 0` when the presented session has expired. */
  timeOut: number;
  /** The session's id. */
  sessionId: bigint;
  /** The session's password, needed to resume it. */
  passwd: Buffer;
  /** Whether the server is read-only (false from servers that do not send the flag). */
  readOnly: boolean;
}

/** Codec of {@link ConnectResponse}. */
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

import type { RecordCodec } from './record-codec';

/** AuthPacket (xid -4, opcode AUTH); `type` is always 0. */
export interface AuthPacket {
  /** Unused by the server; always 0. */
  type: number;
  /** The authentication scheme (`digest`, …). */
  scheme: string;
  /** The scheme's credentials (`user:password` for digest). */
  auth: Buffer;
}

/** Codec of {@link AuthPacket}. */
export const authPacket: RecordCodec<AuthPacket> = {
  write(w, v) {
    w.int(v.type).ustring(v.scheme).buffer(v.auth);
  },
  read(r) {
    return { type: r.int(), scheme: r.string(), auth: r.bufferOrEmpty() };
  },
};

/** One identity of the session, as whoAmI reports it. */
export interface ClientInfo {
  /** The scheme the identity was authenticated with (`ip`, `digest`, …). */
  authScheme: string;
  /** The identity within the scheme (the client's address for `ip`, the user name for `digest`). */
  user: string;
}

/** WhoAmIResponse (3.7+). */
export interface WhoAmIResponse {
  /** Every identity of the session. */
  clientInfo: ClientInfo[];
}

/** Codec of {@link WhoAmIResponse}. */
export const whoAmIResponse: RecordCodec<WhoAmIResponse> = {
  write(w, v) {
    w.int(v.clientInfo.length);
    for (const info of v.clientInfo) w.ustring(info.authScheme).ustring(info.user);
  },
  read(r) {
    const count = r.vectorLength(8);
    const clientInfo: ClientInfo[] = [];
    for (let i = 0; i < count; i++) clientInfo.push({ authScheme: r.string(), user: r.string() });
    return { clientInfo };
  },
};

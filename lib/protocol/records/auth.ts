import type { RecordCodec } from './record-codec';

/** AuthPacket (xid -4, opcode AUTH); `type` is always 0. */
export interface AuthPacket {
  type: number;
  scheme: string;
  auth: Buffer;
}

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
  authScheme: string;
  user: string;
}

/** WhoAmIResponse (3.7+). */
export interface WhoAmIResponse {
  clientInfo: ClientInfo[];
}

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

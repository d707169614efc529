import type { RecordCodec } from './record-codec';

/** GetSASLRequest (opcode SASL, 102) and SetSASLResponse share one shape: an opaque SASL token. */
export interface SaslToken {
  token: Buffer;
}

export const saslToken: RecordCodec<SaslToken> = {
  write(w, v) {
    w.buffer(v.token);
  },
  read(r) {
    return { token: r.bufferOrEmpty() };
  },
};

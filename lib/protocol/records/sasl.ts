import type { RecordCodec } from './record-codec';

/** GetSASLRequest (opcode SASL, 102) and SetSASLResponse share one shape: an opaque SASL token. */
export interface SaslToken {
  /** The mechanism's opaque bytes (empty for DIGEST-MD5's opening request and final answer). */
  token: Buffer;
}

/** Codec of {@link SaslToken}. */
export const saslToken: RecordCodec<SaslToken> = {
  write(w, v) {
    w.buffer(v.token);
  },
  read(r) {
    return { token: r.bufferOrEmpty() };
  },
};

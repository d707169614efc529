import { createHash, randomBytes } from 'node:crypto';
import { ZkError } from '../protocol/zk-error';

/**
 * The client side of SASL DIGEST-MD5 (RFC 2831) with `qop=auth`, as ZooKeeper's servers speak it: the client opens
 * with an empty token, answers the server's digest-challenge with a digest-response, then checks the `rspauth` of the
 * server's final challenge. Integrity and confidentiality layers are not offered. The password is used only to
 * compute hashes; no message or error of this module contains it.
 */

/** The directives of a digest-challenge; `realm` may be repeated, so all values are lists. */
export type DigestDirectives = Map<string, string[]>;

/** Thrown when the server's challenge cannot be answered or its `rspauth` does not verify. Never names secrets. */
export class DigestMd5Error extends ZkError {}

/**
 * Parses `key=value, key="quoted \"value\"", …` (RFC 2831 §7.1 lists: commas, optional linear white space, quoted
 * strings with backslash escapes). Keys are lower-cased.
 */
export function parseDirectives(text: string): DigestDirectives {
  const out: DigestDirectives = new Map();
  let i = 0;
  const n = text.length;
  const skipSpaceAndCommas = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n' || text[i] === ',')) {
      i++;
    }
  };
  const skipSpace = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  skipSpaceAndCommas();
  while (i < n) {
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ',') i++;
    const key = text.slice(keyStart, i).trim().toLowerCase();
    if (i >= n || text[i] !== '=' || key === '')
      throw new DigestMd5Error(`malformed challenge near offset ${keyStart}`);
    i++;
    skipSpace();
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) throw new DigestMd5Error(`unterminated quoted value of '${key}'`);
    } else {
      const start = i;
      while (i < n && text[i] !== ',') i++;
      value = text.slice(start, i).trim();
    }
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
    skipSpace();
    if (i < n && text[i] !== ',') throw new DigestMd5Error(`expected ',' after '${key}'`);
    skipSpaceAndCommas();
  }
  return out;
}

const md5 = (...parts: (string | Buffer)[]): Buffer => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const hex = (buffer: Buffer): string => buffer.toString('hex');

/** RFC 2831 §2.1.2.1: with charset=utf-8, strings that fit ISO 8859-1 are hashed as ISO 8859-1, others as UTF-8. */
function hashBytes(value: string, utf8: boolean): Buffer {
  // eslint-disable-next-line no-control-regex
  if (utf8 && /[^\u0000-\u00ff]/.test(value)) return Buffer.from(value, 'utf8');
  return Buffer.from(value, 'latin1');
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** What a digest-response is computed from. */
export interface DigestResponseInput {
  /** The user name. */
  username: string;
  /** The password; only hashed. */
  password: string;
  /** The realm the server offered ('' when none). */
  realm: string;
  /** The server's nonce from the challenge. */
  nonce: string;
  /** The client's nonce. */
  cnonce: string;
  /** The nonce count: eight hex digits (`00000001` for the one response of an exchange). */
  nc: string;
  /** The quality of protection; `auth` (authentication only). */
  qop: string;
  /** `<service>/<host>`, e.g. `zookeeper/zk-sasl-md5`. */
  digestUri: string;
  /** Whether the server announced `charset=utf-8`: then strings outside ISO 8859-1 are hashed as UTF-8. */
  utf8: boolean;
  /** The identity to act as, when different from `username`; ZooKeeper's exchange sends none. */
  authzid?: string;
}

/** HEX(H(A1)) of RFC 2831 §2.1.2.1, for `algorithm=md5-sess`. */
function ha1(input: DigestResponseInput): string {
  const secret = md5(
    hashBytes(input.username, input.utf8),
    ':',
    hashBytes(input.realm, input.utf8),
    ':',
    hashBytes(input.password, input.utf8),
  );
  const tail = `:${input.nonce}:${input.cnonce}${input.authzid !== undefined ? `:${input.authzid}` : ''}`;
  return hex(md5(secret, Buffer.from(tail, 'utf8')));
}

function kd(ha1Hex: string, input: DigestResponseInput, a2: string): string {
  return hex(
    md5(`${ha1Hex}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${hex(md5(Buffer.from(a2, 'utf8')))}`),
  );
}

/** The `response` directive (RFC 2831 §2.1.2.1). */
export function digestResponseValue(input: DigestResponseInput): string {
  return kd(ha1(input), input, `AUTHENTICATE:${input.digestUri}`);
}

/** The `rspauth` the server must send back (RFC 2831 §2.1.3): A2 without "AUTHENTICATE". */
export function expectedRspAuth(input: DigestResponseInput): string {
  return kd(ha1(input), input, `:${input.digestUri}`);
}

/** Settings of a DIGEST-MD5 client. */
export interface DigestMd5ClientOptions {
  /** The user name to authenticate as. */
  username: string;
  /** The password; used only to compute hashes, never sent. */
  password: string;
  /** The service of the digest-uri, `zookeeper` for ZooKeeper. */
  serviceName: string;
  /** The host of the digest-uri; ZooKeeper's servers expect `zk-sasl-md5`. */
  hostname: string;
  /** The client nonce; random unless given (tests). */
  cnonce?: string;
}

/**
 * One DIGEST-MD5 exchange. Call `evaluateChallenge` with each server token: the first yields the digest-response, the
 * second (the `rspauth` challenge) yields an empty token and sets `isComplete`. Throws DigestMd5Error on a challenge it
 * cannot answer (no nonce, no `auth` qop, another algorithm) and on a wrong `rspauth`.
 */
export class DigestMd5Client {
  private step = 0;
  private expectedRspAuth = '';
  private complete = false;

  constructor(private readonly options: DigestMd5ClientOptions) {}

  /** Whether the server's `rspauth` has been verified: the exchange succeeded on the client's side. */
  get isComplete(): boolean {
    return this.complete;
  }

  /** DIGEST-MD5 has no initial response: the exchange opens with an empty token. */
  initialResponse(): Buffer {
    return Buffer.alloc(0);
  }

  /**
   * Answers the next server token: the digest-challenge yields the digest-response, the final `rspauth` challenge an
   * empty token. Throws DigestMd5Error when the challenge cannot be answered, the `rspauth` does not verify, or the
   * exchange is already complete.
   */
  evaluateChallenge(challenge: Buffer): Buffer {
    if (this.complete) throw new DigestMd5Error('the exchange is already complete');
    const directives = parseDirectives(challenge.toString('utf8'));
    if (this.step === 0) {
      this.step = 1;
      return this.respond(directives);
    }
    const rspauth = directives.get('rspauth')?.[0];
    if (rspauth === undefined) throw new DigestMd5Error('the final challenge has no rspauth');
    if (rspauth.toLowerCase() !== this.expectedRspAuth) {
      throw new DigestMd5Error('the server could not prove it knows the password (rspauth mismatch)');
    }
    this.complete = true;
    return Buffer.alloc(0);
  }

  private respond(directives: DigestDirectives): Buffer {
    const single = (key: string): string | undefined => {
      const values = directives.get(key);
      if (values !== undefined && values.length > 1 && key !== 'realm') {
        throw new DigestMd5Error(`the challenge repeats '${key}'`);
      }
      return values?.[0];
    };
    const nonce = single('nonce');
    if (nonce === undefined) throw new DigestMd5Error('the challenge has no nonce');
    const algorithm = single('algorithm');
    if (algorithm?.toLowerCase() !== 'md5-sess') {
      throw new DigestMd5Error(`unsupported algorithm '${algorithm ?? '(none)'}': expected md5-sess`);
    }
    const qops = (single('qop') ?? 'auth').split(',').map((q) => q.trim().toLowerCase());
    if (!qops.includes('auth')) throw new DigestMd5Error(`the server offers no qop=auth (offers ${qops.join(',')})`);
    const utf8 = single('charset')?.toLowerCase() === 'utf-8';
    const realm = directives.get('realm')?.[0] ?? '';
    const cnonce = this.options.cnonce ?? randomBytes(24).toString('base64').replace(/[+/=]/g, '');
    const input: DigestResponseInput = {
      username: this.options.username,
      password: this.options.password,
      realm,
      nonce,
      cnonce,
      nc: '00000001',
      qop: 'auth',
      digestUri: `${this.options.serviceName}/${this.options.hostname}`,
      utf8,
    };
    this.expectedRspAuth = expectedRspAuth(input);
    const parts = [
      ...(utf8 ? ['charset=utf-8'] : []),
      `username=${quote(input.username)}`,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `nc=${input.nc}`,
      `cnonce=${quote(cnonce)}`,
      `digest-uri=${quote(input.digestUri)}`,
      `maxbuf=65536`,
      `response=${digestResponseValue(input)}`,
      `qop=auth`,
    ];
    return Buffer.from(parts.join(','), utf8 ? 'utf8' : 'latin1');
  }
}

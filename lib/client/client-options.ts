import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { Acl } from '../protocol/records/acl';
import { InvalidArgumentError } from './errors';
import { parseConnectString, type HostAddress } from './host-provider';
import { silentLogger, type ZooKeeperLogger } from './logger';
import { invalidRetryOption, type RetryOptions } from './retry';
import type { DigestMd5ClientOptions } from './sasl-digest-md5';

/** Options of a ZooKeeperClient. Only `connectString` is required. */
export interface ZooKeeperClientOptions {
  /** `host:port,host:port/optional/chroot`; IPv6 as `[::1]:2181`. */
  connectString: string;
  /** Requested session timeout; the server clamps it to [2, 20] ticks. Default 10000. */
  sessionTimeoutMs?: number;
  /** How long `connect()` waits for a session, and the cap of each dial attempt. Default 15000. */
  connectTimeoutMs?: number;
  /** Accept read-only servers (state CONNECTED_READ_ONLY; writes fail with NotReadOnlyError). Default false. */
  readOnly?: boolean;
  /** The policy of `client.retry()`. */
  retry?: RetryOptions;
  /** Identities presented on every connection, e.g. `[{ scheme: 'digest', credentials: 'user:pass' }]`. */
  auth?: {
    /** The authentication scheme, e.g. `'digest'`. */
    scheme: string;
    /** The scheme's credentials (`'user:password'` for digest); a string is sent as UTF-8. */
    credentials: string | Buffer;
  }[];
  /** ACL of created nodes when none is given. Default OPEN_ACL_UNSAFE. */
  defaultAcl?: readonly Acl[];
  /** Largest request the client sends (the server's `jute.maxbuffer`). Default 0xfffff. */
  maxPacketBytes?: number;
  /** Where to report what happens; silent by default. */
  logger?: ZooKeeperLogger;
  /** Resume an existing session (e.g. handed over from another process). */
  session?: {
    /** The session id, as {@link ZooKeeperClient.sessionId} reported it. */
    id: bigint;
    /** The session password, as {@link ZooKeeperClient.sessionPassword} reported it. */
    password: Buffer;
  };
  /**
   * Connect over TLS (the servers' `secureClientPort`) with these `tls.connect` options, e.g. `{ ca }` for a private
   * CA, or `{ ca, cert, key }` for client certificates. The SNI name is the host of the connect string unless it is an
   * IP address or `servername` is given. A certificate the client does not trust fails each attempt; `connect()` then
   * rejects after `connectTimeoutMs` with the TLS reason in its message. Every other connection the client opens goes
   * over TLS too: `fourLetterWord` and, with `readOnly`, the `isro` probe for a read-write server.
   */
  tls?: TlsConnectionOptions;
  /**
   * Authenticate every connection with SASL before anything else is sent on it (the server needs a JAAS `Server`
   * section and `authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider`). The session's identity
   * is then `sasl:<username>`. Refused credentials end the session with AuthFailedError (state LOST).
   */
  sasl?: ZooKeeperSaslOptions;
  /**
   * Follow the ensemble's membership, as Curator's EnsembleTracker does: the client watches `/zookeeper/config` and,
   * when servers join or leave (dynamic reconfiguration), replaces its server list with the members' client addresses
   * and rebalances (see `updateServerList`). What it learns is logged (info) and published on the
   * `nestjs-zookeeper:ensemble:change` diagnostics channel. Default false: the connect string is used as given.
   */
  followEnsemble?: boolean;
}

/** SASL credentials of a client; DIGEST-MD5 is the one mechanism supported. */
export interface ZooKeeperSaslOptions {
  /** The SASL mechanism; only `'DIGEST-MD5'` is accepted (anything else throws InvalidArgumentError). */
  mechanism: 'DIGEST-MD5';
  /** The user name of the server's JAAS `Server` section (`user_<name>`); non-empty. */
  username: string;
  /** Used only to compute the digest; never sent, logged or put in an error message. */
  password: string;
  /** The service of the digest-uri; the server's `zookeeper.sasl.client.username`. Default `zookeeper`. */
  serviceName?: string;
  /** The host of the digest-uri; ZooKeeper servers expect `zk-sasl-md5` for DIGEST-MD5. Default `zk-sasl-md5`. */
  hostname?: string;
}

function saslOption(value: unknown): DigestMd5ClientOptions | undefined {
  if (value === undefined) return undefined;
  const sasl = value as Partial<ZooKeeperSaslOptions> | null;
  if (typeof sasl !== 'object' || sasl === null) throw new InvalidArgumentError('sasl', 'expected an object');
  if (sasl.mechanism !== 'DIGEST-MD5') {
    throw new InvalidArgumentError('sasl.mechanism', `only 'DIGEST-MD5' is supported, got ${String(sasl.mechanism)}`);
  }
  for (const key of ['username', 'password'] as const) {
    if (typeof sasl[key] !== 'string' || sasl[key] === '') {
      throw new InvalidArgumentError(`sasl.${key}`, 'expected a non-empty string');
    }
  }
  for (const key of ['serviceName', 'hostname'] as const) {
    if (sasl[key] !== undefined && (typeof sasl[key] !== 'string' || sasl[key] === '')) {
      throw new InvalidArgumentError(`sasl.${key}`, 'expected a non-empty string');
    }
  }
  return {
    username: sasl.username as string,
    password: sasl.password as string,
    serviceName: sasl.serviceName ?? 'zookeeper',
    hostname: sasl.hostname ?? 'zk-sasl-md5',
  };
}

/** The default largest request: the server's default `jute.maxbuffer` (1 MB - 1). */
const DEFAULT_MAX_PACKET_BYTES = 0xfffff;

/** The largest int32: the wire's limit for timeouts and sizes, and Node's for timers (larger ones fire at once). */
const MAX_INT32 = 0x7fffffff;

export function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_INT32) {
    throw new InvalidArgumentError(name, `expected an integer from 1 to 2^31-1, got ${String(value)}`);
  }
  return value;
}

/** A client's options, checked and with their defaults: what the constructor builds the session from. */
export interface ResolvedClientOptions {
  readonly hosts: HostAddress[];
  readonly chroot: string;
  readonly sessionTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxPacketBytes: number;
  readonly readOnly: boolean;
  readonly logger: ZooKeeperLogger;
  readonly sasl: DigestMd5ClientOptions | undefined;
  /** The identities to present on every connection, checked. */
  readonly auth: { scheme: string; credentials: Buffer }[];
  readonly followEnsemble: boolean;
}

/**
 * Checks a client's options (throwing InvalidArgumentError naming the first bad one) and fills in the defaults. The
 * ACL, retry, TLS and session options are checked here and used as given.
 */
export function resolveClientOptions(options: ZooKeeperClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'expected an object');
  const { hosts, chroot } = parseConnectString(options.connectString);
  const sessionTimeoutMs = positiveInteger(options.sessionTimeoutMs, 'sessionTimeoutMs', 10000);
  const connectTimeoutMs = positiveInteger(options.connectTimeoutMs, 'connectTimeoutMs', 15000);
  const maxPacketBytes = positiveInteger(options.maxPacketBytes, 'maxPacketBytes', DEFAULT_MAX_PACKET_BYTES);
  for (const key of ['readOnly', 'followEnsemble'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new InvalidArgumentError(key, 'expected a boolean');
    }
  }
  const retryProblem = options.retry === undefined ? undefined : invalidRetryOption(options.retry);
  if (retryProblem !== undefined) throw new InvalidArgumentError('retry', retryProblem);
  const logger = options.logger ?? silentLogger;
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    if (typeof logger[level] !== 'function') throw new InvalidArgumentError('logger', `missing ${level}()`);
  }
  if (options.tls !== undefined && (typeof options.tls !== 'object' || options.tls === null)) {
    throw new InvalidArgumentError('tls', 'expected tls.connect options (an object)');
  }
  const sasl = saslOption(options.sasl);
  if (options.session !== undefined) {
    const { id, password } = options.session;
    if (typeof id !== 'bigint' || !Buffer.isBuffer(password)) {
      throw new InvalidArgumentError('session', 'expected { id: bigint, password: Buffer }');
    }
  }
  if (options.auth !== undefined && !Array.isArray(options.auth)) {
    throw new InvalidArgumentError('auth', 'expected an array of { scheme, credentials }');
  }
  const auth = (options.auth ?? []).map((entry) => ({
    scheme: authScheme(entry?.scheme),
    credentials: authBytes(entry?.credentials),
  }));
  return {
    hosts,
    chroot,
    sessionTimeoutMs,
    connectTimeoutMs,
    maxPacketBytes,
    readOnly: options.readOnly ?? false,
    logger,
    sasl,
    auth,
    followEnsemble: options.followEnsemble ?? false,
  };
}

/** An auth scheme, as `addAuth` and the `auth` option take it: a non-empty string. */
export function authScheme(scheme: unknown): string {
  if (typeof scheme !== 'string' || scheme === '') {
    throw new InvalidArgumentError('auth scheme', 'expected a non-empty string');
  }
  return scheme;
}

/** Auth credentials as bytes: a string is sent as UTF-8. */
export function authBytes(credentials: unknown): Buffer {
  if (typeof credentials === 'string') return Buffer.from(credentials, 'utf8');
  if (Buffer.isBuffer(credentials)) return credentials;
  throw new InvalidArgumentError('auth credentials', 'expected a string or Buffer');
}

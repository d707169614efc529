import { StaleFencingTokenError } from './errors';
import { InvalidArgumentError } from './internal/client-api';

/**
 * The other side of fencing: what a protected resource (a database row, a file store, a service) keeps to refuse a
 * lock holder that lost its lock without knowing it. Every write carries the holder's `Lock.fencingToken`; the gate
 * admits a token no lower than the highest it has admitted, and refuses a lower one: a holder paused past its
 * session (a GC pause, a frozen VM) comes back with a token below its successor's and is turned away. Equal tokens
 * pass, as one hold's successive writes carry the same token.
 *
 * The gate lives where the resource does and must see every write; keep `lastToken` with the resource's data if
 * that outlives the process (and pass it back as `lastToken` on restart). For data kept in ZooKeeper itself, a
 * guarded transaction (`Lock.transaction()`) does the same job without a gate.
 *
 * @example
 * const gate = new FencingTokenGate();
 * app.post('/reports', (req) => {
 *   gate.enforce(BigInt(req.headers['fencing-token'])); // StaleFencingTokenError for a stale holder
 *   store(req.body);
 * });
 */
export class FencingTokenGate {
  private highest: bigint | undefined;

  constructor(options: { lastToken?: bigint | string } = {}) {
    if (options.lastToken !== undefined) this.highest = toToken(options.lastToken, 'lastToken');
  }

  /** The highest token admitted so far (undefined before the first). */
  get lastToken(): bigint | undefined {
    return this.highest;
  }

  /** Admits `token` (and remembers it) if it is no lower than the highest admitted; returns whether it did. */
  admit(token: bigint | string): boolean {
    const value = toToken(token, 'token');
    if (this.highest !== undefined && value < this.highest) return false;
    this.highest = value;
    return true;
  }

  /** As {@link admit}, but a stale token throws a {@link StaleFencingTokenError} naming both tokens. */
  enforce(token: bigint | string): void {
    const value = toToken(token, 'token');
    if (!this.admit(value)) throw new StaleFencingTokenError(value, this.highest as bigint);
  }
}

/** A token as a bigint: a bigint, or its decimal string (how tokens travel in JSON and headers). */
function toToken(token: unknown, argument: string): bigint {
  if (typeof token === 'bigint' && token >= 0n) return token;
  if (typeof token === 'string' && /^\d{1,20}$/.test(token)) return BigInt(token);
  throw new InvalidArgumentError(
    argument,
    `expected a fencing token (a bigint >= 0 or its decimal string), got ${
      typeof token === 'string' ? JSON.stringify(token) : typeof token
    }`,
  );
}

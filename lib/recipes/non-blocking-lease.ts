import { hostname } from 'node:os';
import { InvalidArgumentError } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions, identifierText, validateRecipePath } from './internal/inputs';
import { ignoreNoNode } from './internal/tolerated-errors';
import { Lock } from './lock';

/** Bumped by kazoo when the stored format changes; a lease of another version is left alone. */
const LEASE_FORMAT_VERSION = 1;

/** Options of {@link NonBlockingLease}. */
export interface NonBlockingLeaseOptions {
  /** How long an obtained lease lasts, in ms (required, > 0). */
  durationMs: number;
  /** The holder's name (a Buffer is read as UTF-8); reuse it to renew the lease. Default: the host name (as kazoo). */
  identifier?: string | Buffer;
  /** The clock, UTC; default `() => new Date()`. Injectable for tests. */
  now?: () => Date;
}

/** kazoo's time format, `%Y-%m-%dT%H:%M:%S` in UTC (whole seconds, no zone). */
function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function parseUtc(text: string): number {
  return Date.parse(`${text}Z`);
}

/**
 * kazoo's NonBlockingLease: a time-limited exclusive claim that never waits. `obtain()` takes the kazoo Lock at `path`
 * for a moment, reads `<path>/lease_holder` (JSON `{"version": 1, "holder": …, "end": "YYYY-MM-DDTHH:MM:SS"}`, client
 * clocks in UTC) and takes or renews the lease if it is free, expired, or already ours. Nothing is held afterwards: the
 * lease simply runs out at `end`.
 *
 * @example
 * if (await new NonBlockingLease(client, '/leases/hourly-cleanup', { durationMs: 70 * 60_000 }).obtain()) await cleanup();
 */
export class NonBlockingLease {
  /** The lease's node. */
  readonly path: string;
  /** Whether the last `obtain()` got the lease. */
  obtained = false;
  private readonly identifier: string;
  private readonly now: () => Date;
  private readonly durationMs: number;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: NonBlockingLeaseOptions,
  ) {
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.durationMs = options.durationMs;
    if (!(this.durationMs > 0)) {
      throw new InvalidArgumentError('durationMs', `expected a number > 0, got ${String(this.durationMs)}`);
    }
    this.identifier = identifierText(options.identifier) ?? hostname();
    this.now = options.now ?? (() => new Date());
  }

  /** Tries once to take or renew the lease; resolves whether we hold it until `now + durationMs`. */
  async obtain(): Promise<boolean> {
    this.obtained = false;
    await this.client.retry(() => this.client.ensurePath(this.path));
    const holderPath = `${this.path}/lease_holder`;
    const lock = new Lock(this.client, this.path, { identifier: this.identifier });
    return lock.withLock(async () => {
      const now = this.now();
      const current = await this.client
        .retry(() => this.client.getData(holderPath))
        .catch((error: unknown) => {
          ignoreNoNode(error);
          return undefined;
        });
      if (current !== undefined) {
        const stored = JSON.parse(current.data.toString('utf8')) as { version: number; holder: string; end: string };
        if (stored.version !== LEASE_FORMAT_VERSION) return false;
        if (stored.holder !== this.identifier && now.getTime() < parseUtc(stored.end)) return false;
        await this.client.retry(() => this.client.delete(holderPath)).catch(ignoreNoNode);
      }
      const end = formatUtc(new Date(now.getTime() + this.durationMs));
      // Python's json.dumps spacing, so the bytes match what kazoo writes.
      const record = `{"version": ${LEASE_FORMAT_VERSION}, "holder": ${JSON.stringify(this.identifier)}, "end": "${end}"}`;
      await this.client.retry(() => this.client.create(holderPath, record));
      this.obtained = true;
      return true;
    });
  }
}

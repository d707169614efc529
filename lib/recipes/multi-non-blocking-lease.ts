import { InvalidArgumentError } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions, identifierText, validateRecipePath } from './internal/inputs';
import { NonBlockingLease } from './non-blocking-lease';
import type { NonBlockingLeaseOptions } from './non-blocking-lease';

/** Options of {@link MultiNonBlockingLease}: those of each lease, and how many there are. */
export interface MultiNonBlockingLeaseOptions extends NonBlockingLeaseOptions {
  /** How many holders at once (required, an integer >= 1). */
  count: number;
}

/**
 * kazoo's MultiNonBlockingLease: up to `count` holders at once, by trying the {@link NonBlockingLease}s
 * `<path>/0` … `<path>/<count-1>` in order until one is obtained. (kazoo takes `count` before `path`; here, as in
 * every recipe, the options come after it.)
 *
 * @example
 * const lease = new MultiNonBlockingLease(client, '/leases/reports', { count: 3, durationMs: 60_000 });
 */
export class MultiNonBlockingLease {
  /** The parent of the numbered leases. */
  readonly path: string;
  /** Whether the last `obtain()` got one of the leases. */
  obtained = false;

  private readonly count: number;
  private readonly leaseOptions: NonBlockingLeaseOptions;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: MultiNonBlockingLeaseOptions,
  ) {
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    const { count, ...leaseOptions } = options;
    if (!Number.isInteger(count) || count < 1) {
      throw new InvalidArgumentError('count', `expected an integer >= 1, got ${String(count)}`);
    }
    this.count = count;
    this.leaseOptions = leaseOptions;
    // Checked now rather than at the first obtain().
    if (!(leaseOptions.durationMs > 0)) {
      throw new InvalidArgumentError('durationMs', `expected a number > 0, got ${String(leaseOptions.durationMs)}`);
    }
    identifierText(leaseOptions.identifier);
  }

  /** Tries the leases in order; resolves whether one was obtained. */
  async obtain(): Promise<boolean> {
    this.obtained = false;
    for (let index = 0; index < this.count; index++) {
      const lease = new NonBlockingLease(this.client, `${this.path}/${index}`, this.leaseOptions);
      if (await lease.obtain()) {
        this.obtained = true;
        break;
      }
    }
    return this.obtained;
  }
}

import { InvalidArgumentError } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions, validateRecipePath } from './internal/inputs';
import { NonBlockingLease } from './non-blocking-lease';
import type { NonBlockingLeaseOptions } from './non-blocking-lease';

/**
 * kazoo's MultiNonBlockingLease: up to `count` holders at once, by trying the {@link NonBlockingLease}s
 * `<path>/0` … `<path>/<count-1>` in order until one is obtained.
 */
export class MultiNonBlockingLease {
  /** The parent of the numbered leases. */
  readonly path: string;
  /** Whether the last `obtain()` got one of the leases. */
  obtained = false;

  constructor(
    private readonly client: ZooKeeperClient,
    private readonly count: number,
    path: string,
    private readonly durationMs: number,
    private readonly options: NonBlockingLeaseOptions = {},
  ) {
    this.path = validateRecipePath(path);
    if (!Number.isInteger(count) || count < 1)
      throw new InvalidArgumentError('count', `expected an integer >= 1, got ${String(count)}`);
    checkRecipeOptions(options);
  }

  /** Tries the leases in order; resolves whether one was obtained. */
  async obtain(): Promise<boolean> {
    this.obtained = false;
    for (let index = 0; index < this.count; index++) {
      const lease = new NonBlockingLease(this.client, `${this.path}/${index}`, this.durationMs, this.options);
      if (await lease.obtain()) {
        this.obtained = true;
        break;
      }
    }
    return this.obtained;
  }
}

import type { ProviderStrategy } from '../provider-strategy';
import type { ServiceInstance } from '../service-instance';
import { RoundRobinStrategy } from './round-robin-strategy';

/**
 * Keeps handing out the same instance while it is available, and picks another with `master` when it is not
 * (Curator's `StickyStrategy`). The instance is followed by its id: an update of it (a new payload, say) keeps it;
 * Curator compares every field and would pick again.
 */
export class StickyStrategy<T = unknown> implements ProviderStrategy<T> {
  private stuckTo: string | undefined;
  private picks = -1;

  constructor(
    /** Picks the instance to stick to; round-robin by default. */
    private readonly master: ProviderStrategy<T> = new RoundRobinStrategy<T>(),
  ) {}

  /**
   * How many times an instance was picked, minus one (Curator's `getInstanceNumber()`): it goes up each time the
   * strategy moves to another instance. -1 before the first pick.
   */
  get instanceNumber(): number {
    return this.picks;
  }

  /** The instance stuck to, when it is still among `instances`; else a new one from the master strategy. */
  getInstance(instances: readonly ServiceInstance<T>[]): ServiceInstance<T> | undefined {
    const current = instances.find((instance) => instance.id === this.stuckTo);
    if (current !== undefined) return current;
    const picked = this.master.getInstance(instances);
    this.stuckTo = picked?.id;
    if (picked !== undefined) this.picks++;
    return picked;
  }
}

import type { ProviderStrategy } from '../provider-strategy';
import type { ServiceInstance } from '../service-instance';

/** Hands out the instances in turn (Curator's `RoundRobinStrategy`): a counter taken modulo the current number. */
export class RoundRobinStrategy<T = unknown> implements ProviderStrategy<T> {
  private next = 0;

  /** The instance at the counter's position among `instances`, advancing the counter; `undefined` when none. */
  getInstance(instances: readonly ServiceInstance<T>[]): ServiceInstance<T> | undefined {
    if (instances.length === 0) return undefined;
    const index = this.next % instances.length;
    this.next = this.next >= 0x7fffffff ? 0 : this.next + 1;
    return instances[index];
  }
}

import type { ProviderStrategy } from '../provider-strategy';
import type { ServiceInstance } from '../service-instance';

/** Hands out an instance picked uniformly at random (Curator's `RandomStrategy`). */
export class RandomStrategy<T = unknown> implements ProviderStrategy<T> {
  /** A random one of `instances`; `undefined` when none. */
  getInstance(instances: readonly ServiceInstance<T>[]): ServiceInstance<T> | undefined {
    if (instances.length === 0) return undefined;
    return instances[Math.floor(Math.random() * instances.length)];
  }
}

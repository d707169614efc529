import type { ServiceInstance } from './service-instance';

/**
 * How a `ServiceProvider` picks one instance from those it may hand out (Curator's `ProviderStrategy`):
 * {@link RoundRobinStrategy} (the default), {@link RandomStrategy}, {@link StickyStrategy}, or your own.
 */
export interface ProviderStrategy<T = unknown> {
  /** One of `instances` (never empty when called by a provider), or `undefined` to hand out none. */
  getInstance(instances: readonly ServiceInstance<T>[]): ServiceInstance<T> | undefined;
}

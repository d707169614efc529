import { DEFAULT_DOWN_INSTANCE_POLICY } from './down-instance-policy';
import type { DownInstancePolicy } from './down-instance-policy';
import type { InstanceFilter } from './instance-filter';
import { trackChild } from './internal/child-closers';
import { DownInstances } from './internal/down-instances';
import { InvalidArgumentError, checkRecipeOptions, durationOption } from './internal/lower-floors';
import type { TreeCacheWatchMode } from './internal/lower-floors';
import type { ProviderStrategy } from './provider-strategy';
import { ServiceCache } from './service-cache';
import type { ServiceDiscovery } from './service-discovery';
import type { ServiceInstance } from './service-instance';
import { RoundRobinStrategy } from './strategies/round-robin-strategy';

/** Options of {@link ServiceProvider}. */
export interface ServiceProviderOptions<T = unknown> {
  /** How `getInstance()` picks; a new {@link RoundRobinStrategy} by default (Curator's default). */
  strategy?: ProviderStrategy<T>;
  /** When an instance reported with `noteError()` is left out; Curator's 30 s and 2 errors by default. */
  downInstancePolicy?: DownInstancePolicy;
  /** Further conditions an instance must meet to be handed out (Curator's `additionalFilter`). */
  filters?: readonly InstanceFilter<T>[];
  /** How the provider's cache watches the service (see `ServiceCacheOptions.watchMode`). */
  watchMode?: TreeCacheWatchMode;
}

/**
 * Hands out instances of one service (Curator's `ServiceProvider`): a {@link ServiceCache} of the service, from which
 * it leaves out disabled instances, those `noteError()` marked down and those a filter refuses, and picks one with
 * its strategy.
 *
 * @example
 * const provider = new ServiceProvider(discovery, 'orders', { strategy: new RandomStrategy() });
 * await provider.start();
 * const target = provider.getInstance();
 * try { await call(target); } catch (error) { if (target) provider.noteError(target); throw error; }
 */
export class ServiceProvider<T = unknown> {
  /** The service's name. */
  readonly name: string;
  /** The cache the instances come from. */
  readonly cache: ServiceCache<T>;
  private readonly strategy: ProviderStrategy<T>;
  private readonly filters: readonly InstanceFilter<T>[];
  private readonly down: DownInstances;
  private untrack: (() => void) | undefined;

  constructor(
    private readonly discovery: ServiceDiscovery<T>,
    name: string,
    options: ServiceProviderOptions<T> = {},
  ) {
    checkRecipeOptions(options);
    this.cache = new ServiceCache(discovery, name, { watchMode: options.watchMode });
    this.name = name;
    const strategy = options.strategy ?? new RoundRobinStrategy<T>();
    if (typeof strategy?.getInstance !== 'function') {
      throw new InvalidArgumentError('strategy', 'expected an object with getInstance(instances)');
    }
    this.strategy = strategy;
    const filters = options.filters ?? [];
    if (!Array.isArray(filters) || filters.some((filter) => typeof filter !== 'function')) {
      throw new InvalidArgumentError('filters', 'expected an array of functions');
    }
    this.filters = [...filters];
    const policy = options.downInstancePolicy ?? {};
    checkRecipeOptions(policy);
    const threshold = policy.errorThreshold ?? DEFAULT_DOWN_INSTANCE_POLICY.errorThreshold;
    if (!Number.isInteger(threshold) || threshold < 1) {
      throw new InvalidArgumentError('errorThreshold', `expected an integer of at least 1, got ${String(threshold)}`);
    }
    this.down = new DownInstances(
      durationOption(policy.timeoutMs, 'timeoutMs', DEFAULT_DOWN_INSTANCE_POLICY.timeoutMs),
      threshold,
    );
  }

  /** Starts the cache; resolves once it holds the service's instances. Closing the discovery closes the provider. */
  async start(): Promise<void> {
    this.untrack ??= trackChild(this.discovery, this);
    await this.cache.start();
  }

  /** The instances that may be handed out now: enabled, not down, accepted by every filter. */
  getAllInstances(): ServiceInstance<T>[] {
    return this.cache
      .getInstances()
      .filter(
        (instance) =>
          instance.enabled && !this.down.isDown(instance.id) && this.filters.every((filter) => filter(instance)),
      );
  }

  /** One instance picked by the strategy from {@link getAllInstances}, or `undefined` when there is none. */
  getInstance(): ServiceInstance<T> | undefined {
    const instances = this.getAllInstances();
    return instances.length === 0 ? undefined : this.strategy.getInstance(instances);
  }

  /**
   * Reports that a call to `instance` failed: after the policy's `errorThreshold` reports within its `timeoutMs`, the
   * instance (by id) is left out until that time has passed since the first report.
   */
  noteError(instance: ServiceInstance<T>): void {
    if (typeof instance?.id !== 'string') throw new InvalidArgumentError('instance', 'expected a ServiceInstance');
    this.down.noteError(instance.id);
  }

  /** Closes the cache. */
  async close(): Promise<void> {
    this.untrack?.();
    this.untrack = undefined;
    await this.cache.close();
  }
}

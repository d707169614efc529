import type { ServiceInstance } from './service-instance';

/** Whether a `ServiceProvider` may hand out an instance (Curator's `InstanceFilter`). */
export type InstanceFilter<T = unknown> = (instance: ServiceInstance<T>) => boolean;

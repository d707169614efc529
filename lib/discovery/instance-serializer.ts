import type { ServiceInstance } from './service-instance';

/**
 * Turns instances into node data and back (Curator's `InstanceSerializer`). {@link JsonInstanceSerializer} writes
 * Curator's JSON; another serializer is for a service whose Java side configured a different one.
 */
export interface InstanceSerializer<T = unknown> {
  /** The node data for `instance`. */
  serialize(instance: ServiceInstance<T>): Buffer;
  /** The instance in `data`; throws (a ServiceInstanceFormatError, say) when `data` is not one. */
  deserialize(data: Buffer): ServiceInstance<T>;
}

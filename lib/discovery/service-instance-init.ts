import type { ServiceType } from './service-type';
import type { UriSpec } from './uri-spec';

/**
 * What `ServiceDiscovery.register()` takes: the service's name, and whatever should differ from the defaults of
 * Curator's `ServiceInstance.builder()` (a random UUID as the id, the first non-loopback address of this machine, the
 * current time, `'DYNAMIC'`).
 */
export interface ServiceInstanceInit<T = unknown> {
  /** The service's name: one node name (no `/`). */
  name: string;
  /** The instance's id, one node name; a random UUID by default. */
  id?: string;
  /** Where the instance listens; by default this machine's first non-loopback IPv4 address (else IPv6, else `null`). */
  address?: string | null;
  /** The instance's port (0 to 65535), or `null` (the default). */
  port?: number | null;
  /** The instance's TLS port (0 to 65535), or `null` (the default). */
  sslPort?: number | null;
  /** Any JSON value to attach, or `null` (the default). */
  payload?: T | null;
  /**
   * A Java class name to type the payload with, as Jackson does (`"@class"` in an object, `[className, value]`
   * around anything else), so that Java's `JsonInstanceSerializer` for that class reads the payload as an object of
   * it; by default the discovery's `payloadClass`, else none (Java reads an object as a map). An array payload is
   * always typed, as `java.util.ArrayList` by default: Java cannot read a bare array.
   */
  payloadClass?: string | null;
  /** The registration time in milliseconds since the epoch; now by default. */
  registrationTimeUTC?: number;
  /** How the node is created; `'DYNAMIC'` (ephemeral) by default. */
  serviceType?: ServiceType;
  /** A URI template (a {@link UriSpec} or its text such as `'{scheme}://{address}:{port}'`), or `null` (the default). */
  uriSpec?: UriSpec | string | null;
  /** Whether providers may hand the instance out; `true` by default. */
  enabled?: boolean;
}

/** What `ServiceDiscovery.update()` may change in a registered instance (its name, id and type stay). */
export type ServiceInstanceChanges<T = unknown> = Partial<
  Pick<ServiceInstanceInit<T>, 'address' | 'port' | 'sslPort' | 'payload' | 'payloadClass' | 'uriSpec' | 'enabled'>
>;

import type { ServiceType } from './service-type';
import type { UriSpec } from './uri-spec';

/**
 * One registered instance of a service, as Curator's `ServiceInstance` holds it and as its JSON serializer writes it
 * into the instance's node at `<basePath>/<name>/<id>`. Instances are frozen: `ServiceDiscovery.update()` makes a new
 * one.
 *
 * `T` is the payload's type. Like Java's generics it is not checked when an instance is read: a node written by
 * another process holds whatever that process put there.
 */
export interface ServiceInstance<T = unknown> {
  /** The service's name: the node under the base path that holds its instances. */
  readonly name: string;
  /** The instance's id, unique within the service: its node's name (followed by a sequence for DYNAMIC_SEQUENTIAL). */
  readonly id: string;
  /** The host or IP address where the instance listens, or `null`. */
  readonly address: string | null;
  /** The instance's port, or `null`. */
  readonly port: number | null;
  /** The instance's TLS port, or `null`. */
  readonly sslPort: number | null;
  /** Whatever the registering process attached (any JSON value), or `null`. */
  readonly payload: T | null;
  /**
   * The Java class the payload is typed with (Jackson's `"@class"` property of an object, or the first element of its
   * `[className, value]` wrapper), or `null` when it has none. Java's `JsonInstanceSerializer<SomeClass>` needs it to
   * read the payload as `SomeClass`; a `JsonInstanceSerializer<Map>` reads an object without it as a map. Curator
   * writes `java.util.LinkedHashMap` for a map payload and `java.util.ArrayList` for a list; strings, numbers and
   * booleans go without one.
   */
  readonly payloadClass: string | null;
  /** When the instance was registered, in milliseconds since the epoch. */
  readonly registrationTimeUTC: number;
  /** How its node is created: see {@link ServiceType}. */
  readonly serviceType: ServiceType;
  /** A template of the instance's URI, or `null`. */
  readonly uriSpec: UriSpec | null;
  /** Whether providers may hand the instance out; `true` when the node's JSON does not say (Curator's default). */
  readonly enabled: boolean;
}

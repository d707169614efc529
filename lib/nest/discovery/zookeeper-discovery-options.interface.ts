import type { ServiceInstanceInit } from '../../discovery';

/**
 * How the application registers itself: the fields of a Curator `ServiceInstance` it sets (the name at least).
 * `port` defaults to the port the HTTP server listens on; `address` to this machine's first non-loopback address.
 *
 * @publicApi
 */
export type ZookeeperSelfRegistration<T = unknown> = Omit<ServiceInstanceInit<T>, 'registrationTimeUTC'>;

/**
 * Options of `ZookeeperDiscoveryModule.forRoot()` / `forRootAsync()`.
 *
 * @publicApi
 */
export interface ZookeeperDiscoveryOptions<T = unknown> {
  /** The node under which services register (Curator's and Spring Cloud Zookeeper's `basePath`); default `/services`. */
  basePath?: string;
  /** The `ZookeeperModule` client to use, by name; the default client when omitted. */
  client?: string;
  /**
   * This application's instance, registered once it listens (an HTTP application) or once it has started (without an
   * HTTP server), and unregistered first at shutdown. Not registered when omitted: the application only discovers.
   */
  register?: ZookeeperSelfRegistration<T>;
  /** The Java class named in the payload (see `ServiceDiscoveryOptions.payloadClass`). */
  payloadClass?: string;
  /**
   * Consulted every `healthCheckIntervalMs` while registered: an application that reports itself unhealthy
   * (`false`, or a rejection) leaves the registry, and comes back once it reports healthy again.
   */
  healthCheck?: () => boolean | Promise<boolean>;
  /** How often `healthCheck` runs, in ms; default 10000. */
  healthCheckIntervalMs?: number;
}

/**
 * Options of `ZookeeperDiscoveryModule` that shape the module: given statically, next to `useFactory` for
 * `forRootAsync`, because they decide the injection tokens.
 *
 * @publicApi
 */
export interface ZookeeperDiscoveryExtras {
  /** Registers the module globally. */
  isGlobal?: boolean;
  /** Services to discover: each gets a `ServiceProvider`, injected with `@InjectServiceProvider(name)`. */
  discover?: string[];
}

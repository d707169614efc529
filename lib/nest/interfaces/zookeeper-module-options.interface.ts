import type { OpenTelemetryOptions, ZooKeeperClientOptions } from '../../client';

/**
 * Options of one client registered by `ZookeeperModule.forRoot()` / `forRootAsync()`: the client's own options plus
 * how the module runs it.
 *
 * @publicApi
 */
export interface ZookeeperModuleOptions extends ZooKeeperClientOptions {
  /**
   * `true` (default): bootstrap waits until the session is established, and fails if it cannot be.
   * `false`: the client connects in the background and bootstrap goes on; decorated methods start once it is connected.
   */
  waitForConnection?: boolean;
  /**
   * How long application shutdown may spend stopping watchers, leaving elections, releasing locks and closing the
   * session before it gives up waiting (default 10000). The longest value among all clients applies.
   */
  shutdownTimeoutMs?: number;
  /**
   * How this process names itself in lock and election nodes (default `<hostname>:<pid>`), so
   * `contenders()` tells who holds what.
   */
  identity?: string;
  /**
   * OpenTelemetry spans and metrics for this client (docs/observability.md), from the first connection to shutdown:
   * `true` uses the global tracer and meter providers of `@opentelemetry/api`; an object picks the providers, `false`
   * for either turns it off. Needs the optional peer dependency `@opentelemetry/api`: without it bootstrap fails with a
   * message that says so. Off by default.
   */
  openTelemetry?: boolean | Omit<OpenTelemetryOptions, 'client'>;
  /**
   * When an `@OnLeader({ releaseOnReturn: true })` method throws, this process leaves the election (another one can
   * lead) and joins it again only after a pause, so a method that fails at once does not spin: the pause starts at
   * `initialDelayMs` (default 1000), doubles after each consecutive failure up to `maxDelayMs` (default 60000), each
   * ±20%, and a term whose methods succeed resets it. The log gives the pause.
   */
  onLeaderRetry?: {
    /** The pause after the first failed term, in ms (default 1000). */
    initialDelayMs?: number;
    /** The longest pause, in ms (default 60000). */
    maxDelayMs?: number;
  };
}

/**
 * Options of `forRoot`/`forRootAsync` that shape the module rather than the client. `name` must be given statically,
 * next to `useFactory` / `useClass`, because it decides the injection token before any factory runs.
 *
 * @publicApi
 */
export interface ZookeeperModuleExtras {
  /** Registers the module globally, so every module can inject the client without importing `ZookeeperModule`. */
  isGlobal?: boolean;
  /** Name of the client; inject it with `@InjectZookeeper(name)`. Default `'default'`. */
  name?: string;
}

/**
 * A class that `forRootAsync({ useClass })` instantiates to get the options.
 *
 * @publicApi
 */
export interface ZookeeperOptionsFactory {
  /** Returns the client's options; called once, when the module creates the client. */
  createZookeeperOptions(): ZookeeperModuleOptions | Promise<ZookeeperModuleOptions>;
}

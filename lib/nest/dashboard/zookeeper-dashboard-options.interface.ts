import type { CanActivate, Type } from '@nestjs/common';

/**
 * What `ZookeeperDashboardModule` shows and allows. Paths of elections and locks the application's decorators use are
 * found by themselves; list here what other processes (kazoo, Curator, other services) coordinate on. Every list takes
 * `<parent>/*` for each child of `<parent>`, found anew on every read: `locks: ['/locks/invoices/*']` shows one lock
 * per invoice.
 *
 * @publicApi
 */
export interface ZookeeperDashboardOptions {
  /** The `ZookeeperModule` client the dashboard reads through (the default client when omitted). */
  client?: string;
  /** Election paths to show besides those of `@OnLeader()` / `@LeaderOnly()` (kazoo Election, Curator LeaderLatch…). */
  elections?: string[];
  /** Lock paths to show besides those of `@ZkLock()` (kazoo Lock, ReadLock/WriteLock, Curator InterProcessMutex). */
  locks?: string[];
  /** kazoo Semaphore paths (the lease pool; its waiters line up at `<path>-__lock__`). */
  semaphores?: string[];
  /** kazoo NonBlockingLease paths. */
  leases?: string[];
  /** kazoo Party / ShallowParty paths. */
  parties?: string[];
  /** kazoo SetPartitioner paths. */
  partitioners?: string[];
  /**
   * Enables the page's actions: step down from a leadership this application holds, release a lock it holds, delete
   * another process's lock or election node after confirmation. Each is logged (warning level) with what was done and
   * by whom. Default `false`: the dashboard only reads.
   */
  allowActions?: boolean;
  /**
   * Whether the page has a tree browser (default `true`). It shows the data of every node the client may read,
   * configuration values included: turn it off (`false`) where that data must not reach the dashboard's users.
   */
  tree?: boolean;
  /**
   * How many waiters of each election, lock and semaphore are read and listed (default 100); the page counts the
   * others. Each one listed costs a getData per read.
   */
  maxWaiters?: number;
  /** How many bytes of a node's data the tree shows (default 4096); more is cut and marked as cut. */
  maxDataBytes?: number;
  /** How many children of a node the tree lists (default 1000); more are counted, not listed. */
  maxChildren?: number;
}

/**
 * What `ZookeeperDashboardModule.forRoot()` / `forRootAsync()` take besides the options: they shape the routes, so
 * they are known when the module is built.
 *
 * @publicApi
 */
export interface ZookeeperDashboardExtras {
  /** Where the page is served, under the application's global prefix (default `'zookeeper'`). */
  path?: string;
  /**
   * Guards that protect the page and its API, as `@UseGuards()` takes them: the application's own authentication.
   * The application's global guards apply too. The dashboard shows the coordination state of your fleet and, with
   * `allowActions`, changes it: never serve it without authentication.
   */
  guards?: (Type<CanActivate> | CanActivate)[];
}

import { SetMetadata } from '@nestjs/common';
import { WATCH_CHILDREN_METADATA } from '../zookeeper.constants';

/**
 * Options of {@link WatchChildren | `@WatchChildren()`}.
 *
 * @publicApi
 */
export interface WatchChildrenOptions {
  /** Name of the client that watches (default client when omitted). */
  client?: string;
}

/** What `@WatchChildren()` records on the method for the explorer. */
export interface WatchChildrenMetadata extends WatchChildrenOptions {
  /** The watched node's path, as given to the decorator (checked to be absolute at bootstrap). */
  readonly path: string;
}

/**
 * Calls the method with the list of children of `path` once at bootstrap and again whenever it changes; `null` while
 * the node does not exist. A handler that throws is logged and the watch goes on.
 *
 * @publicApi
 */
export const WatchChildren = (path: string, options: WatchChildrenOptions = {}): MethodDecorator =>
  SetMetadata<string, WatchChildrenMetadata>(WATCH_CHILDREN_METADATA, { ...options, path });

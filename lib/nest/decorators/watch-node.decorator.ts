import { SetMetadata } from '@nestjs/common';
import { WATCH_NODE_METADATA } from '../zookeeper.constants';

/**
 * How `@WatchNode()` turns the node's bytes into the value the method receives: the `Buffer` as is, a UTF-8 string,
 * parsed JSON (an empty node gives `null`), or your own function.
 *
 * @publicApi
 */
export type WatchNodeParse = 'buffer' | 'utf8' | 'json' | ((data: Buffer) => unknown);

/**
 * Options of {@link WatchNode | `@WatchNode()`}.
 *
 * @publicApi
 */
export interface WatchNodeOptions {
  /** How the node's data is turned into the method's first argument. Default `'buffer'`. */
  parse?: WatchNodeParse;
  /** Name of the client that watches (default client when omitted). */
  client?: string;
}

/** What `@WatchNode()` records on the method for the explorer. */
export interface WatchNodeMetadata extends WatchNodeOptions {
  /** The watched node's path, as given to the decorator (checked to be absolute at bootstrap). */
  readonly path: string;
}

/**
 * Calls the method with `(value, stat)` once at bootstrap and again on every change of the node at `path`;
 * `(null, null)` while the node does not exist. A handler that throws (or a value that fails to parse) is logged and
 * the watch goes on.
 *
 * @publicApi
 */
export const WatchNode = (path: string, options: WatchNodeOptions = {}): MethodDecorator =>
  SetMetadata<string, WatchNodeMetadata>(WATCH_NODE_METADATA, { ...options, path });

import { WatcherType } from './internal/client-api';
import type { WatchedEvent, ZooKeeperClient } from './internal/client-api';
import { NodeWatch } from './internal/node-watch';

/**
 * Called with the node's children (`null` while the node does not exist) and, when a server notification caused
 * the call, its event. Return `false` (or a promise of it) to stop watching.
 */
export type ChildrenWatchCallback = (
  children: string[] | null,
  event?: WatchedEvent,
) => boolean | void | Promise<boolean | void>;

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * kazoo's ChildrenWatch: calls `callback` at once with the node's children, then again after every change, until the
 * callback returns `false` or `stop()` is called. Unlike kazoo, a missing node is not an error: it is reported as
 * `null` and watched for creation. It survives reconnections and session loss, calling back only when the list
 * changed. Calls never overlap.
 *
 * @example
 * const watch = new ChildrenWatch(client, '/workers', (workers) => rebalance(workers ?? []));
 */
export class ChildrenWatch extends NodeWatch<string[]> {
  constructor(client: ZooKeeperClient, path: string, callback: ChildrenWatchCallback) {
    super(client, path, callback, {
      read: (watch) => client.getChildren(path, { watch }),
      isSame: sameList,
      // A copy, so the callback may keep or change its list without touching the one compared next time.
      deliver: (children, event) => callback(children === null ? null : [...children], event),
      // A missing node is watched with an exists-watch, which is a data watch.
      watcherTypes: [WatcherType.CHILDREN, WatcherType.DATA],
    });
  }
}

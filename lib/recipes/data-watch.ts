import { WatcherType } from './internal/client-api';
import type { Stat, WatchedEvent, ZooKeeperClient } from './internal/client-api';
import { NodeWatch } from './internal/node-watch';

/**
 * Called with the node's data and stat (both `null` while the node does not exist) and, when a server notification
 * caused the call, its event. Return `false` (or a promise of it) to stop watching.
 */
export type DataWatchCallback = (
  data: Buffer | null,
  stat: Stat | null,
  event?: WatchedEvent,
) => boolean | void | Promise<boolean | void>;

/**
 * kazoo's DataWatch: calls `callback` at once with the node's current data, then again after every change, until the
 * callback returns `false` or `stop()` is called. A missing node is reported as `null`, and its creation is noticed
 * (the watch is an exists-watch meanwhile). It survives reconnections and session loss: on every new connection it
 * re-reads the node and calls back only if the node changed (by `mzxid`). Calls never overlap.
 *
 * @example
 * const watch = new DataWatch(client, '/config/feature-x', (data) => applyConfig(data));
 * await watch.ready;
 */
export class DataWatch extends NodeWatch<{
  /** The node's data; empty when it has none. */
  data: Buffer;
  /** The node's Stat. */
  stat: Stat;
}> {
  constructor(client: ZooKeeperClient, path: string, callback: DataWatchCallback) {
    super(client, path, callback, {
      read: (watch) => client.getData(path, { watch }),
      isSame: (a, b) => (a?.stat.mzxid ?? null) === (b?.stat.mzxid ?? null),
      deliver: (node, event) => callback(node?.data ?? null, node?.stat ?? null, event),
      watcherTypes: [WatcherType.DATA],
    });
  }
}

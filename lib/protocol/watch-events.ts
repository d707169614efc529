/** Watcher event types (Watcher.Event.EventType). */
export enum EventType {
  NONE = -1,
  NODE_CREATED = 1,
  NODE_DELETED = 2,
  NODE_DATA_CHANGED = 3,
  NODE_CHILDREN_CHANGED = 4,
  DATA_WATCH_REMOVED = 5,
  CHILD_WATCH_REMOVED = 6,
  PERSISTENT_WATCH_REMOVED = 7,
}

/** Session states carried by watcher events (Watcher.Event.KeeperState). */
export enum KeeperState {
  DISCONNECTED = 0,
  SYNC_CONNECTED = 3,
  AUTH_FAILED = 4,
  CONNECTED_READ_ONLY = 5,
  SASL_AUTHENTICATED = 6,
  CLOSED = 7,
  EXPIRED = -112,
}

/** Modes of the addWatch request (AddWatchMode.java). */
export enum AddWatchMode {
  PERSISTENT = 0,
  PERSISTENT_RECURSIVE = 1,
}

/**
 * Watch kinds of removeWatches/checkWatches (Watcher.WatcherType). PERSISTENT (4) and PERSISTENT_RECURSIVE (5) exist
 * only on 3.9+ servers; older ones remove a persistent watch only with ANY.
 */
export enum WatcherType {
  CHILDREN = 1,
  DATA = 2,
  ANY = 3,
}

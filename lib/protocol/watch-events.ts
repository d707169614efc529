/** Watcher event types (Watcher.Event.EventType). */
export enum EventType {
  /** No node event: a change of the session's state (`state` says which); the path is empty. */
  NONE = -1,
  /** The watched node was created (exists watches and persistent watches). */
  NODE_CREATED = 1,
  /** The watched node was deleted. */
  NODE_DELETED = 2,
  /** The watched node's data was set (even to the same bytes). */
  NODE_DATA_CHANGED = 3,
  /** A child of the watched node was created or deleted (not for recursive watches). */
  NODE_CHILDREN_CHANGED = 4,
  /** A data or exists watch was removed with `removeWatches`. */
  DATA_WATCH_REMOVED = 5,
  /** A children watch was removed with `removeWatches`. */
  CHILD_WATCH_REMOVED = 6,
  /** A persistent (or persistent recursive) watch was removed. */
  PERSISTENT_WATCH_REMOVED = 7,
}

/** Session states carried by watcher events (Watcher.Event.KeeperState). */
export enum KeeperState {
  /** The client lost its connection; the session may still be alive. */
  DISCONNECTED = 0,
  /** Connected to a server with a live session; the state of every node event. */
  SYNC_CONNECTED = 3,
  /** Authentication failed. */
  AUTH_FAILED = 4,
  /** Connected to a read-only server (reads only). */
  CONNECTED_READ_ONLY = 5,
  /** SASL authentication succeeded. */
  SASL_AUTHENTICATED = 6,
  /** The client was closed. */
  CLOSED = 7,
  /**
   * The session expired, or ended other than by `close()` (e.g. an identity was refused); this client delivers it once
   * to every watch it drops (with type NONE).
   */
  EXPIRED = -112,
}

/** Modes of the addWatch request (AddWatchMode.java). */
export enum AddWatchMode {
  /** Fires for every creation, data change, deletion and child change of the path, and stays after firing. */
  PERSISTENT = 0,
  /** Fires for every change of the path and of all its descendants (child changes excepted), and stays. */
  PERSISTENT_RECURSIVE = 1,
}

/**
 * Watch kinds of removeWatches/checkWatches (Watcher.WatcherType). PERSISTENT (4) and PERSISTENT_RECURSIVE (5) exist
 * only on 3.9+ servers; older ones remove a persistent watch only with ANY.
 */
export enum WatcherType {
  /** Children watches. */
  CHILDREN = 1,
  /** Data and exists watches. */
  DATA = 2,
  /** Watches of every kind. */
  ANY = 3,
}

import type { RecordCodec } from './record-codec';

/** SetWatches (opcode 101, xid -8): re-registers one-shot watches after a reconnect. */
export interface SetWatches {
  /** The last zxid the client saw: the server fires at once every watch whose node changed after it. */
  relativeZxid: bigint;
  /** Server paths of getData watches. */
  dataWatches: string[];
  /** Server paths of exists watches. */
  existWatches: string[];
  /** Server paths of getChildren watches. */
  childWatches: string[];
}

/** Codec of {@link SetWatches}. */
export const setWatches: RecordCodec<SetWatches> = {
  write(w, v) {
    w.long(v.relativeZxid).stringVector(v.dataWatches).stringVector(v.existWatches).stringVector(v.childWatches);
  },
  read(r) {
    return {
      relativeZxid: r.long(),
      dataWatches: r.stringVector(),
      existWatches: r.stringVector(),
      childWatches: r.stringVector(),
    };
  },
};

/** SetWatches2 (opcode 105, 3.6+): SetWatches plus persistent and persistent-recursive watches. */
export interface SetWatches2 extends SetWatches {
  /** Server paths of persistent watches. */
  persistentWatches: string[];
  /** Server paths of persistent recursive watches. */
  persistentRecursiveWatches: string[];
}

/** Codec of {@link SetWatches2}. */
export const setWatches2: RecordCodec<SetWatches2> = {
  write(w, v) {
    setWatches.write(w, v);
    w.stringVector(v.persistentWatches).stringVector(v.persistentRecursiveWatches);
  },
  read(r) {
    const base = setWatches.read(r);
    return { ...base, persistentWatches: r.stringVector(), persistentRecursiveWatches: r.stringVector() };
  },
};

/** AddWatchRequest (opcode 106): `mode` is an AddWatchMode. */
export interface AddWatchRequest {
  /** The watched path (a server path, chroot included); it need not exist. */
  path: string;
  /** The {@link AddWatchMode} value. */
  mode: number;
}

/** Codec of {@link AddWatchRequest}. */
export const addWatchRequest: RecordCodec<AddWatchRequest> = {
  write(w, v) {
    w.ustring(v.path).int(v.mode);
  },
  read(r) {
    return { path: r.string(), mode: r.int() };
  },
};

/** RemoveWatchesRequest (18) and CheckWatchesRequest (17): `type` is a WatcherType. */
export interface RemoveWatchesRequest {
  /** The watched path (a server path, chroot included). */
  path: string;
  /** The {@link WatcherType} value. */
  type: number;
}

/** Codec of {@link RemoveWatchesRequest}. */
export const removeWatchesRequest: RecordCodec<RemoveWatchesRequest> = {
  write(w, v) {
    w.ustring(v.path).int(v.type);
  },
  read(r) {
    return { path: r.string(), type: r.int() };
  },
};

/** WatcherEvent: the body of a notification (xid -1). */
export interface WatcherEvent {
  /** The {@link EventType} value. */
  type: number;
  /** The {@link KeeperState} value. */
  state: number;
  /** The server path of the node concerned. */
  path: string;
}

/** Codec of {@link WatcherEvent}. */
export const watcherEvent: RecordCodec<WatcherEvent> = {
  write(w, v) {
    w.int(v.type).int(v.state).ustring(v.path);
  },
  read(r) {
    return { type: r.int(), state: r.int(), path: r.string() };
  },
};

import type { RecordCodec } from './record-codec';

/** SetWatches (opcode 101, xid -8): re-registers one-shot watches after a reconnect. */
export interface SetWatches {
  relativeZxid: bigint;
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
}

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
  persistentWatches: string[];
  persistentRecursiveWatches: string[];
}

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
  path: string;
  mode: number;
}

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
  path: string;
  type: number;
}

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
  type: number;
  state: number;
  path: string;
}

export const watcherEvent: RecordCodec<WatcherEvent> = {
  write(w, v) {
    w.int(v.type).int(v.state).ustring(v.path);
  },
  read(r) {
    return { type: r.int(), state: r.int(), path: r.string() };
  },
};

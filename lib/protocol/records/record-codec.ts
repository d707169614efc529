import type { JuteReader } from '../jute-reader';
import type { JuteWriter } from '../jute-writer';

/** How one jute record is written and read; every record of the protocol has one, so each can round-trip. */
export interface RecordCodec<T> {
  write(writer: JuteWriter, value: T): void;
  read(reader: JuteReader): T;
}

/** A record that is only a path: SyncRequest/Response, GetACLRequest, GetAllChildrenNumberRequest, CreateResponse. */
export interface PathRecord {
  path: string;
}

export const pathRecord: RecordCodec<PathRecord> = {
  write(w, v) {
    w.ustring(v.path);
  },
  read(r) {
    return { path: r.string() };
  },
};

/** A path and a watch flag: ExistsRequest, GetDataRequest, GetChildrenRequest, GetChildren2Request. */
export interface PathWatchRequest {
  path: string;
  watch: boolean;
}

export const pathWatchRequest: RecordCodec<PathWatchRequest> = {
  write(w, v) {
    w.ustring(v.path).bool(v.watch);
  },
  read(r) {
    return { path: r.string(), watch: r.bool() };
  },
};

/** A path and an expected version: DeleteRequest, CheckVersionRequest. */
export interface PathVersionRequest {
  path: string;
  version: number;
}

export const pathVersionRequest: RecordCodec<PathVersionRequest> = {
  write(w, v) {
    w.ustring(v.path).int(v.version);
  },
  read(r) {
    return { path: r.string(), version: r.int() };
  },
};

/** ErrorResponse: one error code, as a multi result. */
export interface ErrorResponse {
  err: number;
}

export const errorResponse: RecordCodec<ErrorResponse> = {
  write(w, v) {
    w.int(v.err);
  },
  read(r) {
    return { err: r.int() };
  },
};

import type { JuteReader } from '../jute-reader';
import type { JuteWriter } from '../jute-writer';

/** How one jute record is written and read; every record of the protocol has one, so each can round-trip. */
export interface RecordCodec<T> {
  /** Appends `value`'s fields to `writer` in jute order. */
  write(writer: JuteWriter, value: T): void;
  /** Reads one record at the reader's position; throws ProtocolError when the bytes do not hold one. */
  read(reader: JuteReader): T;
}

/** A record that is only a path: SyncRequest/Response, GetACLRequest, GetAllChildrenNumberRequest, CreateResponse. */
export interface PathRecord {
  /** The node's path (a server path, chroot included). */
  path: string;
}

/** Codec of {@link PathRecord}. */
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
  /** The node's path (a server path, chroot included). */
  path: string;
  /** Whether the server should leave a one-shot watch on the node for this session. */
  watch: boolean;
}

/** Codec of {@link PathWatchRequest}. */
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
  /** The node's path (a server path, chroot included). */
  path: string;
  /** The version the node must have; -1 matches any version. */
  version: number;
}

/** Codec of {@link PathVersionRequest}. */
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
  /** The op's {@link ErrorCode}. */
  err: number;
}

/** Codec of {@link ErrorResponse}. */
export const errorResponse: RecordCodec<ErrorResponse> = {
  write(w, v) {
    w.int(v.err);
  },
  read(r) {
    return { err: r.int() };
  },
};

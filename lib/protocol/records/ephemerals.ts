import type { RecordCodec } from './record-codec';

/** GetEphemeralsRequest: the session's ephemerals whose path starts with `prefixPath`. */
export interface GetEphemeralsRequest {
  /** A plain string prefix of server paths (not a node: `/app/lo` matches `/app/lock`); `/` matches all. */
  prefixPath: string;
}

/** Codec of {@link GetEphemeralsRequest}. */
export const getEphemeralsRequest: RecordCodec<GetEphemeralsRequest> = {
  write(w, v) {
    w.ustring(v.prefixPath);
  },
  read(r) {
    return { prefixPath: r.string() };
  },
};

/** GetEphemeralsResponse: absolute server paths. */
export interface GetEphemeralsResponse {
  /** The matching ephemeral nodes' server paths. */
  ephemerals: string[];
}

/** Codec of {@link GetEphemeralsResponse}. */
export const getEphemeralsResponse: RecordCodec<GetEphemeralsResponse> = {
  write(w, v) {
    w.stringVector(v.ephemerals);
  },
  read(r) {
    return { ephemerals: r.stringVector() };
  },
};

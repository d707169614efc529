import type { RecordCodec } from './record-codec';

/** GetEphemeralsRequest: the session's ephemerals whose path starts with `prefixPath`. */
export interface GetEphemeralsRequest {
  prefixPath: string;
}

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
  ephemerals: string[];
}

export const getEphemeralsResponse: RecordCodec<GetEphemeralsResponse> = {
  write(w, v) {
    w.stringVector(v.ephemerals);
  },
  read(r) {
    return { ephemerals: r.stringVector() };
  },
};

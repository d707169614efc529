import type { RecordCodec } from './record-codec';
import { statRecord, type Stat } from './stat';

/** GetDataResponse. Data is a view of the received frame. */
export interface GetDataResponse {
  /** The node's data; empty when the node has none. */
  data: Buffer;
  /** The node's Stat. */
  stat: Stat;
}

/** Codec of {@link GetDataResponse}. */
export const getDataResponse: RecordCodec<GetDataResponse> = {
  write(w, v) {
    w.buffer(v.data);
    statRecord.write(w, v.stat);
  },
  read(r) {
    return { data: r.bufferOrEmpty(), stat: statRecord.read(r) };
  },
};

/** SetDataRequest; version -1 matches any version. */
export interface SetDataRequest {
  /** The node's path (a server path, chroot included). */
  path: string;
  /** The new data; `null` stores none. */
  data: Buffer | null;
  /** The data version the node must have; -1 matches any. */
  version: number;
}

/** Codec of {@link SetDataRequest}. */
export const setDataRequest: RecordCodec<SetDataRequest> = {
  write(w, v) {
    w.ustring(v.path).buffer(v.data).int(v.version);
  },
  read(r) {
    return { path: r.string(), data: r.buffer(), version: r.int() };
  },
};

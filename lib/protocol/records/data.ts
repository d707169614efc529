import type { RecordCodec } from './record-codec';
import { statRecord, type Stat } from './stat';

/** GetDataResponse. Data is a view of the received frame. */
export interface GetDataResponse {
  data: Buffer;
  stat: Stat;
}

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
  path: string;
  data: Buffer | null;
  version: number;
}

export const setDataRequest: RecordCodec<SetDataRequest> = {
  write(w, v) {
    w.ustring(v.path).buffer(v.data).int(v.version);
  },
  read(r) {
    return { path: r.string(), data: r.buffer(), version: r.int() };
  },
};

import type { RecordCodec } from './record-codec';
import { statRecord, type Stat } from './stat';

/** GetChildrenResponse: child names (not paths). */
export interface GetChildrenResponse {
  children: string[];
}

export const getChildrenResponse: RecordCodec<GetChildrenResponse> = {
  write(w, v) {
    w.stringVector(v.children);
  },
  read(r) {
    return { children: r.stringVector() };
  },
};

/** GetChildren2Response: child names and the parent's Stat. */
export interface GetChildren2Response {
  children: string[];
  stat: Stat;
}

export const getChildren2Response: RecordCodec<GetChildren2Response> = {
  write(w, v) {
    w.stringVector(v.children);
    statRecord.write(w, v.stat);
  },
  read(r) {
    return { children: r.stringVector(), stat: statRecord.read(r) };
  },
};

/** GetAllChildrenNumberResponse: the number of descendants. */
export interface GetAllChildrenNumberResponse {
  totalNumber: number;
}

export const getAllChildrenNumberResponse: RecordCodec<GetAllChildrenNumberResponse> = {
  write(w, v) {
    w.int(v.totalNumber);
  },
  read(r) {
    return { totalNumber: r.int() };
  },
};

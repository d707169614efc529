import type { RecordCodec } from './record-codec';
import { statRecord, type Stat } from './stat';

/** GetChildrenResponse: child names (not paths). */
export interface GetChildrenResponse {
  /** The children's names, in no particular order. */
  children: string[];
}

/** Codec of {@link GetChildrenResponse}. */
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
  /** The children's names, in no particular order. */
  children: string[];
  /** The parent node's Stat. */
  stat: Stat;
}

/** Codec of {@link GetChildren2Response}. */
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
  /** The number of the node's descendants at every depth, the node itself not counted. */
  totalNumber: number;
}

/** Codec of {@link GetAllChildrenNumberResponse}. */
export const getAllChildrenNumberResponse: RecordCodec<GetAllChildrenNumberResponse> = {
  write(w, v) {
    w.int(v.totalNumber);
  },
  read(r) {
    return { totalNumber: r.int() };
  },
};

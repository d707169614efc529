import type { RecordCodec } from './record-codec';

/**
 * A node's metadata. Zxids and the session id in `ephemeralOwner` are 64-bit and kept as bigint; times are
 * milliseconds since the epoch and fit a number.
 */
export interface Stat {
  czxid: bigint;
  mzxid: bigint;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: bigint;
}

export const statRecord: RecordCodec<Stat> = {
  write(w, v) {
    w.long(v.czxid)
      .long(v.mzxid)
      .longNumber(v.ctime)
      .longNumber(v.mtime)
      .int(v.version)
      .int(v.cversion)
      .int(v.aversion)
      .long(v.ephemeralOwner)
      .int(v.dataLength)
      .int(v.numChildren)
      .long(v.pzxid);
  },
  read(r) {
    return {
      czxid: r.long(),
      mzxid: r.long(),
      ctime: r.longNumber(),
      mtime: r.longNumber(),
      version: r.int(),
      cversion: r.int(),
      aversion: r.int(),
      ephemeralOwner: r.long(),
      dataLength: r.int(),
      numChildren: r.int(),
      pzxid: r.long(),
    };
  },
};

/** A StatResponse (ExistsResponse, SetDataResponse, SetACLResponse): just the Stat. */
export interface StatResponse {
  stat: Stat;
}

export const statResponse: RecordCodec<StatResponse> = {
  write(w, v) {
    statRecord.write(w, v.stat);
  },
  read(r) {
    return { stat: statRecord.read(r) };
  },
};

import type { RecordCodec } from './record-codec';

/**
 * A node's metadata. Zxids and the session id in `ephemeralOwner` are 64-bit and kept as bigint; times are
 * milliseconds since the epoch and fit a number.
 */
export interface Stat {
  /** The zxid of the transaction that created the node. */
  czxid: bigint;
  /** The zxid of the transaction that last modified the node's data. */
  mzxid: bigint;
  /** When the node was created, in milliseconds since the epoch (the leader's clock). */
  ctime: number;
  /** When the node's data was last modified, in milliseconds since the epoch. */
  mtime: number;
  /** The number of changes to the node's data: the version to pass for a conditional setData or delete. */
  version: number;
  /** The number of changes to the node's children (creations and deletions). */
  cversion: number;
  /** The number of changes to the node's ACL. */
  aversion: number;
  /** The session id of the node's owner if it is ephemeral, otherwise 0n. */
  ephemeralOwner: bigint;
  /** The length of the node's data in bytes. */
  dataLength: number;
  /** The number of the node's children. */
  numChildren: number;
  /** The zxid of the transaction that last created or deleted a child of the node. */
  pzxid: bigint;
}

/** Codec of {@link Stat}. */
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
  /** The node's Stat after the operation. */
  stat: Stat;
}

/** Codec of {@link StatResponse}. */
export const statResponse: RecordCodec<StatResponse> = {
  write(w, v) {
    statRecord.write(w, v.stat);
  },
  read(r) {
    return { stat: statRecord.read(r) };
  },
};

import type { JuteReader } from '../jute-reader';
import type { JuteWriter } from '../jute-writer';
import type { RecordCodec } from './record-codec';
import { statRecord, type Stat } from './stat';

/** An authenticated identity: `world:anyone`, `digest:user:<base64 sha1>`, `ip:10.0.0.0/8`, `auth:`. */
export interface Id {
  /** The authentication scheme: `world`, `auth`, `digest`, `ip`, `x509`, `sasl`, … */
  scheme: string;
  /** The identity within the scheme (`anyone`, `user:<hash>`, an address or CIDR range, …). */
  id: string;
}

/** A permission grant: `perms` is a bit set of Perms. */
export interface Acl {
  /** The permissions granted, OR-ed from {@link Perms} (`Perms.READ | Perms.WRITE`). */
  perms: number;
  /** Who the permissions are granted to. */
  id: Id;
}

/** Writes an ACL list as a jute vector; `null` is written as length -1. */
export function writeAclVector(w: JuteWriter, acl: readonly Acl[] | null): void {
  if (acl === null) {
    w.int(-1);
    return;
  }
  w.int(acl.length);
  for (const entry of acl) w.int(entry.perms).ustring(entry.id.scheme).ustring(entry.id.id);
}

/** Reads an ACL list written as a jute vector; a null vector reads as `[]`. Throws ProtocolError on bad bytes. */
export function readAclVector(r: JuteReader): Acl[] {
  const count = r.vectorLength(12);
  const acl: Acl[] = [];
  for (let i = 0; i < count; i++) {
    const perms = r.int();
    acl.push({ perms, id: { scheme: r.string(), id: r.string() } });
  }
  return acl;
}

/** GetACLResponse. */
export interface GetAclResponse {
  /** The node's ACL. */
  acl: Acl[];
  /** The node's Stat; its `aversion` is the version to pass to setAcl. */
  stat: Stat;
}

/** Codec of {@link GetAclResponse}. */
export const getAclResponse: RecordCodec<GetAclResponse> = {
  write(w, v) {
    writeAclVector(w, v.acl);
    statRecord.write(w, v.stat);
  },
  read(r) {
    return { acl: readAclVector(r), stat: statRecord.read(r) };
  },
};

/** SetACLRequest. */
export interface SetAclRequest {
  /** The node's path (a server path, chroot included). */
  path: string;
  /** The new ACL, replacing the whole list. */
  acl: readonly Acl[];
  /** The ACL version (`aversion`) the node must have; -1 matches any. */
  version: number;
}

/** Codec of {@link SetAclRequest}. */
export const setAclRequest: RecordCodec<SetAclRequest> = {
  write(w, v) {
    w.ustring(v.path);
    writeAclVector(w, v.acl);
    w.int(v.version);
  },
  read(r) {
    return { path: r.string(), acl: readAclVector(r), version: r.int() };
  },
};

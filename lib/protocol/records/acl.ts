import type { JuteReader } from '../jute-reader';
import type { JuteWriter } from '../jute-writer';
import type { RecordCodec } from './record-codec';
import { statRecord, type Stat } from './stat';

/** An authenticated identity: `world:anyone`, `digest:user:<base64 sha1>`, `ip:10.0.0.0/8`, `auth:`. */
export interface Id {
  scheme: string;
  id: string;
}

/** A permission grant: `perms` is a bit set of Perms. */
export interface Acl {
  perms: number;
  id: Id;
}

export function writeAclVector(w: JuteWriter, acl: readonly Acl[] | null): void {
  if (acl === null) {
    w.int(-1);
    return;
  }
  w.int(acl.length);
  for (const entry of acl) w.int(entry.perms).ustring(entry.id.scheme).ustring(entry.id.id);
}

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
  acl: Acl[];
  stat: Stat;
}

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
  path: string;
  acl: readonly Acl[];
  version: number;
}

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

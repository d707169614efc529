import type { RecordCodec } from './record-codec';
import { readAclVector, writeAclVector, type Acl } from './acl';
import { statRecord, type Stat } from './stat';

/** CreateRequest (opcodes CREATE, CREATE2, CREATE_CONTAINER). `flags` is the CreateMode value. */
export interface CreateRequest {
  /** The node's path (a server path, chroot included); a sequential create gets a suffix appended. */
  path: string;
  /** The node's data; `null` stores none. */
  data: Buffer | null;
  /** The node's ACL; must not be empty. */
  acl: readonly Acl[];
  /** The {@link CreateMode} value. */
  flags: number;
}

/** Codec of {@link CreateRequest}. */
export const createRequest: RecordCodec<CreateRequest> = {
  write(w, v) {
    w.ustring(v.path).buffer(v.data);
    writeAclVector(w, v.acl);
    w.int(v.flags);
  },
  read(r) {
    return { path: r.string(), data: r.buffer(), acl: readAclVector(r), flags: r.int() };
  },
};

/** CreateTTLRequest (opcode CREATE_TTL): a CreateRequest with the TTL in milliseconds. */
export interface CreateTtlRequest extends CreateRequest {
  /** The TTL in milliseconds, from 1 to {@link MAX_TTL_MS}. */
  ttl: number;
}

/** Codec of {@link CreateTtlRequest}. */
export const createTtlRequest: RecordCodec<CreateTtlRequest> = {
  write(w, v) {
    createRequest.write(w, v);
    w.longNumber(v.ttl);
  },
  read(r) {
    const base = createRequest.read(r);
    return { ...base, ttl: r.longNumber() };
  },
};

/** Create2Response: the created path (with its sequence suffix) and the new node's Stat. */
export interface Create2Response {
  /** The created node's server path, with the sequence suffix of a sequential create. */
  path: string;
  /** The created node's Stat. */
  stat: Stat;
}

/** Codec of {@link Create2Response}. */
export const create2Response: RecordCodec<Create2Response> = {
  write(w, v) {
    w.ustring(v.path);
    statRecord.write(w, v.stat);
  },
  read(r) {
    return { path: r.string(), stat: statRecord.read(r) };
  },
};

import { createHash } from 'node:crypto';
import type { Acl } from '../protocol/records/acl';

/** Permission bits of an ACL entry. */
export const Perms = {
  /** Read the node's data and list its children. */
  READ: 1,
  /** Set the node's data. */
  WRITE: 2,
  /** Create children. */
  CREATE: 4,
  /** Delete children. */
  DELETE: 8,
  /** Set the node's ACL. */
  ADMIN: 16,
  /** Every permission above. */
  ALL: 31,
} as const;

/** Anyone may do anything (ZooDefs.Ids.OPEN_ACL_UNSAFE). */
export const OPEN_ACL_UNSAFE: readonly Acl[] = Object.freeze([worldAcl(Perms.ALL)]);
/** Everything for the identities the creating session authenticated as (ZooDefs.Ids.CREATOR_ALL_ACL). */
export const CREATOR_ALL_ACL: readonly Acl[] = Object.freeze([authAcl(Perms.ALL)]);
/** Anyone may read (ZooDefs.Ids.READ_ACL_UNSAFE). */
export const READ_ACL_UNSAFE: readonly Acl[] = Object.freeze([worldAcl(Perms.READ)]);

/** The `digest` id for a user and password: `user:base64(sha1("user:password"))`, as DigestAuthenticationProvider. */
export function digestId(user: string, password: string): string {
  const hash = createHash('sha1').update(`${user}:${password}`).digest('base64');
  return `${user}:${hash}`;
}

/** An entry granting `perms` to whoever authenticates with `addAuth('digest', 'user:password')`. */
export function digestAcl(user: string, password: string, perms: number = Perms.ALL): Acl {
  return { perms, id: { scheme: 'digest', id: digestId(user, password) } };
}

/** An entry granting `perms` to clients from an address or CIDR range (`10.0.0.0/8`). */
export function ipAcl(address: string, perms: number = Perms.ALL): Acl {
  return { perms, id: { scheme: 'ip', id: address } };
}

/** An entry granting `perms` to everyone. */
export function worldAcl(perms: number = Perms.ALL): Acl {
  return { perms, id: { scheme: 'world', id: 'anyone' } };
}

/** An entry granting `perms` to every identity the creating session has authenticated as. */
export function authAcl(perms: number = Perms.ALL): Acl {
  return { perms, id: { scheme: 'auth', id: '' } };
}

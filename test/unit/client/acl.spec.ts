import { createHash } from 'node:crypto';
import {
  authAcl,
  CREATOR_ALL_ACL,
  digestAcl,
  digestId,
  ipAcl,
  OPEN_ACL_UNSAFE,
  Perms,
  READ_ACL_UNSAFE,
  worldAcl,
} from '../../../lib/client/acl';

describe('ACL helpers', () => {
  it('computes the digest id as DigestAuthenticationProvider does', () => {
    // `echo -n 'super:secret' | openssl sha1 -binary | base64`
    expect(digestId('super', 'secret')).toBe('super:lK75jTNcA+U9vtVEw5vB51mj/w4=');
    const expected = createHash('sha1').update('alice:pw').digest('base64');
    expect(digestAcl('alice', 'pw', Perms.READ)).toEqual({
      perms: 1,
      id: { scheme: 'digest', id: `alice:${expected}` },
    });
  });

  it('builds the well-known ACLs', () => {
    expect(OPEN_ACL_UNSAFE).toEqual([{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]);
    expect(READ_ACL_UNSAFE).toEqual([{ perms: 1, id: { scheme: 'world', id: 'anyone' } }]);
    expect(CREATOR_ALL_ACL).toEqual([{ perms: 31, id: { scheme: 'auth', id: '' } }]);
    expect(ipAcl('10.0.0.0/8', Perms.READ | Perms.WRITE)).toEqual({ perms: 3, id: { scheme: 'ip', id: '10.0.0.0/8' } });
    expect(worldAcl()).toEqual(OPEN_ACL_UNSAFE[0]);
    expect(authAcl(Perms.ADMIN).perms).toBe(16);
    expect(Perms.ALL).toBe(Perms.READ | Perms.WRITE | Perms.CREATE | Perms.DELETE | Perms.ADMIN);
  });
});

import {
  DigestMd5Client,
  DigestMd5Error,
  digestResponseValue,
  expectedRspAuth,
  parseDirectives,
} from '../../../lib/client/sasl-digest-md5';

// RFC 2831 §4, the IMAP example: user chris, password secret.
const RFC_CHALLENGE = 'realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8';
const RFC_INPUT = {
  username: 'chris',
  password: 'secret',
  realm: 'elwood.innosoft.com',
  nonce: 'OA6MG9tEQGm2hh',
  cnonce: 'OA6MHXh6VqTrRk',
  nc: '00000001',
  qop: 'auth',
  digestUri: 'imap/elwood.innosoft.com',
  utf8: true,
};

describe('SASL DIGEST-MD5 (RFC 2831)', () => {
  it('computes the response and rspauth of the RFC 2831 example', () => {
    expect(digestResponseValue(RFC_INPUT)).toBe('d388dad90d4bbd760a152321f2143af7');
    expect(expectedRspAuth(RFC_INPUT)).toBe('ea40f60335c427b5527b84dbabcdfffd');
  });

  it('answers the RFC challenge and verifies the final rspauth', () => {
    const client = new DigestMd5Client({
      username: 'chris',
      password: 'secret',
      serviceName: 'imap',
      hostname: 'elwood.innosoft.com',
      cnonce: 'OA6MHXh6VqTrRk',
    });
    expect(client.initialResponse()).toHaveLength(0);
    const response = parseDirectives(client.evaluateChallenge(Buffer.from(RFC_CHALLENGE)).toString());
    expect(Object.fromEntries([...response].map(([k, v]) => [k, v[0]]))).toMatchObject({
      charset: 'utf-8',
      username: 'chris',
      realm: 'elwood.innosoft.com',
      nonce: 'OA6MG9tEQGm2hh',
      nc: '00000001',
      cnonce: 'OA6MHXh6VqTrRk',
      'digest-uri': 'imap/elwood.innosoft.com',
      response: 'd388dad90d4bbd760a152321f2143af7',
      qop: 'auth',
    });
    expect(client.isComplete).toBe(false);
    expect(client.evaluateChallenge(Buffer.from('rspauth=ea40f60335c427b5527b84dbabcdfffd'))).toHaveLength(0);
    expect(client.isComplete).toBe(true);
  });

  it('rejects a wrong rspauth without naming the password', () => {
    const client = new DigestMd5Client({
      username: 'chris',
      password: 'secret',
      serviceName: 'imap',
      hostname: 'elwood.innosoft.com',
    });
    client.evaluateChallenge(Buffer.from(RFC_CHALLENGE));
    let error: unknown;
    try {
      client.evaluateChallenge(Buffer.from('rspauth=00000000000000000000000000000000'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DigestMd5Error);
    expect((error as Error).message).toMatch(/rspauth/);
    expect((error as Error).message).not.toContain('secret');
    expect(client.isComplete).toBe(false);
  });

  it('uses a fresh random cnonce per exchange', () => {
    const options = { username: 'u', password: 'p', serviceName: 'zookeeper', hostname: 'zk-sasl-md5' };
    const a = parseDirectives(new DigestMd5Client(options).evaluateChallenge(Buffer.from(RFC_CHALLENGE)).toString());
    const b = parseDirectives(new DigestMd5Client(options).evaluateChallenge(Buffer.from(RFC_CHALLENGE)).toString());
    expect(a.get('cnonce')?.[0]).not.toBe(b.get('cnonce')?.[0]);
    expect(a.get('digest-uri')).toEqual(['zookeeper/zk-sasl-md5']);
  });

  it('parses quoted strings with escapes, spaces, empty list elements and repeated realms', () => {
    const d = parseDirectives(' realm="a",realm="b" , ,nonce="x\\"y,z" ,qop="auth,auth-int", stale=true');
    expect(d.get('realm')).toEqual(['a', 'b']);
    expect(d.get('nonce')).toEqual(['x"y,z']);
    expect(d.get('qop')).toEqual(['auth,auth-int']);
    expect(d.get('stale')).toEqual(['true']);
  });

  it('refuses challenges it cannot answer', () => {
    const client = (): DigestMd5Client =>
      new DigestMd5Client({ username: 'u', password: 'p', serviceName: 's', hostname: 'h' });
    expect(() => client().evaluateChallenge(Buffer.from('realm="r",algorithm=md5-sess'))).toThrow(/no nonce/);
    expect(() => client().evaluateChallenge(Buffer.from('nonce="n",algorithm=md5'))).toThrow(/algorithm/);
    expect(() => client().evaluateChallenge(Buffer.from('nonce="n",qop="auth-conf",algorithm=md5-sess'))).toThrow(
      /qop=auth/,
    );
    expect(() => client().evaluateChallenge(Buffer.from('nonce="n'))).toThrow(DigestMd5Error);
    expect(() => client().evaluateChallenge(Buffer.from('nonce'))).toThrow(DigestMd5Error);
  });
});

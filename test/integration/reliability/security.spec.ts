import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import {
  AuthFailedError,
  ConnectionState,
  CREATOR_ALL_ACL,
  digestAcl,
  InvalidAclError,
  ipAcl,
  NoAuthError,
  OPEN_ACL_UNSAFE,
  Perms,
  READ_ACL_UNSAFE,
  authAcl,
  worldAcl,
  ZooKeeperClient,
  type ZooKeeperClientOptions,
  type ZooKeeperLogger,
} from '../../../lib/client';
import { FaultProxy } from '../../../lib/testing';
import { sharedConnectString, uniquePath } from '../../support/zk';

/*
 * ACLs and authentication against a real server, and the promise that secrets stay secret: no credential or session
 * password in any log line (all levels) or error message, through connect, addAuth, refusals, reconnects and an
 * authentication failure.
 */

const USER = 'alice';
const PASSWORD = 'Tr0ub4dor&3-never-log-me';
const CREDENTIALS = `${USER}:${PASSWORD}`;

/** Every form a secret could leak in: as text, hex (Buffer inspection) and base64. */
function forms(secret: string | Buffer): string[] {
  const bytes = Buffer.isBuffer(secret) ? secret : Buffer.from(secret);
  const spaced = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const all = [bytes.toString('hex'), spaced, bytes.toString('base64')];
  if (!Buffer.isBuffer(secret)) all.push(secret);
  return all;
}

function capturingLogger(): { logger: ZooKeeperLogger; text: () => string } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string, ...meta: unknown[]) =>
      lines.push(`${level} ${message} ${meta.map((m) => inspect(m, { depth: 6 })).join(' ')}`);
  return {
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
    text: () => lines.join('\n'),
  };
}

/** An error and its cause chain, as a logger or a crash report would print them. */
function errorText(error: unknown): string {
  return [String(error), inspect(error, { depth: 6 }), (error as Error)?.stack ?? ''].join('\n');
}

describe('ACLs and authentication (real server)', () => {
  const clients: ZooKeeperClient[] = [];
  let root: string;
  let admin: ZooKeeperClient;

  async function connected(options: Partial<ZooKeeperClientOptions> = {}): Promise<ZooKeeperClient> {
    const client = new ZooKeeperClient({ connectString: sharedConnectString(), ...options });
    clients.push(client);
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    admin = await connected();
  });
  beforeEach(async () => {
    root = uniquePath('acl');
    await admin.create(root);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(1).map((c) => c.close()));
  });
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it("digestAcl computes ZooKeeper's digest: user:base64(sha1('user:password'))", () => {
    const expected = createHash('sha1').update(CREDENTIALS).digest('base64');
    expect(digestAcl(USER, PASSWORD, Perms.READ)).toEqual({
      perms: Perms.READ,
      id: { scheme: 'digest', id: `${USER}:${expected}` },
    });
    expect(digestAcl(USER, PASSWORD).perms).toBe(Perms.ALL);
    // The id never carries the password itself.
    expect(JSON.stringify(digestAcl(USER, PASSWORD))).not.toContain(PASSWORD);
  });

  it('the well-known ACLs and helpers are what ZooDefs.Ids says', () => {
    expect(OPEN_ACL_UNSAFE).toEqual([{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]);
    expect(CREATOR_ALL_ACL).toEqual([{ perms: 31, id: { scheme: 'auth', id: '' } }]);
    expect(READ_ACL_UNSAFE).toEqual([{ perms: 1, id: { scheme: 'world', id: 'anyone' } }]);
    expect(worldAcl(Perms.READ | Perms.WRITE)).toEqual({ perms: 3, id: { scheme: 'world', id: 'anyone' } });
    expect(authAcl()).toEqual({ perms: 31, id: { scheme: 'auth', id: '' } });
    expect(ipAcl('10.0.0.0/8', Perms.READ)).toEqual({ perms: 1, id: { scheme: 'ip', id: '10.0.0.0/8' } });
    expect(Object.isFrozen(OPEN_ACL_UNSAFE)).toBe(true);
    expect(Perms).toEqual({ READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 });
  });

  it('a digest-protected node: another session without credentials gets NoAuthError, with them it succeeds', async () => {
    const path = `${root}/secret`;
    await admin.create(path, 'classified', { acl: [digestAcl(USER, PASSWORD, Perms.ALL)] });

    const anonymous = await connected();
    await expect(anonymous.getData(path)).rejects.toBeInstanceOf(NoAuthError);
    await expect(anonymous.setData(path, 'x')).rejects.toBeInstanceOf(NoAuthError);
    // Servers since ZOOKEEPER-1392 need READ or ADMIN to read an ACL too.
    await expect(anonymous.getAcl(path)).rejects.toBeInstanceOf(NoAuthError);

    const wrong = await connected();
    await wrong.addAuth('digest', `${USER}:not-the-password`);
    await expect(wrong.getData(path)).rejects.toBeInstanceOf(NoAuthError);

    const later = await connected();
    await later.addAuth('digest', CREDENTIALS);
    expect((await later.getData(path)).data.toString()).toBe('classified');
    await later.setData(path, 'updated');

    const upfront = await connected({ auth: [{ scheme: 'digest', credentials: CREDENTIALS }] });
    expect((await upfront.getData(path)).data.toString()).toBe('updated');
    expect(await upfront.whoAmI()).toEqual(
      expect.arrayContaining([
        { scheme: 'digest', id: USER },
        { scheme: 'ip', id: '127.0.0.1' },
      ]),
    );
  });

  it('CREATOR_ALL_ACL needs an authenticated creator and then admits exactly that identity', async () => {
    const anonymous = await connected();
    await expect(anonymous.create(`${root}/mine`, null, { acl: [...CREATOR_ALL_ACL] })).rejects.toBeInstanceOf(
      InvalidAclError,
    );

    const creator = await connected({ auth: [{ scheme: 'digest', credentials: CREDENTIALS }] });
    await creator.create(`${root}/mine`, 'x', { acl: [...CREATOR_ALL_ACL] });
    expect((await creator.getAcl(`${root}/mine`)).acl).toEqual([digestAcl(USER, PASSWORD, Perms.ALL)]);
    await expect(anonymous.getData(`${root}/mine`)).rejects.toBeInstanceOf(NoAuthError);
    const same = await connected({ auth: [{ scheme: 'digest', credentials: CREDENTIALS }] });
    await expect(same.getData(`${root}/mine`)).resolves.toMatchObject({ data: Buffer.from('x') });
  });

  it('READ_ACL_UNSAFE and partial world permissions refuse exactly what they do not grant', async () => {
    await admin.create(`${root}/ro`, 'r', { acl: [...READ_ACL_UNSAFE] });
    const anyone = await connected();
    expect((await anyone.getData(`${root}/ro`)).data.toString()).toBe('r');
    await expect(anyone.setData(`${root}/ro`, 'w')).rejects.toBeInstanceOf(NoAuthError);
    await expect(anyone.create(`${root}/ro/child`)).rejects.toBeInstanceOf(NoAuthError);
    await expect(anyone.setAcl(`${root}/ro`, [...OPEN_ACL_UNSAFE])).rejects.toBeInstanceOf(NoAuthError);

    await admin.create(`${root}/rw`, 'r', { acl: [worldAcl(Perms.READ | Perms.WRITE)] });
    await anyone.setData(`${root}/rw`, 'w');
    await expect(anyone.create(`${root}/rw/child`)).rejects.toBeInstanceOf(NoAuthError);
    await expect(anyone.setAcl(`${root}/rw`, [...OPEN_ACL_UNSAFE])).rejects.toBeInstanceOf(NoAuthError);
  });

  it('ipAcl admits a matching address or range and refuses others', async () => {
    await admin.create(`${root}/local`, 'l', { acl: [ipAcl('127.0.0.1', Perms.READ)] });
    await admin.create(`${root}/range`, 'r', { acl: [ipAcl('127.0.0.0/8', Perms.READ)] });
    await admin.create(`${root}/elsewhere`, 'e', { acl: [ipAcl('10.0.0.0/8', Perms.READ)] });
    const client = await connected();
    expect((await client.getData(`${root}/local`)).data.toString()).toBe('l');
    expect((await client.getData(`${root}/range`)).data.toString()).toBe('r');
    await expect(client.getData(`${root}/elsewhere`)).rejects.toBeInstanceOf(NoAuthError);
  });

  it('identities are presented again after a reconnect', async () => {
    const path = `${root}/after-reconnect`;
    await admin.create(path, 'x', { acl: [digestAcl(USER, PASSWORD, Perms.READ)] });
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const client = new ZooKeeperClient({ connectString: proxy.connectString, sessionTimeoutMs: 4000 });
      clients.push(client);
      await client.connect();
      await client.addAuth('digest', CREDENTIALS);
      const session = client.sessionId;
      const back = new Promise<void>((resolve) =>
        client.on('state', (state, previous) => {
          if (state === ConnectionState.CONNECTED && previous === ConnectionState.SUSPENDED) resolve();
        }),
      );
      proxy.cut();
      await back;
      expect(client.sessionId).toBe(session);
      expect((await client.getData(path)).data.toString()).toBe('x');
    } finally {
      await proxy.close();
    }
  });

  it('util.inspect (what loggers print) and JSON.stringify of a client show no credential or session password', async () => {
    const client = await connected({ auth: [{ scheme: 'digest', credentials: CREDENTIALS }] });
    await client.addAuth('digest', `bob:${PASSWORD}-bob`);
    const password = Buffer.from(client.sessionPassword);
    const texts = [
      inspect(client, { depth: Infinity }),
      inspect(client, { depth: Infinity, showHidden: true }),
      inspect({ holder: [client] }, { depth: Infinity }),
      JSON.stringify(client),
      JSON.stringify(Object.fromEntries(Object.entries(client))),
      `${Object.keys(client).join(' ')}`,
    ];
    // The summary still says what a log reader needs.
    expect(texts[0]).toContain('CONNECTED');
    expect(texts[0]).toContain(client.sessionId.toString(16));
    expect(JSON.parse(texts[3])).toMatchObject({ state: 'CONNECTED', server: client.server });
    const secrets = [...forms(PASSWORD), ...forms(CREDENTIALS), ...forms(`${PASSWORD}-bob`), ...forms(password)];
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('no credential or session password appears in logs (all levels) or error messages', async () => {
    const { logger, text } = capturingLogger();
    const errors: unknown[] = [];
    const path = `${root}/guarded`;
    await admin.create(path, 'x', { acl: [digestAcl(USER, PASSWORD, Perms.READ)] });
    const proxy = await FaultProxy.start(sharedConnectString());
    let sessionPassword = Buffer.alloc(0);
    try {
      // Credentials given up front, added later, presented again on a reconnect, refused by a node, and refused by
      // the server (an unknown scheme ends the session with AuthFailedError).
      const client = new ZooKeeperClient({
        connectString: proxy.connectString,
        sessionTimeoutMs: 4000,
        logger,
        auth: [{ scheme: 'digest', credentials: CREDENTIALS }],
      });
      clients.push(client);
      await client.connect();
      sessionPassword = Buffer.from(client.sessionPassword);
      await client.addAuth('digest', `bob:${PASSWORD}-bob`);
      const back = new Promise<void>((resolve) =>
        client.on('state', (state, previous) => {
          if (state === ConnectionState.CONNECTED && previous === ConnectionState.SUSPENDED) resolve();
        }),
      );
      proxy.cut();
      await back;
      errors.push(await client.setData(path, 'y').catch((e: unknown) => e));
      errors.push(await client.addAuth('no-such-scheme', CREDENTIALS).catch((e: unknown) => e));
      errors.push(await client.getData(path).catch((e: unknown) => e));
      expect(errors[0]).toBeInstanceOf(NoAuthError);
      expect(errors[1]).toBeInstanceOf(AuthFailedError);
      expect(client.state).toBe(ConnectionState.LOST);

      // The client's own constructor refusing a bad auth entry.
      try {
        new ZooKeeperClient({ connectString: proxy.connectString, auth: [{ scheme: '', credentials: CREDENTIALS }] });
      } catch (error) {
        errors.push(error);
      }
    } finally {
      await proxy.close();
    }

    const logs = text();
    expect(logs.length).toBeGreaterThan(0);
    const secrets = [...forms(PASSWORD), ...forms(CREDENTIALS), ...forms(`${PASSWORD}-bob`), ...forms(sessionPassword)];
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      for (const error of errors) expect(errorText(error)).not.toContain(secret);
    }
  });
});

import {
  AuthFailedError,
  ConnectionState,
  NoAuthError,
  Perms,
  SessionClosedRequireSaslAuthError,
  ZooKeeperClient,
  type ZooKeeperClientOptions,
} from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';

jest.setTimeout(60000);

const ALICE_ACL = [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }];

function clientsOf(connectString: () => string): {
  make(options?: Partial<ZooKeeperClientOptions>): ZooKeeperClient;
  closeAll(): Promise<void>;
} {
  const all: ZooKeeperClient[] = [];
  return {
    make(options = {}) {
      const client = new ZooKeeperClient({ connectString: connectString(), connectTimeoutMs: 10000, ...options });
      all.push(client);
      return client;
    },
    closeAll: () => Promise.all(all.splice(0).map((c) => c.close())).then(() => undefined),
  };
}

describe('SASL DIGEST-MD5 (real server with a JAAS Server section)', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = clientsOf(() => cluster.connectString);

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({
      size: 1,
      backend: 'local',
      local: { sasl: { users: { alice: 'secret-a1', bob: 'secret-b2' } } },
    });
  });
  afterAll(async () => {
    await clients.closeAll();
    await cluster?.stop();
  });

  it('authenticates as sasl:alice and may write a node only alice may write', async () => {
    const alice = clients.make({ sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: 'secret-a1' } });
    await alice.connect();
    expect(alice.state).toBe(ConnectionState.CONNECTED);
    expect(await alice.whoAmI()).toContainEqual({ scheme: 'sasl', id: 'alice' });
    await alice.create('/sasl-alice', 'v1', { acl: ALICE_ACL });
    await alice.setData('/sasl-alice', 'v2');
    expect((await alice.getData('/sasl-alice')).data.toString()).toBe('v2');

    const bob = clients.make({ sasl: { mechanism: 'DIGEST-MD5', username: 'bob', password: 'secret-b2' } });
    await bob.connect();
    expect(await bob.whoAmI()).toContainEqual({ scheme: 'sasl', id: 'bob' });
    await expect(bob.setData('/sasl-alice', 'bob')).rejects.toBeInstanceOf(NoAuthError);
    const anonymous = clients.make();
    await anonymous.connect();
    await expect(anonymous.getData('/sasl-alice')).rejects.toBeInstanceOf(NoAuthError);
  });

  it('authenticates again on every new connection (after a server restart)', async () => {
    const alice = clients.make({
      sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: 'secret-a1' },
      sessionTimeoutMs: 20000,
    });
    await alice.connect();
    await alice.create('/sasl-restart', 'x', { acl: ALICE_ACL });
    const seen: string[] = [];
    alice.on('state', (state) => seen.push(state));
    await cluster.servers[0].restart();
    await alice.setData('/sasl-restart', 'after restart');
    expect(seen).toContain(ConnectionState.CONNECTED);
    expect(await alice.whoAmI()).toContainEqual({ scheme: 'sasl', id: 'alice' });
  });

  it('refuses a wrong password with AuthFailedError, state LOST, without a hang', async () => {
    const mallory = clients.make({
      sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: 'not-the-password' },
    });
    const states: ConnectionState[] = [];
    mallory.on('state', (state) => states.push(state));
    const started = Date.now();
    const error = await mallory.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthFailedError);
    expect((error as AuthFailedError).codeName).toBe('AUTHFAILED');
    expect((error as Error).message).toMatch(/SASL DIGEST-MD5 authentication with 127\.0\.0\.1:\d+ failed/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(mallory.state).toBe(ConnectionState.LOST);
    expect(states).not.toContain(ConnectionState.CONNECTED);
    // Later requests fail with the same reason instead of waiting.
    await expect(mallory.exists('/')).rejects.toBeInstanceOf(AuthFailedError);
  });

  it('refuses an unknown user with AuthFailedError', async () => {
    const nobody = clients.make({ sasl: { mechanism: 'DIGEST-MD5', username: 'carol', password: 'whatever' } });
    await expect(nobody.connect()).rejects.toBeInstanceOf(AuthFailedError);
  });

  it('checks the sasl option before connecting', () => {
    expect(() => clients.make({ sasl: { mechanism: 'PLAIN' as 'DIGEST-MD5', username: 'a', password: 'b' } })).toThrow(
      /sasl\.mechanism/,
    );
    expect(() => clients.make({ sasl: { mechanism: 'DIGEST-MD5', username: '', password: 'b' } })).toThrow(
      /sasl\.username/,
    );
  });
});

describe('SASL required by the server (enforce.auth.enabled, sessionRequireClientSASLAuth)', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = clientsOf(() => cluster.connectString);

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({
      size: 1,
      backend: 'local',
      local: { sasl: { users: { alice: 'secret-a1' }, required: true } },
    });
  });
  afterAll(async () => {
    await clients.closeAll();
    await cluster?.stop();
  });

  it('serves a client that authenticates', async () => {
    const alice = clients.make({ sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: 'secret-a1' } });
    await alice.connect();
    await alice.create('/required-ok', 'x');
    expect(await alice.whoAmI()).toContainEqual({ scheme: 'sasl', id: 'alice' });
  });

  it('refuses the first request of a client without SASL with SessionClosedRequireSaslAuthError', async () => {
    const anonymous = clients.make();
    await anonymous.connect();
    const started = Date.now();
    await expect(anonymous.exists('/')).rejects.toBeInstanceOf(SessionClosedRequireSaslAuthError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a wrong password with AuthFailedError', async () => {
    const mallory = clients.make({ sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: 'wrong' } });
    await expect(mallory.connect()).rejects.toBeInstanceOf(AuthFailedError);
    expect(mallory.state).toBe(ConnectionState.LOST);
  });
});

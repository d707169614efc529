import { ConnectionState, OperationTimeoutError, ZooKeeperClient } from '../../../lib/client';
import { servesWrites } from '../../../lib/client/read-write-probe';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { waitForState } from '../client/support';

jest.setTimeout(60000);

describe('TLS (real server with a secureClientPort and a test CA)', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients: ZooKeeperClient[] = [];
  const client = (options: Partial<ConstructorParameters<typeof ZooKeeperClient>[0]>): ZooKeeperClient => {
    const created = new ZooKeeperClient({ connectString: cluster.servers[0].tls!.connectString, ...options });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 1, backend: 'local', local: { tls: true } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.stop();
  });

  it('gives each server a TLS endpoint and the CA that signed its certificate', () => {
    const tls = cluster.servers[0].tls;
    expect(tls).toBeDefined();
    expect(tls!.connectString).toBe(`127.0.0.1:${tls!.port}`);
    expect(tls!.port).not.toBe(cluster.servers[0].clientPort);
    expect(tls!.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('connects over TLS with the CA and does CRUD', async () => {
    const zk = client({ tls: { ca: cluster.servers[0].tls!.caPem } });
    await zk.connect();
    expect(zk.state).toBe(ConnectionState.CONNECTED);
    expect(await zk.create('/tls-node', 'over tls')).toBe('/tls-node');
    expect((await zk.getData('/tls-node')).data.toString()).toBe('over tls');
    await zk.setData('/tls-node', 'changed');
    expect(await zk.getChildren('/')).toContain('tls-node');
    await zk.delete('/tls-node');
    expect(await zk.exists('/tls-node')).toBeNull();
    // The same data is visible on the plain port: one server, two listeners.
    const plain = client({ connectString: cluster.servers[0].connectString });
    await plain.connect();
    await zk.create('/tls-shared', 'x');
    expect((await plain.getData('/tls-shared')).data.toString()).toBe('x');
  });

  it('rejects a client that does not trust the CA with the certificate error, not a hang', async () => {
    const zk = client({ tls: {}, connectTimeoutMs: 3000 });
    const started = Date.now();
    const error = await zk.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect((error as Error).message).toMatch(/TLS connection to 127\.0\.0\.1:\d+: .*(certificate|CERT)/);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(zk.state).toBe(ConnectionState.LOST);
  });

  it('a TLS client on the plain port fails as a connection problem, not a hang', async () => {
    const zk = client({
      connectString: cluster.servers[0].connectString,
      tls: { ca: cluster.servers[0].tls!.caPem },
      connectTimeoutMs: 3000,
    });
    const error = await zk.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect((error as Error).message).toMatch(/last attempt: .*TLS connection to/);
    expect(zk.state).toBe(ConnectionState.LOST);
  });

  it('sends four-letter words over TLS when given the tls option, connected or not', async () => {
    const zk = client({ tls: { ca: cluster.servers[0].tls!.caPem } });
    // Not connected: the first server of the connect string, a TLS port.
    expect(await zk.fourLetterWord('ruok')).toBe('imok');
    await zk.connect();
    expect(await zk.fourLetterWord('srvr')).toMatch(/^Zookeeper version: .*\nMode: standalone$/ms);
    expect(await zk.fourLetterWord('isro', { server: cluster.servers[0].tls!.connectString })).toBe('rw');
    // The client keeps the TLS options for this, out of sight as the session's secrets (they may hold a private key).
    expect(Object.keys(zk)).not.toContain('tls');
    // The TLS options apply: a client that does not trust the CA gets the certificate error, not an answer.
    await expect(client({ tls: {} }).fourLetterWord('ruok')).rejects.toThrow(/certificate/);
  });

  it("the read-only mode's probe asks a TLS port over TLS and gets its answer", async () => {
    const address = { host: '127.0.0.1', port: cluster.servers[0].tls!.port };
    expect(await servesWrites(address, 5000, { ca: cluster.servers[0].tls!.caPem })).toBe(true);
    // Plain TCP gets no answer from a TLS port: what the probe did before it followed the tls option.
    expect(await servesWrites(address, 5000, undefined)).toBe(false);
  });

  it('reconnects over TLS after the server restarts, keeping its session', async () => {
    const zk = client({ tls: { ca: cluster.servers[0].tls!.caPem }, sessionTimeoutMs: 20000 });
    await zk.connect();
    const session = zk.sessionId;
    await zk.create('/tls-restart', 'a');
    await cluster.servers[0].stop();
    await waitForState(zk, ConnectionState.SUSPENDED);
    await cluster.servers[0].start();
    await waitForState(zk, ConnectionState.CONNECTED);
    expect(zk.sessionId).toBe(session);
    expect((await zk.getData('/tls-restart')).data.toString()).toBe('a');
  });
});

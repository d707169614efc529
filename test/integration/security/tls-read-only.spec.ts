import { ConnectionState, NotReadOnlyError, ZooKeeperClient } from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle, type ZookeeperTestServer } from '../../../lib/testing';
import { waitForState } from '../client/support';

jest.setTimeout(300_000);

describe('read-only mode over TLS (real servers, TLS ports only in the connect string)', () => {
  // A 3-server ensemble with two servers killed leaves a read-only survivor. The read-write server the client must find
  // is a standalone one: the survivor never regains its quorum, so only the client's `isro` probe can move it there.
  let ensemble: ZookeeperTestClusterHandle;
  let standalone: ZookeeperTestClusterHandle;
  let readOnly: ZookeeperTestServer;
  let readWrite: ZookeeperTestServer;
  const clients: ZooKeeperClient[] = [];

  beforeAll(async () => {
    [ensemble, standalone] = await Promise.all([
      ZookeeperTestCluster.start({
        size: 3,
        backend: 'local',
        local: {
          tls: true,
          jvmArgs: ['-Dreadonlymode.enabled=true'],
          extraConfig: { localSessionsEnabled: true, localSessionsUpgradingEnabled: true },
        },
      }),
      ZookeeperTestCluster.start({ size: 1, backend: 'local', local: { tls: true } }),
    ]);
    [readOnly] = ensemble.servers;
    [readWrite] = standalone.servers;
    await Promise.all(ensemble.servers.slice(1).map((server) => server.kill()));
    for (const until = Date.now() + 20000; (await readOnly.mode()) !== 'read-only';) {
      if (Date.now() > until) throw new Error('the survivor never became read-only');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([ensemble?.stop(), standalone?.stop()]);
  });

  it('a readOnly client on a read-only server finds the read-write one over TLS and moves there', async () => {
    // Down while the client connects, so the read-only server is the only one it can get.
    await readWrite.stop();
    const client = new ZooKeeperClient({
      connectString: `${readOnly.tls!.connectString},${readWrite.tls!.connectString}`,
      readOnly: true,
      // Each cluster has its own test CA.
      tls: { ca: [readOnly.tls!.caPem, readWrite.tls!.caPem] },
      sessionTimeoutMs: 6000,
    });
    clients.push(client);
    await client.connect();
    expect(client.state).toBe(ConnectionState.CONNECTED_READ_ONLY);
    expect(client.server).toBe(readOnly.tls!.connectString);
    await expect(client.create('/tls-ro')).rejects.toBeInstanceOf(NotReadOnlyError);
    // The question the probe asks, over TLS: the server the client is on says it is read-only.
    expect(await client.fourLetterWord('isro')).toBe('ro');

    await readWrite.start();
    // A hang guard only: the probe asks after 0.1 s, then at doubling intervals up to a minute (as Java's), so its
    // rounds fall at about 51, 102, 162 and 222 s after the connection. Each question has 1 s for its TLS handshake
    // and answer, as in Java; under the full suite's load a round can miss a server that is up (CI saw it once past
    // 102 s), so the guard lets two rounds go by after that one.
    await waitForState(client, ConnectionState.CONNECTED, 230_000);
    expect(client.server).toBe(readWrite.tls!.connectString);
    expect(await client.create('/tls-rw', 'ok')).toBe('/tls-rw');
    expect(await client.fourLetterWord('isro')).toBe('rw');
  });
});

import { ConnectionState, CreateMode } from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { Clients, recordTransitions, waitForState } from './support';

jest.setTimeout(180000);

describe('a 3-server ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = new Clients(() => ({ connectString: cluster.connectString }));

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3 });
  });
  afterAll(async () => {
    await clients.closeAll();
    await cluster.stop();
  });

  it('moves to another server when the one it is on is killed, keeping the session and its ephemerals', async () => {
    const client = await clients.connect({ sessionTimeoutMs: 10000 });
    const sessionId = client.sessionId;
    await client.create('/eph', 'x', { mode: CreateMode.EPHEMERAL });
    const first = client.server;
    const victim = cluster.servers.find((server) => server.connectString === first);
    expect(victim).toBeDefined();
    const transitions = recordTransitions(client);
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    await victim?.kill();
    await suspended;
    await waitForState(client, ConnectionState.CONNECTED);
    expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->CONNECTED']);
    expect(client.server).not.toBe(first);
    expect(client.sessionId).toBe(sessionId);
    expect((await client.exists('/eph'))?.ephemeralOwner).toBe(sessionId);

    // Another client, on any surviving server, sees the same ephemeral.
    const other = await clients.connect({
      connectString: cluster.servers
        .filter((server) => server !== victim)
        .map((server) => server.connectString)
        .join(','),
    });
    await other.sync('/eph');
    expect((await other.exists('/eph'))?.ephemeralOwner).toBe(sessionId);
  });
});

import { ConnectionState, CreateMode, NotReadOnlyError } from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { Clients, recordTransitions, waitForState } from './support';

jest.setTimeout(180000);

describe('a 3-server ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = new Clients(() => ({ connectString: cluster.connectString }));

  beforeAll(async () => {
    // Read-only mode lets a server that lost its quorum keep serving reads to clients that accept it; such a server
    // can only grant local sessions.
    cluster = await ZookeeperTestCluster.start({
      size: 3,
      local: {
        jvmArgs: ['-Dreadonlymode.enabled=true'],
        extraConfig: { localSessionsEnabled: true, localSessionsUpgradingEnabled: true },
      },
    });
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

  it('uses a read-only server when allowed, and moves to a read-write one when the quorum is back', async () => {
    const writer = await clients.connect();
    await writer.create('/ro', 'readable');
    await writer.close();
    const survivor = cluster.servers.filter((server) => server.running)[0];
    const others = cluster.servers.filter((server) => server !== survivor);
    await Promise.all(others.filter((server) => server.running).map((server) => server.kill()));
    // The client dials at once: let the survivor notice the lost quorum first, or it may still accept a read-write
    // session for a moment.
    for (const until = Date.now() + 20000; (await survivor.mode()) !== 'read-only';) {
      if (Date.now() > until) throw new Error('the survivor never became read-only');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const client = clients.create({ connectString: cluster.connectString, readOnly: true, sessionTimeoutMs: 6000 });
    await client.connect();
    expect(client.state).toBe(ConnectionState.CONNECTED_READ_ONLY);
    expect(client.server).toBe(survivor.connectString);
    expect((await client.getData('/ro')).data.toString()).toBe('readable');
    await expect(client.create('/nope')).rejects.toBeInstanceOf(NotReadOnlyError);

    const readWrite = waitForState(client, ConnectionState.CONNECTED);
    await Promise.all(others.map((server) => server.start()));
    await readWrite;
    expect(await client.create('/rw', 'ok')).toBe('/rw');
  });
});

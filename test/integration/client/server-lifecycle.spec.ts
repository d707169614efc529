import { ConnectionState, CreateMode, EventType, type WatchedEvent, type ZooKeeperClient } from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { Clients, Inbox, recordTransitions, waitForState } from './support';

jest.setTimeout(120000);

describe('a standalone server of its own: restart, containers and TTLs', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = new Clients(() => ({ connectString: cluster.connectString }));

  beforeAll(async () => {
    // The container manager runs every 60 s by default; check often so containers and TTL nodes go quickly.
    cluster = await ZookeeperTestCluster.start({
      size: 1,
      local: { jvmArgs: ['-Dznode.container.checkIntervalMs=100'] },
    });
  });
  afterAll(async () => {
    await clients.closeAll();
    await cluster.stop();
  });

  it('rides out a server restart: SUSPENDED then CONNECTED, same session, ephemerals intact', async () => {
    const client = await clients.connect({ sessionTimeoutMs: 20000 });
    const sessionId = client.sessionId;
    await client.create('/eph', 'mine', { mode: CreateMode.EPHEMERAL });
    const transitions = recordTransitions(client);
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    await cluster.servers[0].restart();
    await suspended;
    await waitForState(client, ConnectionState.CONNECTED);
    expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->CONNECTED']);
    expect(client.sessionId).toBe(sessionId);
    const stat = await client.exists('/eph');
    expect(stat?.ephemeralOwner).toBe(sessionId);
    await client.delete('/eph');
  });

  it('lets the server delete a container once its last child is gone', async () => {
    const client: ZooKeeperClient = await clients.connect();
    await client.create('/container', null, { mode: CreateMode.CONTAINER });
    await client.create('/container/child');
    const gone = new Inbox<WatchedEvent>();
    await client.exists('/container', { watch: gone.push });
    await client.delete('/container/child');
    expect(await gone.next()).toMatchObject({ type: EventType.NODE_DELETED, path: '/container' });
  });

  it('lets the server delete TTL nodes (plain and sequential) after their TTL', async () => {
    const client = await clients.connect();
    await client.create('/ttl', null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 200 });
    const seq = await client.create('/ttl-', null, { mode: CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, ttlMs: 200 });
    const plainGone = new Inbox<WatchedEvent>();
    const seqGone = new Inbox<WatchedEvent>();
    await client.exists('/ttl', { watch: plainGone.push });
    await client.exists(seq, { watch: seqGone.push });
    expect((await plainGone.next()).type).toBe(EventType.NODE_DELETED);
    expect((await seqGone.next()).type).toBe(EventType.NODE_DELETED);
  });
});

import { ConnectionState, CreateMode, ZooKeeperClient } from '../../../lib/client';
import { Lock } from '../../../lib/recipes';
import { FaultProxy, ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { nextState } from '../../support/next-state';
import { waitFor } from '../../support/wait-for';

/*
 * Faults on a real 3-node ensemble, one FaultProxy per server so each server's link can be broken on its own. The
 * client's connect string lists the proxies.
 */

jest.setTimeout(90000);

describe('faults on a 3-node ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  let proxies: FaultProxy[];
  let observer: ZooKeeperClient;
  const clients: ZooKeeperClient[] = [];

  const proxyOf = (client: ZooKeeperClient): FaultProxy => {
    const proxy = proxies.find((p) => p.connectString === client.server);
    if (proxy === undefined) throw new Error(`client is on ${client.server}, not on a proxy`);
    return proxy;
  };

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3 });
    proxies = await Promise.all(cluster.servers.map((s) => FaultProxy.start(s.connectString)));
    observer = new ZooKeeperClient({ connectString: cluster.connectString });
    await observer.connect();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    for (const proxy of proxies) {
      proxy.resume();
      proxy.allow();
    }
    await Promise.all(cluster.servers.filter((s) => !s.running).map((s) => s.start()));
  });
  afterAll(async () => {
    await observer?.close();
    await Promise.all((proxies ?? []).map((p) => p.close()));
    await cluster?.stop();
  });

  function newClient(sessionTimeoutMs = 4000): ZooKeeperClient {
    const client = new ZooKeeperClient({
      connectString: proxies.map((p) => p.connectString).join(','),
      sessionTimeoutMs,
      retry: { maxTries: 5, delayMs: 100 },
    });
    clients.push(client);
    return client;
  }

  it('a stalled connection (server alive, no bytes) is detected by the read timeout; the client moves to another server and keeps its session', async () => {
    const client = newClient();
    await client.connect();
    const session = client.sessionId;
    const path = `/stall-${Date.now()}`;
    await client.create(path, 'mine', { mode: CreateMode.EPHEMERAL });
    const stalled = proxyOf(client);
    const transitions: string[] = [];
    client.on('state', (state, previous) => transitions.push(`${previous}->${state}`));

    const back = nextState(client, ConnectionState.SUSPENDED).then(() => nextState(client, ConnectionState.CONNECTED));
    stalled.stall();
    await back;

    expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->CONNECTED']);
    expect(client.server).not.toBe(stalled.connectString);
    expect(client.sessionId).toBe(session);
    expect((await observer.exists(path))?.ephemeralOwner).toBe(session);
    expect((await client.getData(path)).data.toString()).toBe('mine');
  });

  it('a request sent into a stalled connection fails with ConnectionLossError (mayBeApplied) and a retry lands elsewhere', async () => {
    const client = newClient();
    await client.connect();
    const stalled = proxyOf(client);
    stalled.stall();
    const path = `/stalled-write-${Date.now()}`;
    const error = await client.create(path, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ codeName: 'CONNECTIONLOSS', mayBeApplied: true });
    // The write never reached the server (the proxy dropped it): a retry creates it once.
    await client.retry(() => client.create(path, 'x'));
    expect(client.server).not.toBe(stalled.connectString);
    // The observer may sit on a follower that has not applied the write yet: sync first (reads are not linearizable).
    await observer.sync(path);
    expect((await observer.getData(path)).data.toString()).toBe('x');
  });

  it('the server a client is connected to is killed: it reconnects elsewhere with its session, its lock still held', async () => {
    const client = newClient();
    await client.connect();
    const session = client.sessionId;
    const lock = new Lock(client, `/kill-lock-${Date.now()}`);
    expect(await lock.acquire({ timeoutMs: 10000 })).toBe(true);
    const token = lock.fencingToken;
    const server = cluster.servers[proxies.indexOf(proxyOf(client))];

    const back = nextState(client, ConnectionState.SUSPENDED).then(() => nextState(client, ConnectionState.CONNECTED));
    await server.kill();
    await back;
    expect(client.sessionId).toBe(session);
    expect(lock.isAcquired).toBe(true);
    expect(lock.lost.aborted).toBe(false);
    expect(lock.fencingToken).toBe(token);
    await lock.release();
    expect(await observer.getChildren(lock.path)).toEqual([]);
  });

  it('every server unreachable for longer than the session: the client reports LOST, and connect() starts a new session', async () => {
    const client = newClient(2000);
    await client.connect();
    const session = client.sessionId;
    const path = `/lost-${Date.now()}`;
    await client.create(path, null, { mode: CreateMode.EPHEMERAL });
    const lost = nextState(client, ConnectionState.LOST);
    for (const proxy of proxies) {
      proxy.refuse();
      proxy.cut();
    }
    // The server expires the session once the timeout passes; the client learns it when a server answers again.
    await waitFor('the server to expire the session', async () => (await observer.exists(path)) === null);
    for (const proxy of proxies) proxy.allow();
    await lost;
    await client.connect();
    expect(client.state).toBe(ConnectionState.CONNECTED);
    expect(client.sessionId).not.toBe(session);
  });
});

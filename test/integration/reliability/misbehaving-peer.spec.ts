import { ConnectionLossError, ConnectionState, CreateMode, ProtocolError, ZooKeeperClient } from '../../../lib/client';
import { FaultProxy } from '../../../lib/testing';
import { FakeZooKeeperServer, misbehaviour } from '../../support/fake-server';
import { nextState } from '../../support/next-state';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';

/*
 * A misbehaving peer between the client and a real server: the client's session lives on the real server, a fake
 * (test/support/fake-server.ts, never a claim about real ZooKeeper) answers for a while with garbage. The client must
 * report the protocol error, drop that peer, and get back to the real server with the same session and its ephemerals.
 */

describe('a misbehaving peer in front of a real server', () => {
  let fake: FakeZooKeeperServer;
  let proxy: FaultProxy;
  let observer: ZooKeeperClient;
  const clients: ZooKeeperClient[] = [];

  beforeEach(async () => {
    fake = await FakeZooKeeperServer.start();
    proxy = await FaultProxy.start(sharedConnectString());
    observer = new ZooKeeperClient({ connectString: sharedConnectString() });
    await observer.connect();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await observer.close();
    await proxy.close();
    await fake.close();
  });

  it('garbage from a peer that took over the connection: protocol error, back to the real server, same session', async () => {
    const warnings: string[] = [];
    const note = (message: string): number => warnings.push(message);
    const client = new ZooKeeperClient({
      connectString: proxy.connectString,
      sessionTimeoutMs: 8000,
      logger: { debug: note, info: note, warn: note, error: note },
    });
    clients.push(client);
    await client.connect();
    const session = client.sessionId;
    const path = uniquePath('peer');
    await client.create(path, 'mine', { mode: CreateMode.EPHEMERAL });

    // The next connection lands on the fake; once it has a request, the proxy points at the real server again.
    fake.grantedTimeoutMs = client.negotiatedTimeoutMs;
    fake.behaviour = () => {
      proxy.retarget(sharedConnectString());
      return misbehaviour.garbage();
    };
    proxy.retarget(fake.connectString);
    const onFake = nextState(client, ConnectionState.SUSPENDED).then(() =>
      nextState(client, ConnectionState.CONNECTED),
    );
    proxy.cut();
    await onFake;
    expect(fake.handshakes).toHaveLength(1);
    expect(fake.handshakes[0].sessionId).toBe(session);
    expect(fake.handshakes[0].lastZxidSeen).toBeGreaterThan(0n);
    expect(fake.handshakes[0].passwd).toEqual(client.sessionPassword);
    expect(fake.handshakes[0].passwd).toHaveLength(16);

    const back = nextState(client, ConnectionState.SUSPENDED).then(() => nextState(client, ConnectionState.CONNECTED));
    const error = await client.exists(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLossError);
    expect((error as Error).cause).toBeInstanceOf(ProtocolError);
    await back;

    expect(client.sessionId).toBe(session);
    expect((await client.exists(path))?.ephemeralOwner).toBe(session);
    expect((await observer.exists(path))?.ephemeralOwner).toBe(session);
    expect(warnings.some((line) => line.includes('MARSHALLINGERROR'))).toBe(true);
  });

  it('a connect string with a garbage-answering server and a real one: the client ends up on the real one', async () => {
    fake.handshake = () => misbehaviour.garbage();
    proxy.refuse();
    const client = new ZooKeeperClient({
      connectString: `${fake.connectString},${proxy.connectString}`,
      sessionTimeoutMs: 4000,
      connectTimeoutMs: 30000,
    });
    clients.push(client);
    const connecting = client.connect();
    // Only once the fake has been tried (and refused as garbage) does the real server accept connections.
    await waitFor('the client to try the fake server', () => fake.handshakes.length >= 1);
    proxy.allow();
    await connecting;
    expect(client.server).toBe(proxy.connectString);
    expect(client.state).toBe(ConnectionState.CONNECTED);
    const path = uniquePath('peer-ok');
    await client.create(path, 'x', { mode: CreateMode.EPHEMERAL });
    expect((await observer.exists(path))?.ephemeralOwner).toBe(client.sessionId);
  });
});

import { ConnectionState, CreateMode, ZooKeeperClient } from '../../../lib/client';
import { expireSession, FaultProxy } from '../../../lib/testing';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { nextState } from '../../support/next-state';
import { waitFor } from '../../support/wait-for';

describe('fault tools', () => {
  const clients: ZooKeeperClient[] = [];
  const track = (client: ZooKeeperClient) => (clients.push(client), client);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('expireSession ends the session: the client sees LOST and its ephemeral node is gone', async () => {
    const client = track(new ZooKeeperClient({ connectString: sharedConnectString(), sessionTimeoutMs: 4000 }));
    const observer = track(new ZooKeeperClient({ connectString: sharedConnectString() }));
    await Promise.all([client.connect(), observer.connect()]);
    const path = uniquePath('expire');
    await client.create(path, 'mine', { mode: CreateMode.EPHEMERAL });
    expect(await observer.exists(path)).not.toBeNull();

    await expireSession(client);
    expect(client.state).toBe(ConnectionState.LOST);
    expect(await observer.exists(path)).toBeNull();
  });

  it('FaultProxy.cut drops the connection; the client reconnects through it and keeps its session', async () => {
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const client = track(new ZooKeeperClient({ connectString: proxy.connectString, sessionTimeoutMs: 8000 }));
      await client.connect();
      const session = client.sessionId;
      const suspended = nextState(client, ConnectionState.SUSPENDED);
      const reconnected = suspended.then(() => nextState(client, ConnectionState.CONNECTED));
      proxy.cut();
      await suspended;
      await reconnected;
      expect(client.sessionId).toBe(session);
      expect(proxy.connections).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('FaultProxy.stall silences the connection until the client gives up on it', async () => {
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const client = track(new ZooKeeperClient({ connectString: proxy.connectString, sessionTimeoutMs: 3000 }));
      await client.connect();
      const suspended = nextState(client, ConnectionState.SUSPENDED);
      proxy.stall();
      await suspended;
      proxy.resume();
      await waitFor('the client to reconnect after the stall', () => client.state === ConnectionState.CONNECTED);
      expect(await client.exists('/')).not.toBeNull();
    } finally {
      await proxy.close();
    }
  });
});

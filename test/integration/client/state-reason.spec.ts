import { ConnectionState, ZooKeeperClient, type StateChangeReason } from '../../../lib/client';
import { expireSession } from '../../../lib/testing';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients } from './support';

jest.setTimeout(60000);

/** Records every 'state' event as `PREVIOUS->NEXT:reason`, with the `closed` getter as the listener saw it. */
function recordReasons(client: ZooKeeperClient): string[] {
  const seen: string[] = [];
  client.on('state', (state, previous, reason: StateChangeReason) =>
    seen.push(`${previous}->${state}:${reason}${client.closed ? ' (closed)' : ''}`),
  );
  return seen;
}

/** Calls `connect()` from the 'state' listener on the first LOST, and hands back that connect's promise. */
function reconnectOnLost(client: ZooKeeperClient): Promise<Promise<void>> {
  return new Promise((resolve) => {
    const onState = (state: ConnectionState): void => {
      if (state !== ConnectionState.LOST) return;
      client.off('state', onState);
      resolve(client.connect());
    };
    client.on('state', onState);
  });
}

describe("the 'state' event's reason and the closed getter (real server)", () => {
  // A connect timeout longer than the jest timeout: a connect() that waited for it instead of connecting would fail
  // the test by hanging, never by a timed assertion.
  const clients = new Clients(() => ({
    connectString: sharedConnectString(),
    sessionTimeoutMs: 4000,
    connectTimeoutMs: 120000,
  }));
  afterAll(() => clients.closeAll());

  it('close() reports LOST with reason closed, and closed is true until the next connect()', async () => {
    const client = clients.create();
    const seen = recordReasons(client);
    expect(client.closed).toBe(false);
    await client.connect();
    await client.close();
    expect(client.closed).toBe(true);
    await client.connect();
    expect(client.closed).toBe(false);
    expect(seen).toEqual(['LOST->CONNECTED:connected', 'CONNECTED->LOST:closed (closed)', 'LOST->CONNECTED:connected']);
  });

  it('an expiry reports SUSPENDED (disconnected) then LOST with reason expired, and closed stays false', async () => {
    const client = await clients.connect();
    const seen = recordReasons(client);
    await expireSession(client);
    expect(client.closed).toBe(false);
    expect(seen).toEqual(['CONNECTED->SUSPENDED:disconnected', 'SUSPENDED->LOST:expired']);
  });

  it('connect() called from a LOST listener after expiry starts a new session at once', async () => {
    const client = await clients.connect();
    const path = uniquePath('reconnect-after-expiry');
    const expired = client.sessionId;
    const reconnecting = reconnectOnLost(client);
    const seen = recordReasons(client);
    await expireSession(client);
    await await reconnecting;
    expect(client.state).toBe(ConnectionState.CONNECTED);
    expect(client.sessionId).not.toBe(0n);
    expect(client.sessionId).not.toBe(expired);
    expect(seen).toEqual(['CONNECTED->SUSPENDED:disconnected', 'SUSPENDED->LOST:expired', 'LOST->CONNECTED:connected']);
    // The new session works.
    await client.create(path, 'x');
    expect((await client.getData(path)).data.toString()).toBe('x');
    await client.delete(path);
  });

  it('connect() called from a LOST listener after close() starts a new session once the close is done', async () => {
    const client = await clients.connect();
    const closedSession = client.sessionId;
    const seen = recordReasons(client);
    const reconnecting = reconnectOnLost(client);
    await client.close();
    await await reconnecting;
    expect(client.state).toBe(ConnectionState.CONNECTED);
    expect(client.sessionId).not.toBe(closedSession);
    expect(client.closed).toBe(false);
    expect(seen).toEqual(['CONNECTED->LOST:closed (closed)', 'LOST->CONNECTED:connected']);
    expect(await client.exists('/')).not.toBeNull();
    // The first close() is over before the new session starts: it neither zeroes its id nor stands in for the next
    // close(), which must end the new session.
    expect(client.sessionId).not.toBe(0n);
    await client.close();
    expect(client.state).toBe(ConnectionState.LOST);
    expect(seen).toEqual([
      'CONNECTED->LOST:closed (closed)',
      'LOST->CONNECTED:connected',
      'CONNECTED->LOST:closed (closed)',
    ]);
  });
});

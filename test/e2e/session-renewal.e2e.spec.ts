import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, ZooKeeperClient } from '../../lib/client';
import { expireSession } from '../../lib/testing';
import { closeApps, startApp } from './src/start-app';

jest.setTimeout(60_000);

/** Resolves with the session id of the client's next transition to CONNECTED. */
function nextConnected(client: ZooKeeperClient): Promise<bigint> {
  return new Promise((resolve) => {
    const onState = (state: ConnectionState): void => {
      if (state !== ConnectionState.CONNECTED) return;
      client.off('state', onState);
      resolve(client.sessionId);
    };
    client.on('state', onState);
  });
}

describe('the module opens a new session after expiry, never after the application closes the client', () => {
  let apps: TestingModule[] = [];
  afterEach(() => closeApps(apps));

  it('after an expiry it opens a new session', async () => {
    // A connect timeout longer than the test: renewing must not wait for it.
    apps = [await startApp({ zookeeper: { connectTimeoutMs: 120_000 } })];
    const client = apps[0].get(ZooKeeperClient);
    const expired = client.sessionId;
    const renewed = nextConnected(client);
    await expireSession(client);
    const sessionId = await renewed;
    expect(sessionId).not.toBe(expired);
    expect(client.closed).toBe(false);
    expect(await client.exists('/')).not.toBeNull();
  });

  it('after client.close() the client stays closed', async () => {
    apps = [await startApp({})];
    const client = apps[0].get(ZooKeeperClient);
    const reasons: string[] = [];
    client.on('state', (state, _previous, reason) => reasons.push(`${state}:${reason}`));
    await client.close();
    // A module reopening the session would have called connect() from its LOST listener, before close() settled.
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.closed).toBe(true);
    expect(client.state).toBe(ConnectionState.LOST);
    expect(reasons).toEqual(['LOST:closed']);
  });
});

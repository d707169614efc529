import { ConnectionState, ZooKeeperClient } from '../../../lib/client';
import { Lock, LockLostError } from '../../../lib/recipes';
import { FaultProxy } from '../../../lib/testing';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

jest.setTimeout(60000);

describe('a holder cut off for longer than the session timeout gives the lock up (Curator 3+)', () => {
  const clients = new RecipeClients();
  const proxies: FaultProxy[] = [];
  afterEach(async () => {
    await clients.closeAll();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  async function viaProxy(options: { session?: { id: bigint; password: Buffer } } = {}): Promise<{
    client: ZooKeeperClient;
    proxy: FaultProxy;
  }> {
    const proxy = await FaultProxy.start(sharedConnectString());
    proxies.push(proxy);
    const client = await clients.connect({ connectString: proxy.connectString, sessionTimeoutMs: 4000, ...options });
    return { client, proxy };
  }

  function recordLost(lock: Lock, events: string[], name: string): Promise<unknown> {
    const signal = lock.lost;
    return new Promise((resolve) =>
      signal.addEventListener('abort', () => {
        events.push(`${name}-lost`);
        resolve(signal.reason);
      }),
    );
  }

  it('the cut-off holder aborts lost before the other client acquires after the session expired', async () => {
    const { client: a, proxy } = await viaProxy();
    const b = await clients.connect();
    const path = uniquePath('lock-cut-off');
    const lockA = new Lock(a, path);
    expect(await lockA.acquire()).toBe(true);
    const events: string[] = [];
    const lost = recordLost(lockA, events, 'a');
    const lockB = new Lock(b, path);
    const acquired = lockB.acquire().then((ok) => {
      events.push('b-acquired');
      return ok;
    });
    await waitFor('b to contend', async () => (await b.getChildren(path)).length === 2);
    proxy.refuse();
    proxy.cut();
    const reason = await lost;
    expect(reason).toBeInstanceOf(LockLostError);
    expect((reason as LockLostError).why).toBe('suspended-past-session-timeout');
    expect(lockA.isAcquired).toBe(false);
    expect(await acquired).toBe(true);
    expect(events).toEqual(['a-lost', 'b-acquired']);
    await lockB.release();
  });

  it('when the session survives the cut, the holder deletes its node on reconnection so the lock is given up', async () => {
    const { client: a, proxy } = await viaProxy();
    const b = await clients.connect();
    const path = uniquePath('lock-cut-off-survives');
    const lockA = new Lock(a, path);
    expect(await lockA.acquire()).toBe(true);
    const events: string[] = [];
    const lost = recordLost(lockA, events, 'a');
    const lockB = new Lock(b, path);
    const acquired = lockB.acquire().then((ok) => {
      events.push('b-acquired');
      return ok;
    });
    await waitFor('b to contend', async () => (await b.getChildren(path)).length === 2);
    proxy.refuse();
    proxy.cut();
    // A twin presenting a's session (through its own proxy) keeps it alive at the server while a is cut off.
    const { client: twin, proxy: twinProxy } = await viaProxy({
      session: { id: a.sessionId, password: a.sessionPassword },
    });
    const reason = await lost;
    expect((reason as LockLostError).why).toBe('suspended-past-session-timeout');
    // Silence the twin without closing the session, then let a back in: same session, node still there.
    twinProxy.refuse();
    twinProxy.cut();
    const sessionId = a.sessionId;
    proxy.allow();
    expect(await acquired).toBe(true);
    // The session was not expired: a deleted its own node once reconnected.
    await waitFor('a to reconnect', () => a.state === ConnectionState.CONNECTED);
    expect(a.sessionId).toBe(sessionId);
    expect(lockA.isAcquired).toBe(false);
    expect(events).toEqual(['a-lost', 'b-acquired']);
    expect(twin.sessionId).toBe(sessionId);
    await lockB.release();
  });
});

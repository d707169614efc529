import { ConnectionState, ZooKeeperClient } from '../../../lib/client';
import { Election, LockLostError, Semaphore } from '../../../lib/recipes';
import { FaultProxy } from '../../../lib/testing';
import { cutOffLockHolder } from '../../support/cut-off-lock-holder';
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

  it('the cut-off holder aborts lost before the other client acquires after the session expired', async () => {
    const { client: a, proxy } = await viaProxy();
    const b = await clients.connect();
    const path = uniquePath('lock-cut-off');
    const { held, waiting, lost, acquired, events } = await cutOffLockHolder(a, proxy, b, path);
    const reason = await lost;
    expect(reason).toBeInstanceOf(LockLostError);
    expect((reason as LockLostError).why).toBe('session-may-expire');
    expect(held.isAcquired).toBe(false);
    expect(await acquired).toBe(true);
    expect(events).toEqual(['a-lost', 'b-acquired']);
    await waiting.release();
  });

  it('when the session survives the cut, the holder deletes its node on reconnection so the lock is given up', async () => {
    const { client: a, proxy } = await viaProxy();
    const b = await clients.connect();
    const path = uniquePath('lock-cut-off-survives');
    const { held, waiting, lost, acquired, events } = await cutOffLockHolder(a, proxy, b, path);
    // A twin presenting a's session (through its own proxy) keeps it alive at the server while a is cut off.
    const { client: twin, proxy: twinProxy } = await viaProxy({
      session: { id: a.sessionId, password: a.sessionPassword },
    });
    const reason = await lost;
    expect((reason as LockLostError).why).toBe('session-may-expire');
    // Silence the twin without closing the session, then let a back in: same session, node still there.
    twinProxy.refuse();
    twinProxy.cut();
    const sessionId = a.sessionId;
    proxy.allow();
    expect(await acquired).toBe(true);
    // The session was not expired: a deleted its own node once reconnected.
    await waitFor('a to reconnect', () => a.state === ConnectionState.CONNECTED);
    expect(a.sessionId).toBe(sessionId);
    expect(held.isAcquired).toBe(false);
    expect(events).toEqual(['a-lost', 'b-acquired']);
    expect(twin.sessionId).toBe(sessionId);
    await waiting.release();
  });

  it("an Election with releaseOn 'LOST' still ends the term once suspended past the session timeout", async () => {
    const { client: a, proxy } = await viaProxy();
    const b = await clients.connect();
    const path = uniquePath('election-cut-off');
    const first = new Election(a, path, { identifier: 'first', releaseOn: 'LOST' });
    const second = new Election(b, path, { identifier: 'second', releaseOn: 'LOST' });
    const events: string[] = [];
    first.on('notLeader', () => events.push('first:notLeader'));
    second.on('leader', () => events.push('second:leader'));
    await first.start();
    const term = await first.awaitLeadership();
    await second.start();
    await waitFor('second queued', async () => (await second.contenders()).length === 2);
    proxy.refuse();
    proxy.cut();
    // SUSPENDED alone does not end the term under releaseOn 'LOST'; the session timeout does.
    await second.awaitLeadership();
    expect(term.aborted).toBe(true);
    expect((term.reason as LockLostError).why).toBe('session-may-expire');
    expect(events).toEqual(['first:notLeader', 'second:leader']);
    await second.close();
    await first.close();
  });

  it('a Semaphore lease holder cut off past the session timeout loses its lease before another takes the slot', async () => {
    const { client: a, proxy } = await viaProxy();
    const b = await clients.connect();
    const path = uniquePath('semaphore-cut-off');
    const lease = await new Semaphore(a, path, { maxLeases: 1 }).acquireLease();
    const events: string[] = [];
    const lost = new Promise<unknown>((resolve) =>
      lease.lost.addEventListener('abort', () => {
        events.push('a-lost');
        resolve(lease.lost.reason);
      }),
    );
    const other = new Semaphore(b, path, { maxLeases: 1 });
    const taken = other.acquireLease().then((l) => {
      events.push('b-acquired');
      return l;
    });
    proxy.refuse();
    proxy.cut();
    expect(((await lost) as LockLostError).why).toBe('session-may-expire');
    expect(lease.isHeld).toBe(false);
    await (await taken).release();
    expect(events).toEqual(['a-lost', 'b-acquired']);
  });
});

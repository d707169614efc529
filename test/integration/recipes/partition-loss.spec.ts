import { ZooKeeperClient } from '../../../lib/client';
import { Election, LockLostError } from '../../../lib/recipes';
import { FaultProxy } from '../../../lib/testing';
import { cutOffLockHolder } from '../../support/cut-off-lock-holder';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

jest.setTimeout(60000);

/**
 * A partition, as the fault proxy's stall() makes one: the holder's socket stays open and nothing passes, so its
 * client still looks connected for two thirds of the session timeout, while the server's clock for the session runs
 * from the last request of ours that reached it. The holder must give the lock (or the term) up before the server can
 * expire the session and let the other contender in: the events below are recorded in the order they happen.
 */
describe.each([2000, 4000, 10000])('a holder partitioned away, session timeout %i ms', (sessionTimeoutMs) => {
  const clients = new RecipeClients();
  const proxies: FaultProxy[] = [];
  afterEach(async () => {
    await clients.closeAll();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  async function partitionable(): Promise<{ client: ZooKeeperClient; proxy: FaultProxy }> {
    const proxy = await FaultProxy.start(sharedConnectString());
    proxies.push(proxy);
    const client = await clients.connect({ connectString: proxy.connectString, sessionTimeoutMs });
    expect(client.negotiatedTimeoutMs).toBe(sessionTimeoutMs);
    return { client, proxy };
  }

  it('Lock: lost fires before the other contender acquires', async () => {
    const { client: a, proxy } = await partitionable();
    const b = await clients.connect();
    const { held, waiting, lost, acquired, events } = await cutOffLockHolder(a, proxy, b, uniquePath('lock'), 'stall');
    expect(((await lost) as LockLostError).why).toBe('session-may-expire');
    expect(await acquired).toBe(true);
    expect(events).toEqual(['a-lost', 'b-acquired']);
    expect(held.isAcquired).toBe(false);
    await waiting.release();
  });

  it.each(['SUSPENDED', 'LOST'] as const)(
    "Election (releaseOn '%s'): the term ends before the other contender leads",
    async (releaseOn) => {
      const { client: a, proxy } = await partitionable();
      const b = await clients.connect();
      const path = uniquePath('election');
      const first = new Election(a, path, { identifier: 'first', releaseOn });
      const second = new Election(b, path, { identifier: 'second', releaseOn });
      const events: string[] = [];
      await first.start();
      const term = await first.awaitLeadership();
      term.addEventListener('abort', () => events.push('first term ended'));
      second.on('leader', () => events.push('second leads'));
      await second.start();
      await waitFor('second to contend', async () => (await second.contenders()).length === 2);
      proxy.stall();
      await second.awaitLeadership();
      expect(events).toEqual(['first term ended', 'second leads']);
      expect(term.reason).toBeInstanceOf(LockLostError);
      // The partition heals: the holder's client reconnects and learns its session expired, so close() need not wait.
      proxy.resume();
      proxy.cut();
      await second.close();
      await first.close();
    },
  );
});

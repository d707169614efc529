import { ConnectionState } from '../../../lib/client/connection-state';
import { CancelledError, Election } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing/expire-session';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients, pause } from './recipe-clients';

describe('Election (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('run(): one leader at a time, every contender leads once, in line order', async () => {
    const path = uniquePath('election-run');
    const sessions = await clients.connectMany(3);
    let leading = 0;
    let maxLeading = 0;
    const order: string[] = [];
    await Promise.all(
      sessions.map(async (client, i) => {
        const election = new Election(client, path, { identifier: `e${i}` });
        const result = await election.run(async (term) => {
          leading++;
          maxLeading = Math.max(maxLeading, leading);
          order.push(`e${i}`);
          expect(term.aborted).toBe(false);
          await pause(5);
          leading--;
          return i;
        });
        expect(result).toBe(i);
      }),
    );
    expect(maxLeading).toBe(1);
    expect([...order].sort()).toEqual(['e0', 'e1', 'e2']);
  });

  it('cancel() makes a waiting run() reject with CancelledError and leaves no node', async () => {
    const path = uniquePath('election-cancel');
    const [a, b] = await clients.connectMany(2);
    const leader = new Election(a, path, { identifier: 'leader' });
    let release!: () => void;
    const leading = leader.run(() => new Promise<void>((resolve) => (release = resolve)));
    await waitFor('leader elected', async () => (await leader.contenders()).length === 1);
    const other = new Election(b, path, { identifier: 'other' });
    const waiting = other.run(() => 'never');
    await waitFor('other queued', async () => (await other.contenders()).length === 2);
    expect(await other.contenders()).toEqual(['leader', 'other']);
    other.cancel();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(await other.contenders()).toEqual(['leader']);
    release();
    await leading;
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('latch: hands leadership over when the leader closes, with a term signal per term', async () => {
    const path = uniquePath('election-latch');
    const [a, b] = await clients.connectMany(2);
    const first = new Election(a, path, { identifier: 'first' });
    const second = new Election(b, path, { identifier: 'second' });
    const events: string[] = [];
    first.on('leader', () => events.push('first:leader'));
    first.on('notLeader', () => events.push('first:notLeader'));
    second.on('leader', () => events.push('second:leader'));
    await first.start();
    const firstTerm = await first.awaitLeadership();
    await second.start();
    await waitFor('second queued', async () => (await second.contenders()).length === 2);
    expect(first.isLeader).toBe(true);
    expect(second.isLeader).toBe(false);
    await first.close();
    expect(firstTerm.aborted).toBe(true);
    expect(first.isLeader).toBe(false);
    const secondTerm = await second.awaitLeadership();
    expect(secondTerm.aborted).toBe(false);
    expect(second.isLeader).toBe(true);
    expect(events).toEqual(['first:leader', 'first:notLeader', 'second:leader']);
    await expect(first.awaitLeadership()).rejects.toBeInstanceOf(CancelledError);
    await second.close();
    expect(secondTerm.aborted).toBe(true);
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('latch: hands leadership over when the leader session expires, and never has two leaders', async () => {
    const path = uniquePath('election-expire');
    const [a, b] = await clients.connectMany(2);
    const first = new Election(a, path, { identifier: 'first' });
    const second = new Election(b, path, { identifier: 'second' });
    let leaders = 0;
    let maxLeaders = 0;
    for (const election of [first, second]) {
      election.on('leader', () => {
        leaders++;
        maxLeaders = Math.max(maxLeaders, leaders);
      });
      election.on('notLeader', () => leaders--);
    }
    await first.start();
    const term = await first.awaitLeadership();
    await second.start();
    await waitFor('second queued', async () => (await second.contenders()).length === 2);
    await expireSession(a);
    expect(term.aborted).toBe(true);
    expect(first.isLeader).toBe(false);
    await second.awaitLeadership();
    expect(maxLeaders).toBe(1);
    expect(await second.contenders()).toEqual(['second']);
    await first.close();
    await second.close();
  });

  it("releaseOn 'SUSPENDED' ends the term when the connection drops; 'LOST' keeps it", async () => {
    const { FaultProxy } = await import('../../../lib/testing/fault-proxy');
    const { sharedConnectString } = await import('../../support/zk');
    const path = uniquePath('election-suspend');
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const [viaProxy] = await Promise.all([clients.connect({ connectString: proxy.connectString })]);
      const strict = new Election(viaProxy, path, { identifier: 'strict' });
      await strict.start();
      const strictTerm = await strict.awaitLeadership();
      proxy.cut();
      await waitFor('strict term ended', () => strictTerm.aborted);
      // Once reconnected (same session) it deletes its old node and leads again with a new term.
      const nextTerm = await strict.awaitLeadership();
      expect(nextTerm).not.toBe(strictTerm);
      expect(await strict.contenders()).toEqual(['strict']);
      await strict.close();

      const patient = new Election(viaProxy, `${path}-lost`, { identifier: 'patient', releaseOn: 'LOST' });
      await patient.start();
      const patientTerm = await patient.awaitLeadership();
      const states: ConnectionState[] = [];
      viaProxy.on('state', (state) => states.push(state));
      proxy.cut();
      await waitFor('suspended and reconnected', () => states.join() === 'SUSPENDED,CONNECTED');
      expect(patientTerm.aborted).toBe(false);
      expect(patient.isLeader).toBe(true);
      await patient.close();
      expect(patientTerm.aborted).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});

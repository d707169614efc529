import { Barrier, DoubleBarrier } from '../../../lib/recipes';
import { CreateMode } from '../../../lib/client';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

describe('Barrier / DoubleBarrier (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('Barrier: releases every waiter once removed; times out while up', async () => {
    const path = uniquePath('barrier');
    const sessions = await clients.connectMany(4);
    const coordinator = new Barrier(sessions[0], path);
    await coordinator.create();
    expect(await new Barrier(sessions[1], path).wait({ timeoutMs: 50 })).toBe(false);
    const waiters = sessions.slice(1).map((client) => new Barrier(client, path).wait());
    expect(await coordinator.remove()).toBe(true);
    expect(await Promise.all(waiters)).toEqual([true, true, true]);
    expect(await coordinator.remove()).toBe(false);
    expect(await coordinator.wait()).toBe(true);
  });

  it('DoubleBarrier: nobody passes enter() before all arrived, nobody passes leave() before all left', async () => {
    const path = uniquePath('double-barrier');
    const sessions = await clients.connectMany(3);
    const log: string[] = [];
    await Promise.all(
      sessions.map(async (client, i) => {
        const barrier = new DoubleBarrier(client, path, { numClients: 3, identifier: `m${i}` });
        log.push(`arrive${i}`);
        expect(await barrier.enter()).toBe(true);
        expect(barrier.participating).toBe(true);
        log.push(`entered${i}`);
        log.push(`leaving${i}`);
        expect(await barrier.leave()).toBe(true);
        log.push(`left${i}`);
      }),
    );
    const lastArrive = Math.max(...[0, 1, 2].map((i) => log.indexOf(`arrive${i}`)));
    const firstEntered = Math.min(...[0, 1, 2].map((i) => log.indexOf(`entered${i}`)));
    const lastLeaving = Math.max(...[0, 1, 2].map((i) => log.indexOf(`leaving${i}`)));
    const firstLeft = Math.min(...[0, 1, 2].map((i) => log.indexOf(`left${i}`)));
    expect(lastArrive).toBeLessThan(firstEntered);
    expect(lastLeaving).toBeLessThan(firstLeft);
    expect(await sessions[0].getChildren(path)).toEqual([]);
  });

  it('DoubleBarrier: enter() passes once ready was created, even when the last member has left again', async () => {
    const path = uniquePath('double-barrier-opened');
    const [waiter, other] = await clients.connectMany(2);
    const barrier = new DoubleBarrier(waiter, path, { numClients: 2 });
    const entering = barrier.enter({ timeoutMs: 20000 });
    await waitFor('the first member to wait', async () => (await other.getChildren(path)).length === 1);
    // The other member arrives, opens the barrier, and leaves, all before the waiter can look again: one transaction.
    await other
      .transaction()
      .create(`${path}/other`, 'm2', { mode: CreateMode.EPHEMERAL })
      .create(`${path}/ready`)
      .delete(`${path}/ready`)
      .delete(`${path}/other`)
      .commit();
    expect(await entering).toBe(true);
    expect(barrier.participating).toBe(true);
    expect(await barrier.leave()).toBe(true);
    expect(await other.getChildren(path)).toEqual([]);
  });

  it('DoubleBarrier: enter() times out while short of members and leaves no member node', async () => {
    const path = uniquePath('double-barrier-timeout');
    const [a] = await clients.connectMany(1);
    const barrier = new DoubleBarrier(a, path, { numClients: 2 });
    expect(await barrier.enter({ timeoutMs: 100 })).toBe(false);
    expect(barrier.participating).toBe(false);
    expect(await a.getChildren(path)).toEqual([]);
  });
});

import { NoNodeError, TransactionError } from '../../../lib/client';
import { Election, GuardedTransaction, Lock, LockLostError } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

jest.setTimeout(60000);

describe('guarded transactions: writes that commit only while the hold lasts', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it("a holder's writes commit; after its session expired and another holder took over, they do not", async () => {
    const [a, b, observer] = await clients.connectMany(3);
    const path = uniquePath('guarded-lock');
    const target = `${path}-report`;
    const first = new Lock(a, path);
    expect(await first.acquire()).toBe(true);
    const results = await first.transaction().create(target, 'from a').commit();
    expect(results).toEqual([expect.objectContaining({ type: 'create', path: target })]);

    await expireSession(a);
    const second = new Lock(b, path);
    expect(await second.acquire()).toBe(true);
    await second.transaction().setData(target, 'from b').commit();

    // The old holder: refused by the recipe, which saw the loss, and nothing written.
    expect(() => first.transaction()).toThrow(LockLostError);
    expect((await observer.getData(target)).data.toString()).toBe('from b');
    await second.release();
    expect(() => second.transaction()).toThrow(expect.objectContaining({ why: 'not-held', path }));
    await observer.delete(target);
  });

  it('a transaction made while held but committed after the release sends nothing', async () => {
    const [a, observer] = await clients.connectMany(2);
    const path = uniquePath('guarded-released');
    const lock = new Lock(a, path);
    await lock.acquire();
    const pending = lock.transaction().create(`${path}-late`, 'x');
    await lock.release();
    await expect(pending.commit()).rejects.toThrow(expect.objectContaining({ why: 'not-held' }));
    expect(await observer.exists(`${path}-late`)).toBeNull();
  });

  it("the server's check refuses the writes when the node is gone though the recipe has not noticed yet", async () => {
    const [client] = await clients.connectMany(1);
    const target = uniquePath('guarded-server-check');
    // A guard whose recipe still believes it holds: only the ensemble can tell, and it does, atomically.
    const guarded = new GuardedTransaction(client, {
      recipePath: '/locks/unnoticed',
      nodePath: uniquePath('gone-lock-node'),
      lostReason: () => undefined,
    });
    const error = await guarded
      .create(target, 'x')
      .commit()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockLostError);
    expect(error).toMatchObject({ path: '/locks/unnoticed', why: 'node-deleted' });
    expect((error as LockLostError).cause).toBeInstanceOf(TransactionError);
    expect(await client.exists(target)).toBeNull();
  });

  it("counts a failing op from the caller's first op, not the guard's check", async () => {
    const [client] = await clients.connectMany(1);
    const path = uniquePath('guarded-index');
    const lock = new Lock(client, path);
    await lock.withLock(async () => {
      const error = await lock
        .transaction()
        .create(`${path}-made`, 'x')
        .setData(`${path}-missing`, 'y')
        .commit()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransactionError);
      expect((error as TransactionError).failedIndex).toBe(1);
      expect((error as TransactionError).cause).toBeInstanceOf(NoNodeError);
      expect((error as TransactionError).results.map((r) => r.op.type)).toEqual(['create', 'setData']);
    });
    expect(await client.exists(`${path}-made`)).toBeNull();
  });

  it("an Election leader's writes commit during its term only, and an old term's signal is refused", async () => {
    const [a, observer] = await clients.connectMany(2);
    const path = uniquePath('guarded-election');
    const election = new Election(a, path);
    await election.start();
    const term = await election.awaitLeadership();
    await election.transaction(term).create(`${path}-state`, 'leading').commit();
    expect((await observer.getData(`${path}-state`)).data.toString()).toBe('leading');

    const stale = election.transaction(term).setData(`${path}-state`, 'stale');
    await expireSession(a);
    await a.connect();
    const next = await election.awaitLeadership();
    expect(next).not.toBe(term);
    await expect(stale.commit()).rejects.toBeInstanceOf(LockLostError);
    expect(() => election.transaction(term)).toThrow(LockLostError);
    await election.transaction(next).setData(`${path}-state`, 'new term').commit();
    expect((await observer.getData(`${path}-state`)).data.toString()).toBe('new term');
    await election.close();
    expect(() => election.transaction()).toThrow(LockLostError);
    await observer.delete(`${path}-state`);
  });
});

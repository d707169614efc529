import { LockTimeoutError, Semaphore } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing/expire-session';
import { uniquePath } from '../../support/zk';
import { RecipeClients, pause } from './recipe-clients';

describe('Semaphore (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('never lets more than maxLeases holders in, over many rounds', async () => {
    const path = uniquePath('semaphore');
    const sessions = await clients.connectMany(5);
    let holding = 0;
    let maxHolding = 0;
    let rounds = 0;
    await Promise.all(
      sessions.map(async (client, i) => {
        const semaphore = new Semaphore(client, path, { identifier: `s${i}`, maxLeases: 2 });
        for (let round = 0; round < 6; round++) {
          expect(await semaphore.acquire()).toBe(true);
          holding++;
          maxHolding = Math.max(maxHolding, holding);
          await pause(Math.random() * 5);
          holding--;
          rounds++;
          await semaphore.release();
        }
      }),
    );
    expect(maxHolding).toBeLessThanOrEqual(2);
    expect(rounds).toBe(30);
    expect(await sessions[0].getChildren(path)).toEqual([]);
    expect((await sessions[0].getData(path)).data.toString()).toBe('2');
  });

  it('hands out independent leases, times out when full, and frees a lease lost with its session', async () => {
    const path = uniquePath('semaphore-leases');
    const [a, b] = await clients.connectMany(2);
    const pool = new Semaphore(a, path, { identifier: 'a', maxLeases: 2 });
    const first = await pool.acquireLease();
    const second = await pool.acquireLease();
    expect(await pool.leaseHolders()).toEqual(['a', 'a']);
    const other = new Semaphore(b, path, { identifier: 'b', maxLeases: 2 });
    expect(await other.acquire({ timeoutMs: 100 })).toBe(false);
    await expect(other.acquireLease({ timeoutMs: 0 })).rejects.toBeInstanceOf(LockTimeoutError);
    const waiting = other.acquire();
    await first.release();
    expect(await waiting).toBe(true);
    expect((await pool.leaseHolders()).sort()).toEqual(['a', 'b']);
    await expireSession(b);
    expect(other.lost.aborted).toBe(true);
    expect(other.isAcquired).toBe(false);
    const third = await pool.acquireLease({ timeoutMs: 5000 });
    expect(third.isHeld).toBe(true);
    await second.release();
    await third.release();
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('refuses a maxLeases different from the one stored on the node', async () => {
    const path = uniquePath('semaphore-mismatch');
    const [a] = await clients.connectMany(1);
    await new Semaphore(a, path, { maxLeases: 3 }).acquire();
    await expect(new Semaphore(a, path, { maxLeases: 2 }).acquire()).rejects.toThrow(/Inconsistent max leases/);
  });
});

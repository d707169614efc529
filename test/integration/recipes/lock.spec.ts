import { CURATOR_LOCK_MARKER, KAZOO_LOCK_MARKER, Lock, LockLostError, LockTimeoutError } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing/expire-session';
import { FaultProxy } from '../../../lib/testing/fault-proxy';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients, pause } from './recipe-clients';

describe('Lock (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('excludes every other holder over many rounds, and fencing tokens strictly increase', async () => {
    const path = uniquePath('lock-mutex');
    const contenders = await clients.connectMany(4);
    let inside = 0;
    let maxInside = 0;
    let rounds = 0;
    const tokens: bigint[] = [];
    await Promise.all(
      contenders.map(async (client, i) => {
        for (let round = 0; round < 12; round++) {
          const lock = new Lock(client, path, { identifier: `c${i}`, flavor: i % 2 === 0 ? 'kazoo' : 'curator' });
          await lock.withLock(async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            tokens.push(lock.fencingToken as bigint);
            await pause(Math.random() * 3);
            rounds++;
            inside--;
          });
        }
      }),
    );
    expect(maxInside).toBe(1);
    expect(rounds).toBe(48);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
    expect(await contenders[0].getChildren(path)).toEqual([]);
  });

  it('names its node as kazoo or Curator does and lists contenders in line order', async () => {
    const path = uniquePath('lock-names');
    const [a, b, c] = await clients.connectMany(3);
    const first = new Lock(a, path, { identifier: 'first' });
    const second = new Lock(b, path, { identifier: 'second', flavor: 'curator' });
    expect(await first.acquire()).toBe(true);
    const waiting = second.acquire();
    const children = await waitFor('both contenders queued', async () => {
      const names = await c.getChildren(path);
      return names.length === 2 ? names : undefined;
    });
    expect(children.some((name) => new RegExp(`^[0-9a-f]{32}${KAZOO_LOCK_MARKER}\\d{10}$`).test(name))).toBe(true);
    expect(
      children.some((name) =>
        new RegExp(
          `^_c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${CURATOR_LOCK_MARKER}\\d{10}$`,
        ).test(name),
      ),
    ).toBe(true);
    expect(await new Lock(c, path).contenders()).toEqual(['first', 'second']);
    await first.release();
    expect(await waiting).toBe(true);
    expect(second.isAcquired).toBe(true);
    await second.release();
    expect(await c.getChildren(path)).toEqual([]);
  });

  it('answers false after timeoutMs and rejects on abort, leaving no node behind either way', async () => {
    const path = uniquePath('lock-timeout');
    const [a, b] = await clients.connectMany(2);
    const holder = new Lock(a, path);
    await holder.acquire();
    const other = new Lock(b, path);
    expect(await other.acquire({ timeoutMs: 0 })).toBe(false);
    expect(await other.acquire({ timeoutMs: 150 })).toBe(false);
    const controller = new AbortController();
    const aborted = other.acquire({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop waiting')), 50);
    await expect(aborted).rejects.toThrow('stop waiting');
    expect(other.isAcquired).toBe(false);
    expect(await a.getChildren(path)).toHaveLength(1);
    await expect(other.withLock(() => 'never', { timeoutMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
    await holder.release();
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('is not re-entrant and releases on async dispose', async () => {
    const path = uniquePath('lock-dispose');
    const [a, b] = await clients.connectMany(2);
    {
      await using lock = new Lock(a, path);
      await lock.acquire();
      await expect(lock.acquire({ timeoutMs: 0 })).rejects.toThrow(/not re-entrant/);
    }
    expect(await new Lock(b, path).acquire({ timeoutMs: 0 })).toBe(true);
  });

  it('withLock releases when fn throws', async () => {
    const path = uniquePath('lock-throw');
    const [a] = await clients.connectMany(1);
    const lock = new Lock(a, path);
    await expect(
      lock.withLock(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lock.isAcquired).toBe(false);
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('aborts `lost` when the session expires, and the next contender takes over', async () => {
    const path = uniquePath('lock-expire');
    const [a, b] = await clients.connectMany(2);
    const holder = new Lock(a, path);
    await holder.acquire();
    const lost = holder.lost;
    const next = new Lock(b, path);
    const nextAcquired = next.acquire();
    await expireSession(a);
    expect(lost.aborted).toBe(true);
    expect(lost.reason).toBeInstanceOf(LockLostError);
    expect(holder.isAcquired).toBe(false);
    expect(holder.fencingToken).toBeUndefined();
    expect(await nextAcquired).toBe(true);
    await holder.release(); // a no-op now, and must not throw
    await next.release();
  });

  it('aborts `lost` when someone deletes the lock node', async () => {
    const path = uniquePath('lock-deleted');
    const [a, admin] = await clients.connectMany(2);
    const holder = new Lock(a, path);
    await holder.acquire();
    const [node] = await admin.getChildren(path);
    const lostReason = new Promise((resolve) =>
      holder.lost.addEventListener('abort', () => resolve(holder.lost.reason)),
    );
    await admin.delete(`${path}/${node}`);
    expect(await lostReason).toMatchObject({ why: 'node-deleted' });
    expect(holder.isAcquired).toBe(false);
  });

  it('aborts `lost` when someone deletes the node of a lock acquired after waiting', async () => {
    const path = uniquePath('lock-deleted-after-wait');
    const [a, b, admin] = await clients.connectMany(3);
    const first = new Lock(a, path);
    await first.acquire();
    const holder = new Lock(b, path);
    const acquiring = holder.acquire();
    await waitFor('the waiter to queue', async () => (await admin.getChildren(path)).length === 2);
    await first.release();
    expect(await acquiring).toBe(true);
    const [node] = await admin.getChildren(path);
    const lostReason = new Promise((resolve) =>
      holder.lost.addEventListener('abort', () => resolve(holder.lost.reason)),
    );
    await admin.delete(`${path}/${node}`);
    expect(await lostReason).toMatchObject({ why: 'node-deleted' });
    expect(holder.isAcquired).toBe(false);
  });

  it('rejects an acquire waiting when its session expires instead of hanging', async () => {
    const path = uniquePath('lock-expire-waiting');
    const [a, b] = await clients.connectMany(2);
    await new Lock(a, path).acquire();
    const waiter = new Lock(b, path);
    const waiting = waiter.acquire();
    await pause(50);
    await expireSession(b);
    await expect(waiting).rejects.toThrow();
    expect(await a.getChildren(path)).toHaveLength(1);
  });
});

describe('Lock through connection losses (real ZooKeeper behind a fault proxy)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('keeps mutual exclusion and leaves no orphan node when connections drop mid-operation', async () => {
    const path = uniquePath('lock-cuts');
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const flaky = await clients.connect({
        connectString: proxy.connectString,
        retry: { maxTries: 20, delayMs: 20, maxJitterMs: 20, maxDelayMs: 200 },
      });
      const [steady, observer] = await clients.connectMany(2);
      let inside = 0;
      let maxInside = 0;
      let cuts = 0;
      const work = async (client: typeof flaky, rounds: number): Promise<void> => {
        for (let round = 0; round < rounds; round++) {
          await new Lock(client, path).withLock(async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await pause(1);
            inside--;
          });
        }
      };
      const cutting = (async () => {
        for (let i = 0; i < 8; i++) {
          await pause(15 + Math.random() * 25);
          proxy.cut();
          cuts++;
        }
      })();
      await Promise.all([work(flaky, 25), work(steady, 25), cutting]);
      expect(cuts).toBe(8);
      expect(maxInside).toBe(1);
      expect(await observer.getChildren(path)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

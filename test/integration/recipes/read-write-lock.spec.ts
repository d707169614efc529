import { Lock, ReadLock, WriteLock } from '../../../lib/recipes';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients, pause } from './recipe-clients';

describe('ReadLock / WriteLock (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('lets readers share and keeps writers exclusive of everyone over many rounds', async () => {
    const path = uniquePath('rwlock');
    const sessions = await clients.connectMany(5);
    let readers = 0;
    let writers = 0;
    let maxReaders = 0;
    let violations = 0;
    await Promise.all(
      sessions.map(async (client, i) => {
        for (let round = 0; round < 8; round++) {
          const writer = i < 2;
          const lock = writer ? new WriteLock(client, path) : new ReadLock(client, path);
          await lock.withLock(async () => {
            if (writer) writers++;
            else readers++;
            if (writers > 1 || (writers === 1 && readers > 0)) violations++;
            maxReaders = Math.max(maxReaders, readers);
            await pause(Math.random() * 4);
            if (writer) writers--;
            else readers--;
          });
        }
      }),
    );
    expect(violations).toBe(0);
    expect(await sessions[0].getChildren(path)).toEqual([]);
  });

  it('holds two readers at once while a writer waits for both', async () => {
    const path = uniquePath('rwlock-share');
    const [a, b, c] = await clients.connectMany(3);
    const r1 = new ReadLock(a, path, { identifier: 'r1' });
    const r2 = new ReadLock(b, path, { identifier: 'r2' });
    expect(await r1.acquire({ timeoutMs: 0 })).toBe(true);
    expect(await r2.acquire({ timeoutMs: 0 })).toBe(true);
    const writer = new WriteLock(c, path, { identifier: 'w' });
    const writing = writer.acquire();
    await waitFor('writer queued', async () => (await c.getChildren(path)).length === 3);
    // A reader arriving after a waiting writer queues behind it.
    const late = new ReadLock(a, path);
    expect(await late.acquire({ timeoutMs: 0 })).toBe(false);
    expect(await r1.contenders()).toEqual(['r1', 'r2', 'w']);
    await r1.release();
    expect(writer.isAcquired).toBe(false);
    await r2.release();
    expect(await writing).toBe(true);
    // An exclusive Lock on the same path is blocked by the writer too (both are `__lock__` nodes).
    expect(await new Lock(b, path).acquire({ timeoutMs: 0 })).toBe(false);
    await writer.release();
  });
});

import { Lock, TreeCache } from '../../../lib/recipes';
import { hasChildWatch, watchedPaths } from '../../support/server-watches';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

jest.setTimeout(30000);

describe('recipes that stop waiting or watching leave no watch on the server', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('a lock waiter that gives up (abort, timeout) removes its watch on its predecessor', async () => {
    const [a, b] = await clients.connectMany(2);
    const path = uniquePath('lock-waiter-gives-up');
    const holder = new Lock(a, path);
    expect(await holder.acquire()).toBe(true);
    const [holderNode] = await a.getChildren(path);
    const holderPath = `${path}/${holderNode}`;

    const controller = new AbortController();
    const waiter = new Lock(b, path);
    const waiting = waiter.acquire({ signal: controller.signal });
    await waitFor('the waiter to watch the holder', async () => (await watchedPaths(b)).has(holderPath));
    // Only its predecessor: a waiter's own node is guarded once it holds the lock, not while it waits.
    expect([...(await watchedPaths(b))].filter((watched) => watched.startsWith(`${path}/`))).toEqual([holderPath]);
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    await b.sync(path);
    expect((await watchedPaths(b)).has(holderPath)).toBe(false);

    const timedOut = new Lock(b, path);
    expect(await timedOut.acquire({ timeoutMs: 200 })).toBe(false);
    await b.sync(path);
    expect((await watchedPaths(b)).has(holderPath)).toBe(false);
    expect(holder.isAcquired).toBe(true);
    await holder.release();
  });

  it("a per-node TreeCache's close() removes the watches of every node", async () => {
    const [a] = await clients.connectMany(1);
    const root = uniquePath('tree-cache-close');
    await a.create(`${root}/child/grandchild`, 'x', { makeParents: true });
    const cache = new TreeCache(a, root, { watchMode: 'per-node' });
    await cache.start();
    expect(cache.get(`${root}/child/grandchild`)?.data.toString()).toBe('x');
    const before = await watchedPaths(a);
    expect([root, `${root}/child`, `${root}/child/grandchild`].every((path) => before.has(path))).toBe(true);
    await cache.close();
    await a.sync(root);
    const after = await watchedPaths(a);
    expect([root, `${root}/child`, `${root}/child/grandchild`].some((path) => after.has(path))).toBe(false);
    expect(await hasChildWatch(a, root)).toBe(false);
    expect(await hasChildWatch(a, `${root}/child`)).toBe(false);
    await a.delete(root, { recursive: true });
  });
});

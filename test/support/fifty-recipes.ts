import type { ZooKeeperClient } from '../../lib/client';
import { ChildrenWatch, DataWatch, Election, Lock, Party, TreeCache } from '../../lib/recipes';

/**
 * Fifty recipes running on `client` under `root`, each with its own 'state' listeners: ten held locks, five lock
 * waiters (queued behind locks `holder` holds), ten data and ten children watches, five leaders, five joined parties and
 * five started tree caches. Shared by a jest spec and a child-process script, so it uses no jest API.
 */
export async function startFiftyRecipes(client: ZooKeeperClient, holder: ZooKeeperClient, root: string) {
  await client.create(`${root}/data`, 'x', { makeParents: true });
  const held = Array.from({ length: 10 }, (_, i) => new Lock(client, `${root}/held-${i}`));
  for (const lock of held) if (!(await lock.acquire())) throw new Error(`${root}/held: not acquired`);
  const blockers = Array.from({ length: 5 }, (_, i) => new Lock(holder, `${root}/blocked-${i}`));
  for (const lock of blockers) if (!(await lock.acquire())) throw new Error(`${root}/blocked: not acquired`);
  const waiting = new AbortController();
  const waiters = blockers.map((_, i) =>
    new Lock(client, `${root}/blocked-${i}`).acquire({ signal: waiting.signal }).catch(() => false),
  );
  const watches = [
    ...Array.from({ length: 10 }, () => new DataWatch(client, `${root}/data`, () => undefined)),
    ...Array.from({ length: 10 }, () => new ChildrenWatch(client, root, () => undefined)),
  ];
  await Promise.all(watches.map((watch) => watch.ready));
  const elections = Array.from({ length: 5 }, (_, i) => new Election(client, `${root}/election-${i}`));
  for (const election of elections) await election.start();
  await Promise.all(elections.map((election) => election.awaitLeadership()));
  const parties = Array.from({ length: 5 }, () => new Party(client, `${root}/party`));
  for (const party of parties) await party.join();
  const caches = Array.from({ length: 5 }, () => new TreeCache(client, `${root}/data`));
  for (const cache of caches) await cache.start();
  // Every waiter is in line (its node is there) before the caller looks at the listeners.
  for (let i = 0; i < blockers.length; i++) {
    while ((await holder.getChildren(`${root}/blocked-${i}`)).length < 2) await new Promise((r) => setTimeout(r, 20));
  }
  return { held, blockers, waiting, waiters, watches, elections, parties, caches };
}

/** Stops what {@link startFiftyRecipes} started on `client` (the waiters give up); resolves what the waiters got. */
export async function stopFiftyRecipes(recipes: Awaited<ReturnType<typeof startFiftyRecipes>>): Promise<unknown[]> {
  const { held, waiting, waiters, watches, elections, parties, caches } = recipes;
  for (const lock of held) await lock.release();
  waiting.abort();
  const waited = await Promise.all(waiters);
  for (const watch of watches) watch.stop();
  for (const election of elections) await election.close();
  for (const party of parties) await party.leave();
  for (const cache of caches) await cache.close();
  return waited;
}

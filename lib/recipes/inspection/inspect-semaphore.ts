import type { ZooKeeperClient } from '../internal/client-api';
import { KAZOO_LOCK_MARKER } from '../lock';
import { inspectContenders } from './inspect-contenders';
import type { InspectedContender, InspectLineOptions } from './inspect-contenders';
import { childrenOrNull, dataAsText, readChild } from './inspected-node';
import type { InspectedNode } from './inspected-node';

/** A semaphore's leases and its waiting line. */
export interface SemaphoreInspection {
  /** The semaphore's path (the lease pool). */
  path: string;
  /** Whether the pool node exists. */
  exists: boolean;
  /** The most leases at once, as stored on the pool node; `null` when it holds no number. */
  maxLeases: number | null;
  /** The leases held now, oldest first. */
  holders: InspectedNode[];
  /** Who waits for a lease, in order (the line of the lock at `<path>-__lock__`; its head takes the next free lease). */
  waiters: InspectedContender[];
  /** How many more wait behind `waiters`, not read (see `maxWaiters`). */
  moreWaiters: number;
}

/**
 * The leases and waiters of the kazoo `Semaphore` at `path` (ours shares its layout): lease nodes under `path`, whose
 * data stores the maximum, and a lock at the sibling `<path>-__lock__` where those waiting for a lease line up.
 */
export async function inspectSemaphore(
  client: ZooKeeperClient,
  path: string,
  options: InspectLineOptions = {},
): Promise<SemaphoreInspection> {
  // The lock's holder waits for a lease too: it counts against maxWaiters like the others.
  const maxWaiters = options.maxWaiters === undefined ? undefined : Math.max(0, options.maxWaiters - 1);
  const [pool, line] = await Promise.all([
    childrenOrNull(client, path),
    inspectContenders(client, `${path}-${KAZOO_LOCK_MARKER}`, [KAZOO_LOCK_MARKER], { maxWaiters }),
  ]);
  const waiters = [...line.holders, ...line.waiters];
  const { moreWaiters } = line;
  if (pool === null) return { path, exists: false, maxLeases: null, holders: [], waiters, moreWaiters };
  const [max, ...leases] = await Promise.all([
    client.retry(() => client.getData(path)).catch(() => undefined),
    ...pool.map((name) => readChild(client, path, name)),
  ]);
  const text = max === undefined ? '' : dataAsText(max.data).trim();
  return {
    path,
    exists: true,
    maxLeases: /^-?\d+$/.test(text) ? Number(text) : null,
    holders: leases
      .filter((lease) => lease !== undefined)
      .map((lease) => lease.node)
      .sort((a, b) => (BigInt(a.czxid) < BigInt(b.czxid) ? -1 : 1)),
    waiters,
    moreWaiters,
  };
}

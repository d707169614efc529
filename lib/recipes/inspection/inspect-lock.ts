import type { ZooKeeperClient } from '../internal/client-api';
import { CURATOR_LOCK_MARKER, KAZOO_LOCK_MARKER, KAZOO_READ_LOCK_MARKER } from '../lock';
import { inspectContenders } from './inspect-contenders';
import type { ContenderLine, InspectLineOptions } from './inspect-contenders';

/** Curator LeaderLatch's node marker: `_c_<uuid>-latch-<seq>`. */
const CURATOR_LATCH_MARKER = '-latch-';

/**
 * Who holds the lock at `path` and who waits, in order: kazoo's `Lock`, `ReadLock` and `WriteLock` nodes, Curator's
 * `InterProcessMutex` nodes and ours. Each holder's `czxid` is the fencing token it was given, its `createdAt` when it
 * joined the line (for a holder that waited, the lock was acquired later). Read-only: one getChildren and one getData
 * per contender.
 *
 * @example
 * const { holders, waiters } = await inspectLock(client, '/locks/report');
 */
export function inspectLock(
  client: ZooKeeperClient,
  path: string,
  options: InspectLineOptions = {},
): Promise<ContenderLine> {
  return inspectContenders(client, path, [KAZOO_LOCK_MARKER, CURATOR_LOCK_MARKER, KAZOO_READ_LOCK_MARKER], options);
}

/**
 * The leader and the candidates of the election at `path`, in line order: kazoo's `Election` and ours (a lock on the
 * path), Curator's `LeaderSelector` (`-lock-`) and `LeaderLatch` (`-latch-`) nodes. `holders` has the leader (one at
 * most), `waiters` the candidates.
 */
export function inspectElection(
  client: ZooKeeperClient,
  path: string,
  options: InspectLineOptions = {},
): Promise<ContenderLine> {
  return inspectContenders(client, path, [KAZOO_LOCK_MARKER, CURATOR_LOCK_MARKER, CURATOR_LATCH_MARKER], options);
}

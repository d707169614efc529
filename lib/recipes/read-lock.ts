import { KAZOO_LOCK_MARKER, KAZOO_READ_LOCK_MARKER, CURATOR_LOCK_MARKER, Lock } from './lock';
import type { LockOptions } from './lock';
import type { ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions } from './internal/inputs';

/**
 * The shared side of kazoo's read/write lock: nodes `<uuid>__rlock__<seq>` under the same path as {@link WriteLock}.
 * Any number of readers hold it together; a reader waits only for writers (and exclusive locks) ahead of it.
 *
 * Same API as {@link Lock}. Only kazoo's naming exists for it: Curator's InterProcessReadWriteLock uses another layout.
 */
export class ReadLock extends Lock {
  constructor(client: ZooKeeperClient, path: string, options: Omit<LockOptions, 'flavor'> = {}) {
    // Here, as super()'s arguments read options.identifier.
    checkRecipeOptions(options);
    super(client, path, { identifier: options.identifier });
  }

  protected override nodeMarker(): string {
    return KAZOO_READ_LOCK_MARKER;
  }

  protected override blockingMarkers(): readonly string[] {
    return [KAZOO_LOCK_MARKER, CURATOR_LOCK_MARKER];
  }
}

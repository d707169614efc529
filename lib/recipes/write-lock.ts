import { KAZOO_LOCK_MARKER, KAZOO_READ_LOCK_MARKER, CURATOR_LOCK_MARKER, Lock } from './lock';
import type { LockOptions } from './lock';
import type { ZooKeeperClient } from './internal/client-api';
import { checkRecipeOptions } from './internal/inputs';

/**
 * The exclusive side of kazoo's read/write lock: nodes `<uuid>__lock__<seq>`, waiting for every reader and writer
 * ahead of it. Same API as {@link Lock}; share the path with {@link ReadLock}.
 */
export class WriteLock extends Lock {
  constructor(client: ZooKeeperClient, path: string, options: Omit<LockOptions, 'flavor'> = {}) {
    // Here, as super()'s arguments read options.identifier.
    checkRecipeOptions(options);
    super(client, path, { identifier: options.identifier });
  }

  protected override blockingMarkers(): readonly string[] {
    return [KAZOO_LOCK_MARKER, KAZOO_READ_LOCK_MARKER, CURATOR_LOCK_MARKER];
  }
}

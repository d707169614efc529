import type { ElectionOptionSource } from './interfaces/election-option-source.interface';
import { ELECTION_ID_CONFLICT } from './zookeeper.messages';
import { ZookeeperModuleError } from './zookeeper-module.error';

/**
 * Fails application bootstrap when two `@OnLeader()` methods on the same election (same path and client) give it
 * options that cannot both hold: the methods share one election, so they must agree.
 *
 * @publicApi
 */
export class ZookeeperElectionConflictError extends ZookeeperModuleError {
  /** Always `'ZookeeperElectionConflictError'`. */
  override readonly name = 'ZookeeperElectionConflictError';

  constructor(
    /** The name of the client that runs the election (`'default'` unless named). */
    readonly client: string,
    /** The election's path. */
    readonly path: string,
    /** The option the methods disagree on. */
    readonly option: 'id',
    /** The method registered first on the election, and its value. */
    readonly first: ElectionOptionSource,
    /** The method that disagrees with it, and its value. */
    readonly second: ElectionOptionSource,
  ) {
    super(ELECTION_ID_CONFLICT(client, path, first, second));
  }
}

import { SetMetadata } from '@nestjs/common';
import { ON_LEADER_METADATA } from '../zookeeper.constants';

/**
 * Options of {@link OnLeader | `@OnLeader()`}.
 *
 * @publicApi
 */
export interface OnLeaderOptions {
  /**
   * How this process names itself in the election (default: the module's `identity`, `<hostname>:<pid>`). Every
   * `@OnLeader()` on the same path and client shares one election, so they must give the same id (leaving it out
   * counts as the module's identity): otherwise bootstrap fails with a `ZookeeperElectionConflictError`.
   */
  id?: string;
  /** Name of the client that runs the election (default client when omitted). */
  client?: string;
  /**
   * `false` (default): when the method returns, this process stays leader until shutdown or session loss.
   * `true`: when the method returns (or throws), leadership is given up and the process contends again.
   */
  releaseOnReturn?: boolean;
}

/** What `@OnLeader()` records on the method for the explorer. */
export interface OnLeaderMetadata extends OnLeaderOptions {
  /** The election's path, as given to the decorator. */
  readonly path: string;
}

/**
 * Calls the method, with an `AbortSignal`, each time this process becomes leader of the election at `path`. The
 * signal aborts when leadership is lost (session suspended or expired, application shutdown): stop the work then.
 * Exactly one process among those contending on the same path and ensemble runs it at a time.
 *
 * @example
 * \@OnLeader('/elections/dispatcher')
 * async dispatch(signal: AbortSignal) {
 *   while (!signal.aborted) await this.dispatchNextBatch(signal);
 * }
 *
 * @publicApi
 */
export const OnLeader = (path: string, options: OnLeaderOptions = {}): MethodDecorator =>
  SetMetadata<string, OnLeaderMetadata>(ON_LEADER_METADATA, { ...options, path });

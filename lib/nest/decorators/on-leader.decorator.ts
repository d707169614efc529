import type { GuardedTransaction } from '../../client';
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
 * The second argument of an `@OnLeader()` method: this term of leadership.
 *
 * @publicApi
 */
export interface LeaderTerm {
  /** Aborts when the term ends: the method's first argument. */
  readonly signal: AbortSignal;
  /**
   * A transaction that commits only while this term lasts (see `GuardedTransaction`): a leader that lost its term
   * without noticing (a pause that outlived its session) writes nothing, and gets a `LockLostError`.
   */
  transaction(): GuardedTransaction;
}

/**
 * Calls the method, with an `AbortSignal` and the {@link LeaderTerm}, each time this process becomes leader of the
 * election at `path`. The signal aborts when leadership is lost (session suspended or expired, application
 * shutdown): stop the work then. Exactly one process among those contending on the same path and ensemble runs it at a
 * time; writes that must not outlive the term go through `term.transaction()`.
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

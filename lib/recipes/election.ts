import { EventEmitter } from 'node:events';
import { CancelledError, LockLostError } from './errors';
import { abortReason, checkSignalArgument } from './internal/abort';
import { channels, ClientClosedError, ConnectionState, InvalidArgumentError, sleep } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { checkIdentifier, checkRecipeOptions, validateRecipePath } from './internal/inputs';
import { onStateChange, waitForConnected } from './internal/session-state';
import { GuardedTransaction } from './guarded-transaction';
import { Lock } from './lock';
import { markElectionLock } from './internal/lock-diagnostics';
import type { LockFlavor } from './lock';
import { ZkUsageError } from './internal/client-api';

/** When a leader stops counting itself leader: at the first SUSPENDED (safe default) or only at LOST. */
export type LeadershipReleasePolicy = 'SUSPENDED' | 'LOST';

/** Options of {@link Election}. */
export interface ElectionOptions {
  /** Written as our node's data; what `contenders()` shows (kazoo's `identifier`). */
  identifier?: string | Buffer;
  /**
   * `'SUSPENDED'` (default) ends a term as soon as the connection is suspended, because another contender may be
   * elected while we cannot tell; `'LOST'` keeps leading through a suspension and ends the term only when the session
   * is lost (Curator's SessionConnectionStateErrorPolicy). Either way our node is deleted before we contend again.
   */
  releaseOn?: LeadershipReleasePolicy;
  /** Node naming, as {@link Lock}'s `flavor`: `'curator'` matches Curator's LeaderSelector (`-lock-` nodes). */
  flavor?: LockFlavor;
}

/** Pause before contending again after an unexpected error, so a persistent failure does not spin. */
const RECONTEND_BACKOFF_MS = 1000;

/**
 * Leader election on kazoo's layout (an Election is a {@link Lock} on `path`: the lowest `__lock__` node leads), so a
 * kazoo `Election` and ours elect one leader between them.
 *
 * Two ways to use it:
 * - kazoo's: `run(fn)` waits to be elected, runs `fn(termSignal)`, then steps down; `cancel()` stops waiting.
 * - leader-latch: `start()` contends in the background for as long as the election is open, re-contending after each
 *   lost term; `isLeader`, `awaitLeadership()`, events `'leader'` (with the term's AbortSignal) and `'notLeader'`;
 *   `close()` steps down and leaves no node behind.
 *
 * A term's signal aborts (with a {@link LockLostError}) when the term ends: session lost, our node deleted, the
 * connection suspended under the `'SUSPENDED'` policy, or `close()`.
 *
 * Events: `'leader'` (termSignal: AbortSignal), `'notLeader'` (), `'error'` (error) — only emitted when a listener is
 * registered — for unexpected failures the background loop recovers from.
 *
 * @example
 * const election = new Election(client, '/election/jobs', { identifier: hostname() });
 * election.on('leader', (term) => runJobs(term));
 * await election.start();
 */
export class Election extends EventEmitter {
  /** The election's parent node. */
  readonly path: string;
  private readonly identifier: string | Buffer | undefined;
  private readonly releaseOn: LeadershipReleasePolicy;
  private readonly flavor: LockFlavor;
  private readonly pendingRuns = new Set<AbortController>();
  private closing: AbortController | undefined;
  private latchLoop: Promise<void> | undefined;
  private term: AbortController | undefined;
  /** The lock behind the current term (leader-latch mode). */
  private termLock: Lock | undefined;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: ElectionOptions = {},
  ) {
    super();
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.identifier = checkIdentifier(options.identifier);
    this.releaseOn = options.releaseOn ?? 'SUSPENDED';
    if (this.releaseOn !== 'SUSPENDED' && this.releaseOn !== 'LOST') {
      throw new InvalidArgumentError('releaseOn', `expected 'SUSPENDED' or 'LOST', got ${String(this.releaseOn)}`);
    }
    this.flavor = options.flavor ?? 'kazoo';
  }

  private newLock(): Lock {
    const lock = new Lock(this.client, this.path, { identifier: this.identifier, flavor: this.flavor });
    markElectionLock(lock);
    return lock;
  }

  /** Reports a term's start on `leader:start`, if anyone listens; returns the start time for {@link endTerm}. */
  private startTerm(): number {
    if (channels.leaderStart.hasSubscribers) channels.leaderStart.publish({ client: this.client, path: this.path });
    return Date.now();
  }

  /** Reports the end of the term that began at `startedAt` on `leader:end`, if anyone listens. */
  private endTerm(startedAt: number, reason: unknown): void {
    if (!channels.leaderEnd.hasSubscribers) return;
    channels.leaderEnd.publish({ client: this.client, path: this.path, termMs: Date.now() - startedAt, reason });
  }

  /**
   * kazoo's `run`: waits to be elected, runs `fn(termSignal)` as leader, then steps down (deletes our node) whatever
   * `fn` does, and returns what `fn` returned. Rejects with a {@link CancelledError} if `cancel()` is called while
   * waiting; a running `fn` is not interrupted by `cancel()` — it should watch its term signal.
   */
  async run<T>(fn: (termSignal: AbortSignal) => T | Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'expected a function');
    const lock = this.newLock();
    const cancel = new AbortController();
    this.pendingRuns.add(cancel);
    try {
      await lock.acquire({ signal: cancel.signal });
    } catch (error) {
      if (cancel.signal.aborted) throw new CancelledError(this.path);
      throw error;
    } finally {
      this.pendingRuns.delete(cancel);
    }
    const term = new AbortController();
    const endTerm = this.watchTerm(lock, term);
    const startedAt = this.startTerm();
    try {
      return await fn(term.signal);
    } finally {
      endTerm();
      this.endTerm(startedAt, term.signal.aborted ? term.signal.reason : undefined);
      await lock.release();
    }
  }

  /** Stops every `run()` still waiting to be elected (kazoo's `cancel`). */
  cancel(): void {
    for (const pending of this.pendingRuns) pending.abort(new CancelledError(this.path));
  }

  /** The identifiers of all contenders in line order; the first one leads. */
  contenders(): Promise<string[]> {
    return this.newLock().contenders();
  }

  /**
   * While this instance leads (leader-latch mode): a transaction whose writes commit only while this term lasts and
   * our election node exists (see {@link GuardedTransaction}), so a leader that lost its term without knowing it yet
   * writes nothing. Given a term's signal (from `'leader'` or `awaitLeadership()`), it refuses if that term is over,
   * even if a later term has begun. Throws a {@link LockLostError} ('not-held') when not leading.
   */
  transaction(termSignal?: AbortSignal): GuardedTransaction {
    const term = this.term;
    const lock = this.termLock;
    if (term === undefined || lock === undefined || term.signal.aborted || (termSignal && termSignal !== term.signal)) {
      throw new LockLostError(this.path, 'not-held');
    }
    const held = lock.holdGuard();
    return new GuardedTransaction(this.client, {
      recipePath: this.path,
      nodePath: held.nodePath,
      lostReason: () => {
        if (!term.signal.aborted) return held.lostReason();
        const reason: unknown = term.signal.reason;
        return reason instanceof LockLostError ? reason : new LockLostError(this.path, 'not-held', { cause: reason });
      },
    });
  }

  /** Whether this instance is leader now (leader-latch mode). */
  get isLeader(): boolean {
    return this.term !== undefined && !this.term.signal.aborted;
  }

  /** Starts contending in the background (leader-latch mode); resolves at once. Starting twice is an error. */
  async start(): Promise<void> {
    if (this.latchLoop !== undefined) throw new ZkUsageError(`Election ${this.path} was already started`);
    const closing = new AbortController();
    this.closing = closing;
    this.latchLoop = this.contendUntilClosed(closing.signal);
  }

  /**
   * Resolves with the term's signal once this instance leads (at once if it does); rejects when `signal` aborts or the
   * election is closed first.
   */
  awaitLeadership(options: { signal?: AbortSignal } = {}): Promise<AbortSignal> {
    try {
      checkRecipeOptions(options);
      checkSignalArgument(options.signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const { signal } = options;
    if (this.term !== undefined && !this.term.signal.aborted) return Promise.resolve(this.term.signal);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.closing?.signal.aborted) return Promise.reject(new CancelledError(this.path));
    return new Promise<AbortSignal>((resolve, reject) => {
      const closing = this.closing?.signal;
      const cleanup = (): void => {
        this.off('leader', onLeader);
        this.off('closed', onClosed);
        signal?.removeEventListener('abort', onAbort);
      };
      const onLeader = (termSignal: AbortSignal): void => {
        cleanup();
        resolve(termSignal);
      };
      const onClosed = (): void => {
        cleanup();
        reject(new CancelledError(this.path));
      };
      const onAbort = (): void => {
        cleanup();
        reject(abortReason(signal as AbortSignal));
      };
      this.on('leader', onLeader);
      this.on('closed', onClosed);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (closing?.aborted) onClosed();
    });
  }

  /** Leaves the election: ends a current term, stops contending, deletes our node. Idempotent. */
  async close(): Promise<void> {
    this.cancel();
    if (this.closing === undefined) {
      this.closing = new AbortController();
    }
    if (!this.closing.signal.aborted) {
      this.closing.abort(new CancelledError(this.path));
      this.emit('closed');
    }
    await this.latchLoop;
  }

  private async contendUntilClosed(closing: AbortSignal): Promise<void> {
    const lock = this.newLock();
    while (!closing.aborted) {
      try {
        await waitForConnected(this.client, { signal: closing });
        await lock.acquire({ signal: closing });
        await this.serveTerm(lock, closing);
      } catch (error) {
        if (closing.aborted) break;
        if (error instanceof ClientClosedError) {
          // The client is closed for good: nothing to contend with any more, so the election closes itself.
          this.closing?.abort(new CancelledError(this.path));
          this.emit('closed');
          break;
        }
        this.reportError(error);
        await sleep(RECONTEND_BACKOFF_MS, closing).catch(() => undefined);
      } finally {
        await this.stepDown(lock, closing);
      }
    }
  }

  /** Leads until the term ends; resolves then. */
  private serveTerm(lock: Lock, closing: AbortSignal): Promise<void> {
    const term = new AbortController();
    return new Promise<void>((resolve) => {
      const endTerm = this.watchTerm(lock, term, closing);
      let startedAt = 0;
      term.signal.addEventListener('abort', () => {
        endTerm();
        if (startedAt !== 0) this.endTerm(startedAt, term.signal.reason);
        if (this.term === term) {
          this.term = undefined;
          this.termLock = undefined;
        }
        this.emit('notLeader');
        resolve();
      });
      if (term.signal.aborted) {
        // Ended inside watchTerm (the election closed, or the hold was lost, while acquire() was resolving), before
        // the listener above existed, so it never runs: no term began, and the loop must go on to step down.
        endTerm();
        resolve();
        return;
      }
      this.term = term;
      this.termLock = lock;
      startedAt = this.startTerm();
      try {
        this.emit('leader', term.signal);
      } catch (error) {
        // A throwing 'leader' listener must not leave a term running that nobody watches any more.
        term.abort(error);
        this.reportError(error);
      }
    });
  }

  /** Aborts `term` when the hold on `lock` ends under our policy; returns the function that stops watching. */
  private watchTerm(lock: Lock, term: AbortController, closing?: AbortSignal): () => void {
    const end = (reason: unknown): void => {
      if (!term.signal.aborted) term.abort(reason);
    };
    const onLost = (): void => end(lock.lost.reason);
    const onClosing = (): void => end(new LockLostError(this.path, 'closed'));
    const stopListening = onStateChange(this.client, (state) => {
      if (state === ConnectionState.SUSPENDED && this.releaseOn === 'SUSPENDED') {
        end(new LockLostError(this.path, 'suspended'));
      }
    });
    lock.lost.addEventListener('abort', onLost, { once: true });
    closing?.addEventListener('abort', onClosing, { once: true });
    if (lock.lost.aborted) onLost();
    if (closing?.aborted) onClosing();
    return () => {
      stopListening();
      lock.lost.removeEventListener('abort', onLost);
      closing?.removeEventListener('abort', onClosing);
    };
  }

  /** Emits `'error'` only when someone listens: an unhandled `'error'` event would crash the process. */
  private reportError(error: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /**
   * Deletes our node, retrying across failures until it is gone or the session is (either way nobody is blocked by
   * it); while the election is open it waits for the connection between attempts, once it is closed it tries once.
   */
  private async stepDown(lock: Lock, closing: AbortSignal): Promise<void> {
    for (;;) {
      try {
        await lock.release();
        return;
      } catch (error) {
        if (closing.aborted) {
          this.reportError(error);
          return;
        }
        await sleep(RECONTEND_BACKOFF_MS, closing).catch(() => undefined);
        await waitForConnected(this.client, { signal: closing }).catch(() => undefined);
      }
    }
  }
}

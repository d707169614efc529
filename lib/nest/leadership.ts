import type { Logger } from '@nestjs/common';
import { Election } from '../client';
import type { ZooKeeperClient } from '../client';
import type { LeaderTerm } from './decorators/on-leader.decorator';
import { setTimeout as sleep } from 'node:timers/promises';
import { HANDLER_FAILED, LEADER_RETRY, describeError } from './zookeeper.messages';

/** An `@OnLeader()` method bound to its instance. */
export interface LeaderHandler {
  readonly call: (signal: AbortSignal, term: LeaderTerm) => unknown;
  /** `Class.method()`, for logs. */
  readonly where: string;
  readonly releaseOnReturn: boolean;
}

/**
 * This application's place in one election (one client and path), shared by every `@OnLeader()` and `@LeaderOnly()`
 * on that path: calls the `@OnLeader()` handlers at each term, answers `isLeader` for `@LeaderOnly()`.
 */
export class Leadership {
  private readonly handlers: LeaderHandler[] = [];
  private election: Election | undefined;
  /** Aborted when we leave: ends the handlers' signal before our node goes, so terms never overlap. */
  private leaving = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private lastTerm: Promise<void> = Promise.resolve();
  private closed = false;
  /** Aborted by `close()`: ends a pause before joining again. */
  private readonly closedSignal = new AbortController();
  /** Terms in a row whose handlers threw; sets the pause before joining again. */
  private failedTerms = 0;

  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
    private identifier: string,
    private readonly logger: Logger,
    private readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number } = {
      initialDelayMs: 1000,
      maxDelayMs: 60_000,
    },
  ) {}

  /**
   * How this process names itself in the election: set by the first `@OnLeader()` on the path (the others must agree),
   * before `start()`.
   */
  setIdentifier(identifier: string): void {
    this.identifier = identifier;
  }

  addHandler(handler: LeaderHandler): void {
    this.handlers.push(handler);
  }

  /** Whether this application leads the election now. */
  get isLeader(): boolean {
    return (this.election?.isLeader ?? false) && !this.leaving.signal.aborted;
  }

  /** Joins the election (contending in the background). */
  async start(): Promise<void> {
    if (this.closed) return;
    const election = new Election(this.client, this.path, { identifier: this.identifier });
    election.on('leader', (term: AbortSignal) => this.onTerm(election, term));
    election.on('error', (error: unknown) => this.logger.warn(`Election ${this.path}: ${describeError(error)}`));
    this.leaving = new AbortController();
    this.election = election;
    await election.start();
  }

  /** Gives leadership up (if held) and contends again at the end of the line. */
  async yield(deadline: Promise<void> = new Promise<void>(() => undefined)): Promise<void> {
    await this.leave(deadline);
    if (!this.closed) await this.start();
  }

  /** Leaves for good (application shutdown): a `yield()` in progress does not contend again. */
  async close(deadline: Promise<void>): Promise<void> {
    this.closed = true;
    this.closedSignal.abort();
    await this.leave(deadline);
  }

  /**
   * Leaves the election: aborts the handlers' signal, waits for running handlers (until `deadline`), then deletes our
   * node. Idempotent.
   */
  async leave(deadline: Promise<void> = new Promise<void>(() => undefined)): Promise<void> {
    const election = this.election;
    this.election = undefined;
    this.leaving.abort();
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    await election?.close();
  }

  private onTerm(election: Election, term: AbortSignal): void {
    if (this.handlers.length === 0) return;
    const signal = AbortSignal.any([term, this.leaving.signal]);
    // A new term waits for the previous one's handlers to wind down, so they never run twice at once.
    const previous = this.lastTerm;
    const run: Promise<void> = previous.then(async () => {
      let failed = false;
      if (!signal.aborted) {
        const leaderTerm: LeaderTerm = { signal, transaction: () => election.transaction(term) };
        const outcomes = await Promise.all(this.handlers.map((handler) => this.callHandler(handler, leaderTerm)));
        failed = outcomes.includes(false);
      }
      this.running.delete(run);
      const release = this.handlers.some((handler) => handler.releaseOnReturn);
      if (!release || this.election !== election || !election.isLeader) return;
      // This term's handlers are done: no need to wait for them again while leaving.
      if (!failed) {
        this.failedTerms = 0;
        await this.yield(Promise.resolve());
        return;
      }
      // A handler that throws at once would otherwise lead, fail and lead again in a tight loop: step aside now (so
      // another process can lead) and come back after a growing pause.
      this.failedTerms++;
      await this.leave(Promise.resolve());
      const delayMs = retryDelay(this.retry, this.failedTerms);
      this.logger.warn(LEADER_RETRY(this.path, this.failedTerms, delayMs));
      await sleep(delayMs, undefined, { signal: this.closedSignal.signal }).catch(() => undefined);
      if (!this.closed) await this.start();
    });
    this.running.add(run);
    this.lastTerm = run.catch((error: unknown) =>
      this.logger.error(`Election ${this.path}: could not contend again: ${describeError(error)}`),
    );
  }

  /** Runs one handler; resolves whether it returned without throwing (a throw is logged here). */
  private async callHandler(handler: LeaderHandler, term: LeaderTerm): Promise<boolean> {
    try {
      await handler.call(term.signal, term);
      return true;
    } catch (error) {
      this.logger.error(HANDLER_FAILED('OnLeader', handler.where, this.path, error), (error as Error)?.stack);
      return false;
    }
  }
}

/** The pause after `failures` failed terms in a row: doubling from the initial delay to the maximum, each ±20%. */
function retryDelay(retry: { readonly initialDelayMs: number; readonly maxDelayMs: number }, failures: number): number {
  const base = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

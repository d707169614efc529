import type { Logger } from '@nestjs/common';
import { Election } from '../client';
import type { ZooKeeperClient } from '../client';
import { HANDLER_FAILED, describeError } from './zookeeper.messages';

/** An `@OnLeader()` method bound to its instance. */
export interface LeaderHandler {
  readonly call: (signal: AbortSignal) => unknown;
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

  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
    private identifier: string,
    private readonly logger: Logger,
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
      if (!signal.aborted) await Promise.allSettled(this.handlers.map((handler) => this.callHandler(handler, signal)));
      this.running.delete(run);
      const release = this.handlers.some((handler) => handler.releaseOnReturn);
      // This term's handlers are done: no need to wait for them again while leaving.
      if (release && this.election === election && election.isLeader) await this.yield(Promise.resolve());
    });
    this.running.add(run);
    this.lastTerm = run.catch((error: unknown) =>
      this.logger.error(`Election ${this.path}: could not contend again: ${describeError(error)}`),
    );
  }

  private async callHandler(handler: LeaderHandler, signal: AbortSignal): Promise<void> {
    try {
      await handler.call(signal);
    } catch (error) {
      this.logger.error(HANDLER_FAILED('OnLeader', handler.where, this.path, error), (error as Error)?.stack);
    }
  }
}

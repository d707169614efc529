import type { Logger } from '@nestjs/common';
import { SHUTDOWN_DEADLINE } from './zookeeper.messages';

/** The one deadline all shutdown steps share: each step waits at most until it, and says so when it gives up. */
export class ShutdownDeadline {
  private readonly endsAt: number;
  private timer: NodeJS.Timeout | undefined;
  /** Resolves when the deadline passes. */
  readonly reached: Promise<void>;

  constructor(
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.endsAt = Date.now() + timeoutMs;
    this.reached = new Promise<void>((resolve) => {
      this.timer = setTimeout(resolve, timeoutMs);
    });
  }

  /** Milliseconds left, at least 0. */
  get remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /**
   * Waits for `work` or the deadline, whichever comes first; logs the step that did not finish in time. With
   * `graceMs`, waits at least that long even when the deadline has already passed.
   */
  async step(name: string, work: Promise<unknown>, graceMs = 0): Promise<void> {
    let done = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const limit =
      graceMs > this.remainingMs
        ? new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)))
        : this.reached;
    await Promise.race([work.finally(() => (done = true)), limit]);
    clearTimeout(graceTimer);
    if (!done) this.logger.warn(SHUTDOWN_DEADLINE(name, this.timeoutMs));
  }

  /** Stops the timer so it does not keep the process alive. */
  dispose(): void {
    clearTimeout(this.timer);
  }
}

import { abortReason } from './abort';
import type { Deadline } from './deadline';

/**
 * A level-triggered flag that watches and state listeners raise and a recipe awaits, as kazoo's `wake_event`. Setting
 * it before anyone waits is remembered, which closes the gap between "register a watch" and "start waiting".
 */
export class WakeEvent {
  private raised = false;
  private readonly waiters = new Set<() => void>();

  /** Raises the flag and wakes every waiter. Safe to call from any callback, any number of times. */
  set(): void {
    this.raised = true;
    for (const wake of [...this.waiters]) wake();
  }

  /** Lowers the flag before the next check-then-wait round. */
  clear(): void {
    this.raised = false;
  }

  /** Whether the flag is up. */
  get isSet(): boolean {
    return this.raised;
  }

  /**
   * Resolves `true` once the flag is up, `false` when the deadline passes first; rejects with the signal's reason when
   * it aborts first. Leaves no timer and no listener behind in any case.
   */
  wait(options: { signal?: AbortSignal; deadline?: Deadline } = {}): Promise<boolean> {
    const { signal, deadline } = options;
    if (this.raised) return Promise.resolve(true);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const remaining = deadline?.remainingMs();
    if (remaining === 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: () => void): void => {
        this.waiters.delete(onWake);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onWake = (): void => finish(() => resolve(true));
      const onAbort = (): void => finish(() => reject(abortReason(signal as AbortSignal)));
      this.waiters.add(onWake);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (remaining !== undefined) timer = setTimeout(() => finish(() => resolve(false)), remaining);
    });
  }
}

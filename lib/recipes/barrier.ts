import { NoNodeError } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { throwIfAborted } from './internal/abort';
import { Deadline } from './internal/deadline';
import { checkRecipeOptions, validateRecipePath } from './internal/inputs';
import { recheckOnChange } from './internal/recheck-on-change';

/**
 * kazoo's Barrier: the barrier is up while its node exists. `wait()` blocks until someone removes it, woken by an
 * exists-watch (never by polling).
 *
 * @example
 * const gate = new Barrier(client, '/gates/deploy');
 * await gate.create();           // coordinator
 * await gate.wait();             // workers block here …
 * await gate.remove();           // … until the coordinator lifts it
 */
export class Barrier {
  /** The barrier's node. */
  readonly path: string;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
  ) {
    this.path = validateRecipePath(path);
  }

  /** Puts the barrier up (creates its node and parents; fine if it is already up). */
  async create(): Promise<void> {
    await this.client.retry(() => this.client.ensurePath(this.path));
  }

  /** Lifts the barrier; resolves whether it was up. */
  async remove(): Promise<boolean> {
    try {
      await this.client.retry(() => this.client.delete(this.path));
      return true;
    } catch (error) {
      if (error instanceof NoNodeError) return false;
      throw error;
    }
  }

  /** Resolves `true` once the barrier is down (at once if it is), `false` when `timeoutMs` passes first. */
  async wait(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<boolean> {
    checkRecipeOptions(options);
    const deadline = new Deadline(options.timeoutMs);
    const { signal } = options;
    throwIfAborted(signal);
    const down = await recheckOnChange(this.client, { signal, deadline }, async (watch) => {
      const stat = await this.client.retry(() => this.client.exists(this.path, { watch, signal }), { signal });
      return stat === null ? true : undefined;
    });
    return down ?? false;
  }
}

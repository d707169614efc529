import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { throwIfAborted } from './internal/abort';
import { CreateMode, EventType, InvalidArgumentError } from './internal/client-api';
import type { WatchedEvent, ZooKeeperClient } from './internal/client-api';
import { Deadline } from './internal/deadline';
import { checkIdentifier, checkRecipeOptions, toBuffer, validateRecipePath } from './internal/inputs';
import { recheckOnChange } from './internal/recheck-on-change';
import { ignoreNoNode, ignoreNodeExists } from './internal/tolerated-errors';
import { WakeEvent } from './internal/wake-event';

const READY_NODE = 'ready';

/** How long and until when `enter`/`leave` may wait. */
export interface DoubleBarrierWaitOptions {
  /**
   * Give up waiting after this many ms and resolve `false`; `0` checks once without waiting; absent waits forever.
   * The budget covers the waits on watches, not retries of a request during a connection loss.
   */
  timeoutMs?: number;
  /** Abort the call: it rejects with the signal's reason (`enter` removes our member node first). */
  signal?: AbortSignal;
}

/** Options of {@link DoubleBarrier}. */
export interface DoubleBarrierOptions {
  /** How many members the barrier waits for (required, an integer >= 1). */
  numClients: number;
  /** Written as our member node's data. Default `<hostname>-<pid>`. */
  identifier?: string | Buffer;
}

/**
 * kazoo's DoubleBarrier: synchronises the start and the end of a task among `numClients` members. Members are
 * ephemeral nodes `<uuid hex>` (data: identifier) under `path`; the last one to arrive creates `path/ready`, which
 * releases everyone from `enter()`. `leave()` deletes `ready` and returns only when every member node is gone
 * (the lowest member waits for the highest, everyone else deletes its node and waits for the lowest).
 *
 * @example
 * const barrier = new DoubleBarrier(client, '/barriers/batch-7', { numClients: 3 });
 * await barrier.enter();
 * await doWork();
 * await barrier.leave();
 */
export class DoubleBarrier {
  /** The barrier's parent node. */
  readonly path: string;
  /** Whether we are inside (entered and not yet left). */
  participating = false;
  private readonly nodeName = randomUUID().replace(/-/g, '');
  private readonly identifier: string | Buffer;
  private readonly numClients: number;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: DoubleBarrierOptions,
  ) {
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.numClients = options.numClients;
    if (!Number.isInteger(this.numClients) || this.numClients < 1) {
      throw new InvalidArgumentError('numClients', `expected an integer >= 1, got ${String(this.numClients)}`);
    }
    this.identifier = checkIdentifier(options.identifier) ?? `${hostname()}-${process.pid}`;
  }

  private get nodePath(): string {
    return `${this.path}/${this.nodeName}`;
  }

  /**
   * Enters and waits until `numClients` members are in. Resolves `true` then, `false` when `timeoutMs` passes first
   * (our member node is removed again); rejects when `signal` aborts (node removed too).
   */
  async enter(options: DoubleBarrierWaitOptions = {}): Promise<boolean> {
    checkRecipeOptions(options);
    const deadline = new Deadline(options.timeoutMs);
    const { signal } = options;
    throwIfAborted(signal);
    // Once `ready` has been created the barrier is open, even if a member that entered first has already deleted it
    // again on its way out (leave() does): checking that it exists would then miss the opening and wait for good.
    let opened = false;
    try {
      await this.client.retry(() => this.client.ensurePath(this.path, { signal }), { signal });
      const entered = await recheckOnChange(this.client, { signal, deadline }, async (watch) => {
        const watchReady = (event: WatchedEvent): void => {
          if (event.type === EventType.NODE_CREATED) opened = true;
          watch(event);
        };
        // Created again after a lost session took our ephemeral node with it.
        await this.client
          .retry(
            () => this.client.create(this.nodePath, toBuffer(this.identifier), { mode: CreateMode.EPHEMERAL, signal }),
            { signal },
          )
          .catch(ignoreNodeExists);
        const readyPath = `${this.path}/${READY_NODE}`;
        const ready = await this.client.retry(() => this.client.exists(readyPath, { watch: watchReady, signal }), {
          signal,
        });
        if (ready !== null || opened) return true;
        const children = await this.client.retry(() => this.client.getChildren(this.path, { signal }), { signal });
        if (children.length < this.numClients) return undefined;
        await this.client.retry(() => this.client.ensurePath(readyPath, { signal }), { signal });
        return true;
      });
      if (entered === undefined) {
        await this.deleteOwnNode();
        return false;
      }
      this.participating = true;
      return true;
    } catch (error) {
      await this.deleteOwnNode().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Leaves and waits until every member has left. Resolves `true` then, `false` when `timeoutMs` passes first (our
   * own node is gone by then unless we are the lowest member, which leaves last).
   */
  async leave(options: DoubleBarrierWaitOptions = {}): Promise<boolean> {
    checkRecipeOptions(options);
    const deadline = new Deadline(options.timeoutMs);
    const { signal } = options;
    throwIfAborted(signal);
    await this.client.retry(() => this.client.delete(`${this.path}/${READY_NODE}`)).catch(ignoreNoNode);
    try {
      for (;;) {
        const children = (
          await this.client.retry(() => this.client.getChildren(this.path, { signal }), { signal })
        ).filter((child) => child !== READY_NODE);
        if (children.length === 0) return true;
        if (children.length === 1 && children[0] === this.nodeName) {
          await this.deleteOwnNode();
          return true;
        }
        children.sort();
        const lowest = children[0];
        let awaited: string;
        if (lowest === this.nodeName) {
          awaited = children[children.length - 1];
        } else {
          if (children.includes(this.nodeName)) await this.deleteOwnNode();
          awaited = lowest;
        }
        const wake = new WakeEvent();
        const stat = await this.client.retry(
          () => this.client.exists(`${this.path}/${awaited}`, { watch: () => wake.set(), signal }),
          { signal },
        );
        if (stat === null) continue;
        if (!(await wake.wait({ signal, deadline }))) return false;
      }
    } finally {
      this.participating = false;
    }
  }

  private async deleteOwnNode(): Promise<void> {
    await this.client.retry(() => this.client.delete(this.nodePath)).catch(ignoreNoNode);
  }
}

import { LockLostError } from '../errors';
import { ConnectionState, EventType, KeeperState, NoNodeError } from './client-api';
import type { WatchedEvent, ZooKeeperClient } from './client-api';
import { isConnected, onStateChange } from './session-state';
import { watchSessionDeadline } from './session-deadline';

/** When a held node counts as lost besides its deletion and the end of the session. */
export interface HeldNodePolicy {
  /** Also give it up as soon as the connection is suspended (Curator's standard connection-state policy). */
  loseOnSuspended?: boolean;
}

/**
 * Guards an ephemeral node we hold (a lock node, a lease, a leader's node) and turns its loss into an aborted signal.
 *
 * It is lost when the session is LOST, when the node is deleted by someone else (a data watch on it), when the server
 * has answered nothing for nearly the session timeout (before the server could expire the session: see
 * `watchSessionDeadline`; the node is then deleted if the session comes back), or,
 * under the `loseOnSuspended` policy, as soon as the connection is SUSPENDED. {@link detach} stops guarding without aborting; it is
 * what a voluntary release calls before deleting the node, so the deletion's own watch event is ignored.
 */
export class HeldNode {
  private readonly controller = new AbortController();
  private stopListening: (() => void) | undefined;
  private stopDeadlineTimer: (() => void) | undefined;
  private attached = true;
  /** Settles (never rejects) once the first watch on the node is set or its absence is known. */
  private armed: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: ZooKeeperClient,
    readonly nodePath: string,
    private readonly recipePath: string,
  ) {}

  /** Starts guarding `nodePath` (the node must exist); resolves once the watch on it is registered. */
  static async guard(
    client: ZooKeeperClient,
    nodePath: string,
    recipePath: string,
    policy: HeldNodePolicy = {},
  ): Promise<HeldNode> {
    const held = HeldNode.start(client, nodePath, recipePath, policy);
    await held.armed;
    return held;
  }

  /**
   * Starts guarding `nodePath` at once and sets the watch on it in the background, so the caller need not wait a
   * round trip: the session is guarded from now on, and a node already gone when the watch is set aborts the signal.
   */
  static start(client: ZooKeeperClient, nodePath: string, recipePath: string, policy: HeldNodePolicy = {}): HeldNode {
    const held = new HeldNode(client, nodePath, recipePath);
    held.stopListening = onStateChange(client, (state) => {
      if (state === ConnectionState.LOST) held.lose('session-lost');
      else if (state === ConnectionState.SUSPENDED && policy.loseOnSuspended) held.lose('suspended');
    });
    // Nothing answered for nearly a session timeout: the server may expire the session (and give the node to another
    // contender) at any moment now, so we give it up first.
    held.stopDeadlineTimer = watchSessionDeadline(client, () => held.giveUp());
    held.armed = held.arm();
    return held;
  }

  /** Aborts with a {@link LockLostError} once the node is lost; never aborts after {@link detach}. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the node still counts as held. */
  get isHeld(): boolean {
    return this.attached && !this.controller.signal.aborted;
  }

  /** Stops guarding without aborting. */
  detach(): void {
    this.attached = false;
    this.stopListening?.();
    this.stopListening = undefined;
    this.stopDeadlineTimer?.();
    this.stopDeadlineTimer = undefined;
  }

  /**
   * Treats the node as lost once the session may expire any moment, and deletes it if the session comes back after all, so the lock (lease, leadership) is really given up rather than held by nobody who knows it.
   */
  private giveUp(): void {
    if (!this.attached || this.controller.signal.aborted) return;
    this.lose('session-may-expire');
    const remove = (): void => {
      this.client.delete(this.nodePath).catch(() => undefined);
    };
    if (isConnected(this.client)) {
      remove();
      return;
    }
    const stop = onStateChange(this.client, (state) => {
      if (state === ConnectionState.LOST) stop();
      else if (isConnected(this.client)) {
        stop();
        remove();
      }
    });
  }

  /** Gives the node up as lost now (e.g. the recipe is closing while the connection is down). */
  lose(why: LockLostError['why']): void {
    if (!this.attached || this.controller.signal.aborted) return;
    this.detach();
    this.controller.abort(new LockLostError(this.recipePath, why));
  }

  private async arm(): Promise<void> {
    try {
      await this.client.getData(this.nodePath, { watch: (event) => this.onWatch(event) });
    } catch (error) {
      if (error instanceof NoNodeError) this.lose('node-deleted');
      else if (this.client.state === ConnectionState.LOST) this.lose('session-lost');
      // Any other failure (a connection loss) leaves the state listener in charge: a lost session still aborts us.
    }
  }

  private onWatch(event: WatchedEvent): void {
    if (!this.attached) return;
    if (event.type === EventType.NODE_DELETED) this.lose('node-deleted');
    else if (event.type === EventType.NONE && event.state === KeeperState.EXPIRED) this.lose('session-lost');
    else if (event.type === EventType.NODE_DATA_CHANGED) void this.arm();
  }
}

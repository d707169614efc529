import { EventEmitter } from 'node:events';
import { ConnectionState, CreateMode } from './client-api';
import type { ZooKeeperClient } from './client-api';
import { checkIdentifier, checkRecipeOptions, toBuffer, validateRecipePath } from './inputs';
import { onStateChange } from './session-state';
import { ignoreNoNode, ignoreNodeExists, isSessionGone } from './tolerated-errors';

/** Options of `Party` and `ShallowParty`. */
export interface PartyOptions {
  /**
   * The member's name: `Party` writes it as the member node's data, `ShallowParty` puts it in the node's name (read
   * as UTF-8 if a Buffer; no `/`). What `members()` lists.
   */
  identifier?: string | Buffer;
}

/**
 * What Party and ShallowParty share (kazoo's BaseParty): one ephemeral member node under `path`, named by the
 * subclass, joined and left with retries. A lost session removes the node; the member then emits `'lost'` and, while
 * it still wants to take part, re-joins on the next session and emits `'joined'` again.
 */
export abstract class BaseParty extends EventEmitter {
  /** The party's parent node. */
  readonly path: string;
  /** The identifier as bytes (Party writes it as data, ShallowParty puts it in the name). */
  protected readonly data: Buffer;
  private wanted = false;
  private present = false;
  private stopListening: (() => void) | undefined;

  protected constructor(
    /** The client the recipe's requests go through; the recipe never connects or closes it. */
    protected readonly client: ZooKeeperClient,
    path: string,
    options: PartyOptions,
  ) {
    super();
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.data = toBuffer(checkIdentifier(options.identifier));
  }

  /** The member node's name, fixed per instance. */
  protected abstract get nodeName(): string;

  /** Whether our member node is in the party now. */
  get participating(): boolean {
    return this.present;
  }

  /** Joins (idempotent): creates our ephemeral member node. */
  async join(): Promise<void> {
    this.wanted = true;
    this.stopListening ??= onStateChange(this.client, (state) => this.onState(state));
    await this.createNode();
  }

  /** Leaves: deletes our member node. Resolves `false` when it was not there. */
  async leave(): Promise<boolean> {
    this.wanted = false;
    this.stopListening?.();
    this.stopListening = undefined;
    const wasPresent = this.present;
    this.present = false;
    try {
      await this.client.retry(() => this.client.delete(`${this.path}/${this.nodeName}`));
      return true;
    } catch (error) {
      if (isSessionGone(error)) return false;
      ignoreNoNode(error);
      return false;
    } finally {
      if (wasPresent) this.emit('left');
    }
  }

  /** The number of members. */
  async size(): Promise<number> {
    return (await this.memberNodes()).length;
  }

  /** `await using member = …`: leaves on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.leave();
  }

  /** The member nodes' names (only those this kind of party recognises). */
  protected async memberNodes(): Promise<string[]> {
    await this.client.retry(() => this.client.ensurePath(this.path));
    const children = await this.client.retry(() => this.client.getChildren(this.path));
    return children.filter((child) => this.isMemberNode(child));
  }

  /** Whether a child of `path` is a member of this kind of party. */
  protected abstract isMemberNode(child: string): boolean;

  private async createNode(): Promise<void> {
    await this.client.retry(() => this.client.ensurePath(this.path));
    // A fixed name makes the create idempotent: NodeExists after a retried create means we are in.
    await this.client
      .retry(() => this.client.create(`${this.path}/${this.nodeName}`, this.data, { mode: CreateMode.EPHEMERAL }))
      .catch(ignoreNodeExists);
    if (!this.wanted) {
      // leave() ran while we were creating: do not leave a member node behind.
      await this.client.retry(() => this.client.delete(`${this.path}/${this.nodeName}`)).catch(ignoreNoNode);
      return;
    }
    this.present = true;
    this.emit('joined');
  }

  private onState(state: ConnectionState): void {
    if (state === ConnectionState.LOST && this.present) {
      this.present = false;
      this.emit('lost');
    } else if (state === ConnectionState.CONNECTED && this.wanted && !this.present) {
      this.createNode().catch((error: unknown) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      });
    }
  }
}

import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { abortReason, checkSignalArgument } from './internal/abort';
import { ConnectionState, InvalidArgumentError, sleep } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { Deadline } from './internal/deadline';
import { checkRecipeOptions, identifierText, durationOption, validateRecipePath } from './internal/inputs';
import { onStateChange } from './internal/session-state';
import { WakeEvent } from './internal/wake-event';
import { Lock } from './lock';
import { ShallowParty } from './shallow-party';

/** kazoo's PartitionState values. */
export enum PartitionState {
  /** The set is being (re)partitioned: waiting for the party to settle and taking the locks of our share. */
  ALLOCATING = 'ALLOCATING',
  /** Our share is locked and ours: iterate it. */
  ACQUIRED = 'ACQUIRED',
  /** The party changed (or the connection was suspended): call `releaseSet()` as soon as possible. */
  RELEASE = 'RELEASE',
  /** Unrecoverable (session lost, `finish()` called, or a failure): create a new partitioner. */
  FAILURE = 'FAILURE',
}

/** Picks `identifier`'s share of `items` given all `members`' identifiers; must be deterministic for all members. */
export type PartitionFunction<T> = (identifier: string, members: readonly string[], items: readonly T[]) => T[];

/** Options of {@link SetPartitioner}. */
export interface SetPartitionerOptions<T> {
  /** The items to share out among the members (required). */
  items: readonly T[];
  /** Default: kazoo's — sort items and members, take every n-th item starting at our index. */
  partitionFunc?: PartitionFunction<T>;
  /** Our member name (part of a node name: no `/`; a Buffer is read as UTF-8). Default `<hostname>-<pid>-<random>`. */
  identifier?: string | Buffer;
  /** How long the party must stay unchanged before allocating (kazoo's `time_boundary`), default 30000 ms. */
  timeBoundaryMs?: number;
  /** How long one lock attempt waits before re-checking the party (kazoo's `max_reaction_time`), default 1000 ms. */
  maxReactionTimeMs?: number;
}

function compareItems(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** kazoo's default partition function. */
export function defaultPartitionFunction<T extends string | number>(
  identifier: string,
  members: readonly string[],
  items: readonly T[],
): T[] {
  const sortedItems = [...items].sort(compareItems);
  const workers = [...members].sort();
  const index = workers.indexOf(identifier);
  if (index < 0) return [];
  return sortedItems.filter((_, i) => i % workers.length === index);
}

/**
 * kazoo's SetPartitioner on kazoo's layout: members join the ShallowParty `path/party`; once the party has been
 * stable for `timeBoundaryMs`, each member takes the kazoo Lock `path/locks/<item>` of every item in its share.
 * State machine (events `'state'` with the new state): ALLOCATING → ACQUIRED → (party changes) RELEASE →
 * `releaseSet()` → ALLOCATING …; FAILURE on session loss or `finish()`. Suspension moves to RELEASE as kazoo does.
 *
 * @example
 * const partitioner = new SetPartitioner(client, '/partitions/queues', { items: ['q1', 'q2', 'q3'] });
 * await partitioner.start();
 * for (;;) {
 *   if (partitioner.failed) throw new Error('partition lost');
 *   else if (partitioner.release) await partitioner.releaseSet();
 *   else if (partitioner.acquired) await work(partitioner.partitions, partitioner.stateChanged());
 *   else await partitioner.waitForAcquire();
 * }
 */
export class SetPartitioner<T extends string | number = string> extends EventEmitter {
  /** The partitioner's parent node. */
  readonly path: string;
  /** Our member name. */
  readonly identifier: string;
  private currentState = PartitionState.ALLOCATING;
  private stateId = 0;
  private share: T[] = [];
  private locks: Lock[] = [];
  private readonly items: readonly T[];
  private readonly partitionFunc: PartitionFunction<T>;
  private readonly timeBoundaryMs: number;
  private readonly maxReactionTimeMs: number;
  private readonly party: ShallowParty;
  private readonly stateChange = new WakeEvent();
  private readonly closing = new AbortController();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly client: ZooKeeperClient,
    path: string,
    options: SetPartitionerOptions<T>,
  ) {
    super();
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    const { items } = options;
    if (!Array.isArray(items)) throw new InvalidArgumentError('items', 'expected an array');
    if (options.partitionFunc !== undefined && typeof options.partitionFunc !== 'function') {
      throw new InvalidArgumentError('partitionFunc', 'expected a function');
    }
    this.items = [...items];
    this.partitionFunc = options.partitionFunc ?? (defaultPartitionFunction as PartitionFunction<T>);
    this.identifier = identifierText(options.identifier) ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.timeBoundaryMs = durationOption(options.timeBoundaryMs, 'timeBoundaryMs', 30000);
    // At least 1 ms: each lock attempt waits this long, and 0 would re-check the party in a tight loop.
    this.maxReactionTimeMs = durationOption(options.maxReactionTimeMs, 'maxReactionTimeMs', 1000, 1);
    this.party = new ShallowParty(client, `${this.path}/party`, { identifier: this.identifier });
  }

  /** The current state. */
  get state(): PartitionState {
    return this.currentState;
  }
  /** State FAILURE. */
  get failed(): boolean {
    return this.currentState === PartitionState.FAILURE;
  }
  /** State RELEASE. */
  get release(): boolean {
    return this.currentState === PartitionState.RELEASE;
  }
  /** State ALLOCATING. */
  get allocating(): boolean {
    return this.currentState === PartitionState.ALLOCATING;
  }
  /** State ACQUIRED. */
  get acquired(): boolean {
    return this.currentState === PartitionState.ACQUIRED;
  }

  /** Our share of the set while ACQUIRED (empty otherwise). */
  get partitions(): T[] {
    return this.acquired ? [...this.share] : [];
  }

  /** Iterates our share. */
  [Symbol.iterator](): Iterator<T> {
    return this.partitions[Symbol.iterator]();
  }

  /** Creates the nodes, joins the party and starts allocating; resolves once joined. */
  async start(): Promise<void> {
    await this.client.retry(() => this.client.ensurePath(`${this.path}/locks`));
    await this.party.join();
    this.stopListening = onStateChange(this.client, (state) => this.onConnectionState(state));
    this.allocateInBackground();
  }

  /** Resolves once the state differs from the one it had when called; rejects when `signal` aborts. */
  async stateChanged(options: { signal?: AbortSignal } = {}): Promise<PartitionState> {
    checkRecipeOptions(options);
    checkSignalArgument(options.signal);
    const id = this.stateId;
    while (this.stateId === id) {
      this.stateChange.clear();
      if (this.stateId !== id) break;
      await this.stateChange.wait({ signal: options.signal });
    }
    return this.currentState;
  }

  /**
   * Waits until the set is ACQUIRED (kazoo's `wait_for_acquire`); resolves whether it is, `false` when it reaches
   * FAILURE or `timeoutMs` (default 30000) passes first.
   */
  async waitForAcquire(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<boolean> {
    checkRecipeOptions(options);
    checkSignalArgument(options.signal);
    const deadline = new Deadline(options.timeoutMs ?? 30000);
    for (;;) {
      if (this.acquired) return true;
      if (this.failed) return false;
      this.stateChange.clear();
      if (this.acquired || this.failed) continue;
      if (options.signal?.aborted) throw abortReason(options.signal);
      if (!(await this.stateChange.wait({ signal: options.signal, deadline }))) return this.acquired;
    }
  }

  /** Releases our share's locks and starts a new allocation (call it in state RELEASE). */
  async releaseSet(): Promise<void> {
    await this.releaseLocks();
    if (this.locks.length > 0) {
      await this.failOut();
      return;
    }
    if (this.failed) return;
    this.setState(PartitionState.ALLOCATING);
    this.allocateInBackground();
  }

  /** Releases everything and leaves the party: state FAILURE for good. */
  async finish(): Promise<void> {
    // Stop a running allocation first, so it cannot take a lock after we released ours.
    if (!this.closing.signal.aborted) this.closing.abort();
    await this.releaseLocks();
    await this.failOut();
  }

  private setState(state: PartitionState): void {
    this.currentState = state;
    this.stateId++;
    this.stateChange.set();
    this.emit('state', state);
  }

  private async failOut(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort();
    this.stopListening?.();
    this.stopListening = undefined;
    if (!this.failed) this.setState(PartitionState.FAILURE);
    await this.party.leave().catch(() => undefined);
  }

  private async releaseLocks(): Promise<void> {
    for (const lock of [...this.locks]) {
      try {
        await lock.release();
        this.locks.splice(this.locks.indexOf(lock), 1);
      } catch {
        // Kept in the list: releaseSet() then fails out rather than allocate with a stale lock still held.
      }
    }
  }

  private onConnectionState(state: ConnectionState): void {
    if (this.failed) return;
    if (state === ConnectionState.LOST) void this.failOut();
    else if (!this.release) this.setState(PartitionState.RELEASE);
  }

  private allocateInBackground(): void {
    this.allocate().catch(async () => {
      if (!this.failed) await this.finish();
    });
  }

  /**
   * kazoo's PatientChildrenWatch: the party's members once they have not changed for `timeBoundaryMs`, and a flag
   * raised by the first change after that.
   */
  private async settledMembers(): Promise<{ members: string[]; changed: WakeEvent }> {
    for (;;) {
      const changed = new WakeEvent();
      const children = await this.client.retry(
        () => this.client.getChildren(this.party.path, { watch: () => changed.set() }),
        { signal: this.closing.signal },
      );
      await sleep(this.timeBoundaryMs, this.closing.signal);
      if (!changed.isSet) return { members: children.map((child) => child.slice(child.indexOf('-') + 1)), changed };
    }
  }

  private async allocate(): Promise<void> {
    const { members, changed } = await this.settledMembers();
    if (!this.allocating) return;
    const stateId = this.stateId;
    let partyChanged = false;
    const onChange = (): void => {
      partyChanged = true;
      if (this.acquired) this.setState(PartitionState.RELEASE);
    };
    if (changed.isSet) onChange();
    else void changed.wait().then(onChange);

    const abortIfNeeded = async (): Promise<boolean> => {
      if (this.stateId === stateId) {
        if (!partyChanged) return false;
        await this.releaseLocks();
        if (this.locks.length > 0) await this.failOut();
        else this.allocateInBackground();
        return true;
      }
      if (this.allocating || this.acquired) this.setState(PartitionState.RELEASE);
      return true;
    };

    const share = this.partitionFunc(this.identifier, members, this.items);
    for (const item of share) {
      const lock = new Lock(this.client, `${this.path}/locks/${String(item)}`);
      // Bounded waits: an unbounded one could deadlock against a member that must first see the party change.
      while (!(await lock.acquire({ timeoutMs: this.maxReactionTimeMs, signal: this.closing.signal }))) {
        if (await abortIfNeeded()) return;
      }
      this.locks.push(lock);
      if (this.closing.signal.aborted) {
        await this.releaseLocks();
        return;
      }
      if (await abortIfNeeded()) return;
    }
    if (this.stateId === stateId && !partyChanged) {
      this.share = share;
      this.setState(PartitionState.ACQUIRED);
      return;
    }
    await abortIfNeeded();
  }
}

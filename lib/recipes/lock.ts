import { randomUUID } from 'node:crypto';
import { LockLostError, LockTimeoutError } from './errors';
import { GuardedTransaction } from './guarded-transaction';
import type { HoldGuard } from './guarded-transaction';
import { throwIfAborted } from './internal/abort';
import { ConnectionState, CreateMode, NoNodeError, WatcherType } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { InvalidArgumentError } from './internal/client-api';
import { Deadline } from './internal/deadline';
import { SerialQueue } from './internal/serial-queue';
import { HeldNode } from './internal/held-node';
import { checkIdentifier, checkRecipeOptions, toBuffer, validateRecipePath } from './internal/inputs';
import { createProtected, deleteProtected } from './internal/protected-create';
import { blockingPredecessor, orderContenders } from './internal/sequential-contenders';
import type { SequentialContender } from './internal/sequential-contenders';
import { onStateChange } from './internal/session-state';
import { ignoreNoNode, isSessionGone } from './internal/tolerated-errors';
import { WakeEvent } from './internal/wake-event';
import {
  lockAcquireObserved,
  lockReleaseObserved,
  publishLockAcquire,
  publishLockRelease,
  type LockIdentity,
} from './internal/lock-diagnostics';
import type { LockKind } from './internal/client-api';
import { ZkUsageError } from './internal/client-api';

/** kazoo's exclusive (and write) lock node marker: `<uuid hex>__lock__<seq>`. */
export const KAZOO_LOCK_MARKER = '__lock__';
/** kazoo's read lock node marker: `<uuid hex>__rlock__<seq>`. */
export const KAZOO_READ_LOCK_MARKER = '__rlock__';
/** Curator's InterProcessMutex node marker: `_c_<uuid>-lock-<seq>`. */
export const CURATOR_LOCK_MARKER = '-lock-';

/** Whose node names our contender node takes; contenders of both flavors are always recognised. */
export type LockFlavor = 'kazoo' | 'curator';

/** Options of {@link Lock}. */
export interface LockOptions {
  /** Written as the node's data, shown by `contenders()` (kazoo's `identifier`). */
  identifier?: string | Buffer;
  /**
   * `'kazoo'` (default) creates `<uuid>__lock__<seq>` like kazoo's Lock; `'curator'` creates `_c_<uuid>-lock-<seq>`
   * like Curator's InterProcessMutex, which Curator can order (it sorts on the text after `lock-`, so it cannot order
   * kazoo-named nodes).
   */
  flavor?: LockFlavor;
}

/** How long and until when `acquire` may wait. */
export interface LockAcquireOptions {
  /** Give up after this many ms and resolve `false`; `0` tries once without waiting; absent waits forever. */
  timeoutMs?: number;
  /** Abort the wait: `acquire` rejects with the signal's reason and leaves no node behind. */
  signal?: AbortSignal;
}

/**
 * An exclusive lock on the kazoo/Curator znode layout: each contender creates an ephemeral sequential child of `path`
 * and holds the lock while no blocking contender has a lower sequence number; a waiter watches only its predecessor.
 *
 * Not re-entrant: `acquire()` on a held instance rejects. While held, {@link fencingToken} is the zxid that created
 * our node (it only grows, for the whole life of the ensemble) and {@link lost} aborts if the session may be lost or
 * the node was deleted.
 *
 * @example
 * const lock = new Lock(client, '/locks/report', { identifier: 'worker-1' });
 * await lock.withLock(async (lost) => writeReport({ fencingToken: lock.fencingToken, signal: lost }));
 */
export class Lock implements AsyncDisposable {
  /** The lock's parent node. */
  readonly path: string;
  /** The naming of our own node. */
  readonly flavor: LockFlavor;
  private readonly data: Buffer;
  private readonly queue = new SerialQueue();
  private prefix: string | undefined;
  private node: string | undefined;
  private held: HeldNode | undefined;
  /** Our node's sequence number and creating zxid while held. */
  private token: { sequence: number; czxid: bigint } | undefined;
  /** The creating zxid of `node`, from the create's reply. */
  private czxid = 0n;
  private lostSignal: AbortSignal = new AbortController().signal;
  /** Set once `path` was seen to exist: later acquires skip the ensurePath round trip (a NONODE create redoes it). */
  private parentKnown = false;
  /** When the current hold began (ms since epoch), until its end is reported; 0 when there is none to report. */
  private heldSince = 0;

  constructor(
    /** The client the recipe's requests go through; the recipe never connects or closes it. */
    protected readonly client: ZooKeeperClient,
    path: string,
    options: LockOptions = {},
  ) {
    this.path = validateRecipePath(path);
    checkRecipeOptions(options);
    this.flavor = options.flavor ?? 'kazoo';
    if (this.flavor !== 'kazoo' && this.flavor !== 'curator') {
      throw new InvalidArgumentError('flavor', `expected 'kazoo' or 'curator', got ${String(this.flavor)}`);
    }
    this.data = toBuffer(checkIdentifier(options.identifier));
  }

  /** Whether this instance holds the lock right now (false again once it is lost). */
  get isAcquired(): boolean {
    return this.held?.isHeld ?? false;
  }

  /**
   * While the lock is held: the fencing token to pass to the resource it protects, so the resource can refuse a
   * holder whose token is not above the last one it accepted (see `FencingTokenGate`). It is our node's `czxid`, the
   * zxid of the transaction that created it (epoch and counter in 64 bits): every later acquisition of this lock, by
   * anyone, gets a higher one — across deletion or reaping of the lock's parent, server restarts and leader changes —
   * for as long as the ensemble keeps its data. It orders acquisitions; it does not make holders exclusive where the
   * recipe is not (two read-lock holders have different tokens and hold at once). Pass it on as a `bigint` or as its
   * decimal string (`token.toString()`), never as a `number`, which cannot hold 64 bits.
   */
  get fencingToken(): bigint | undefined {
    return this.isAcquired ? this.token?.czxid : undefined;
  }

  /**
   * While the lock is held: our node's sequence number (what kazoo and Curator order contenders by). It starts again
   * at 0 when the lock's parent node is recreated, so it is no fencing token: use {@link fencingToken}.
   */
  get sequence(): number | undefined {
    return this.isAcquired ? this.token?.sequence : undefined;
  }

  /**
   * A transaction whose writes commit only while this lock is still held (see {@link GuardedTransaction}): a holder
   * that lost the lock without knowing it yet (its session expired during a pause) writes nothing. Throws a
   * {@link LockLostError} with why `'not-held'` when the lock is not held now.
   *
   * @example
   * await lock.transaction().setData('/reports/latest', report).commit();
   */
  transaction(): GuardedTransaction {
    return new GuardedTransaction(this.client, this.holdGuard());
  }

  /**
   * @internal What a guarded transaction checks: our node, and whether this very hold is still ours (a later
   * acquisition by the same instance is another hold). Throws a {@link LockLostError} ('not-held') when not held.
   */
  holdGuard(): HoldGuard {
    const held = this.held;
    if (held === undefined || !this.isAcquired) throw new LockLostError(this.path, 'not-held');
    return {
      recipePath: this.path,
      nodePath: held.nodePath,
      lostReason: () => {
        if (held.signal.aborted) return held.signal.reason as LockLostError;
        return this.held === held && held.isHeld ? undefined : new LockLostError(this.path, 'not-held');
      },
    };
  }

  /** Aborts (with a {@link LockLostError}) when the current hold is lost; a fresh signal per acquisition. */
  get lost(): AbortSignal {
    return this.lostSignal;
  }

  /** The marker our own node carries. */
  protected nodeMarker(): string {
    return this.flavor === 'curator' ? CURATOR_LOCK_MARKER : KAZOO_LOCK_MARKER;
  }

  /** Markers of contenders that block us when ahead of us in line. */
  protected blockingMarkers(): readonly string[] {
    return [KAZOO_LOCK_MARKER, CURATOR_LOCK_MARKER];
  }

  private contenderMarkers(): string[] {
    return [...new Set([...this.blockingMarkers(), this.nodeMarker()])];
  }

  private newPrefix(): string {
    const uuid = randomUUID();
    return this.flavor === 'curator'
      ? `_c_${uuid}${this.nodeMarker()}`
      : `${uuid.replace(/-/g, '')}${this.nodeMarker()}`;
  }

  /**
   * Waits for the lock. Resolves `true` once held, `false` when `timeoutMs` passes first; rejects when `signal` aborts
   * or on a non-retryable error. In every case but `true`, our node is removed before the promise settles.
   */
  acquire(options: LockAcquireOptions = {}): Promise<boolean> {
    let deadline: Deadline;
    try {
      checkRecipeOptions(options);
      deadline = new Deadline(options.timeoutMs);
    } catch (error) {
      // Bad input rejects like every other failure of this method, never throws synchronously.
      return Promise.reject(error);
    }
    const { signal } = options;
    const startedAt = Date.now();
    return this.queue.run(async () => {
      if (this.isAcquired)
        throw new ZkUsageError(`Lock ${this.path} is already held by this instance (it is not re-entrant)`);
      throwIfAborted(signal);
      this.prefix = this.newPrefix();
      try {
        const acquired = await this.contend(deadline, signal);
        if (!acquired) await this.abandon();
        if (lockAcquireObserved(this)) {
          const node = acquired ? this.node : undefined;
          publishLockAcquire(this.identity(), acquired ? 'acquired' : 'timed-out', startedAt, node);
        }
        return acquired;
      } catch (error) {
        await this.abandon();
        if (lockAcquireObserved(this)) publishLockAcquire(this.identity(), 'failed', startedAt, undefined, error);
        throw error;
      }
    });
  }

  /** How the lock names itself on the diagnostics channels. */
  private identity(): LockIdentity {
    let kind: LockKind = 'lock';
    if (this.nodeMarker() === KAZOO_READ_LOCK_MARKER) kind = 'read-lock';
    else if (this.blockingMarkers().includes(KAZOO_READ_LOCK_MARKER)) kind = 'write-lock';
    return { client: this.client, kind, path: this.path };
  }

  /** Reports the end of the current hold once, if anyone listens. */
  private endHold(node: string, reason: 'released' | 'lost'): void {
    const since = this.heldSince;
    this.heldSince = 0;
    if (since !== 0 && lockReleaseObserved(this)) publishLockRelease(this.identity(), node, reason, since);
  }

  private async contend(deadline: Deadline, signal: AbortSignal | undefined): Promise<boolean> {
    const prefix = this.prefix as string;
    const markers = this.contenderMarkers();
    const blocking = this.blockingMarkers();
    const wake = new WakeEvent();
    // A lost session deletes our node: wake up so the next request fails with SessionExpiredError (the client does
    // not start a new session by itself) and the acquire rejects instead of waiting for a watch that never comes.
    const stopListening = onStateChange(this.client, (state) => {
      if (state === ConnectionState.LOST) wake.set();
    });
    // The last watch set on a predecessor: removed when we stop waiting (timeout, abort, failure), so a waiter that
    // gave up leaves no watch behind. A watch that fired is no longer registered, and removing it does nothing.
    let watched: { path: string; listener: () => void } | undefined;
    try {
      for (;;) {
        wake.clear();
        // The listing sent right behind our create, used in place of a listing of our own when it shows our node.
        let early: string[] | undefined;
        if (this.node === undefined) {
          if (!this.parentKnown) {
            await this.client.retry(() => this.client.ensurePath(this.path, { signal }), { signal });
            this.parentKnown = true;
          }
          let listing: Promise<string[] | undefined>;
          try {
            const creating = createProtected(this.client, this.path, prefix, {
              data: this.data,
              mode: CreateMode.EPHEMERAL_SEQUENTIAL,
              signal,
            });
            // The listing goes out right behind the create and the server answers in order, so it already shows our
            // node: placing ourselves in line takes no further round trip. A failure here just means listing again.
            listing = this.client.getChildren(this.path, { signal }).catch(() => undefined);
            const created = await creating;
            this.node = created.name;
            this.czxid = created.czxid;
          } catch (error) {
            // The parent was deleted since we last saw it: create it again and retry.
            if (!(error instanceof NoNodeError)) throw error;
            this.parentKnown = false;
            continue;
          }
          early = await listing;
        }
        // An early listing without our node may predate a create retried after a connection loss: it proves nothing.
        let place = early === undefined ? undefined : this.placeInLine(early, markers, blocking);
        if (place?.self === undefined) {
          const children = await this.client.retry(() => this.client.getChildren(this.path, { signal }), { signal });
          place = this.placeInLine(children, markers, blocking);
        }
        const { self, predecessor } = place;
        if (self === undefined) {
          // Our node is gone: its session expired (or someone deleted it). Take a new place in line.
          this.node = undefined;
          continue;
        }
        if (predecessor === undefined) {
          // Guarded from now on; the watch on our node is set in the background (a node found gone aborts `lost`): a
          // waiter sets none, and a hand-off still takes one round trip after the wake-up.
          this.onAcquired(self, HeldNode.start(this.client, `${this.path}/${this.node}`, this.path));
          return true;
        }
        if (deadline.expired) return false;
        // getData, not exists: a watch on a vanished node would otherwise stay registered for nothing.
        const listener = (): void => wake.set();
        watched = { path: `${this.path}/${predecessor.name}`, listener };
        const watching = await this.client.retry(
          () =>
            this.client.getData(`${this.path}/${predecessor.name}`, { watch: listener, signal }).then(
              () => true,
              (error: unknown) => {
                ignoreNoNode(error);
                return false;
              },
            ),
          { signal },
        );
        if (watching && !(await wake.wait({ signal, deadline }))) return false;
      }
    } finally {
      stopListening();
      if (watched !== undefined) {
        this.client.removeWatchListener(watched.path, WatcherType.DATA, watched.listener).catch(() => undefined);
      }
    }
  }

  /** Our contender in `children` (undefined if our node is gone) and the blocking contender right ahead of it. */
  private placeInLine(
    children: string[],
    markers: readonly string[],
    blocking: readonly string[],
  ): { self?: SequentialContender; predecessor?: SequentialContender } {
    const ordered = orderContenders(children, markers);
    const self = ordered.find((contender) => contender.name === this.node);
    return { self, predecessor: self === undefined ? undefined : blockingPredecessor(ordered, self, blocking) };
  }

  private onAcquired(self: SequentialContender, held: HeldNode): void {
    this.held = held;
    this.token = { sequence: self.sequence, czxid: this.czxid };
    this.lostSignal = held.signal;
    this.heldSince = Date.now();
    held.signal.addEventListener('abort', () => {
      if (this.held !== held) return;
      this.endHold(self.name, 'lost');
      this.node = undefined;
    });
  }

  /** Removes whatever node this attempt may have created, best effort: the attempt already failed for a reason. */
  private async abandon(): Promise<void> {
    const prefix = this.prefix as string;
    this.node = undefined;
    try {
      await deleteProtected(this.client, this.path, prefix);
    } catch {
      // Session gone (the node went with it) or the client closed: nothing is left to clean up by us.
    }
  }

  /**
   * Releases the lock by deleting our node (retried through connection losses). A no-op when not held, including
   * after the hold was lost. If the delete finally fails the lock stays held and the error is thrown.
   */
  release(): Promise<void> {
    return this.queue.run(async () => {
      const held = this.held;
      const node = this.node;
      if (held === undefined || node === undefined || !held.isHeld) {
        held?.detach();
        this.held = undefined;
        this.node = undefined;
        return;
      }
      held.detach();
      try {
        await this.client.retry(() => this.client.delete(`${this.path}/${node}`)).catch(ignoreNoNode);
        this.endHold(node, 'released');
      } catch (error) {
        if (!isSessionGone(error)) {
          // Still ours on the server: keep guarding it so `lost` and a later `release()` still work.
          this.held = await HeldNode.guard(this.client, held.nodePath, this.path);
          this.lostSignal = this.held.signal;
          throw error;
        }
        this.endHold(node, 'lost');
      }
      this.held = undefined;
      this.node = undefined;
      this.token = undefined;
    });
  }

  /**
   * The identifiers (node data, utf-8) of all contenders in line order, the holder first, whatever their flavor
   * (kazoo's `contenders()`). Contenders that wrote no identifier appear as `''`.
   */
  async contenders(): Promise<string[]> {
    await this.client.retry(() => this.client.ensurePath(this.path));
    const children = await this.client.retry(() => this.client.getChildren(this.path));
    const identifiers: string[] = [];
    for (const contender of orderContenders(children, this.contenderMarkers())) {
      try {
        const { data } = await this.client.retry(() => this.client.getData(`${this.path}/${contender.name}`));
        identifiers.push(data.toString('utf8'));
      } catch (error) {
        ignoreNoNode(error);
      }
    }
    return identifiers;
  }

  /**
   * Runs `fn` holding the lock and always releases it. `fn` gets the hold's {@link lost} signal. Rejects with a
   * {@link LockTimeoutError} when `timeoutMs` passes before the lock is acquired.
   */
  async withLock<T>(fn: (lost: AbortSignal) => Promise<T> | T, options: LockAcquireOptions = {}): Promise<T> {
    if (!(await this.acquire(options))) throw new LockTimeoutError(this.path, options.timeoutMs);
    try {
      return await fn(this.lost);
    } finally {
      await this.release();
    }
  }

  /** `await using lock = …`: releases on scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}

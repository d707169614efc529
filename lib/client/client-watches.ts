import type { JuteWriter } from '../protocol/jute-writer';
import { OpCode } from '../protocol/op-codes';
import { addWatchRequest, removeWatchesRequest } from '../protocol/records/watches';
import { AddWatchMode, EventType, KeeperState, WatcherType } from '../protocol/watch-events';
import { ConnectionState } from './connection-state';
import { InvalidArgumentError, NoWatcherError } from './errors';
import { checkOptions, type OperationChecks } from './operation-checks';
import { Packet, type BodyWriter, type WatchRequest } from './packet';
import { validatePath, type Chroot } from './paths';
import { WatchKind } from './watch-kind';
import type { WatchListener, WatchRegistry } from './watch-registry';

/** Removes a persistent watch added with `addWatch`. */
export interface WatchHandle {
  /**
   * Removes the watch; the listener hears PERSISTENT_WATCH_REMOVED. Idempotent. The server-side watch stays while this
   * client has other watches on the path (servers before 3.9 could only remove them all).
   */
  remove(): Promise<void>;
}

/** The persistent watch kinds whose events cover a one-shot data (or exist) watch, and a child watch. */
const COVERS_DATA_WATCHES = [WatchKind.PERSISTENT, WatchKind.PERSISTENT_RECURSIVE];
const COVERS_CHILD_WATCHES = [WatchKind.PERSISTENT];
const w = <T>(write: (writer: JuteWriter, value: T) => void): BodyWriter => write as BodyWriter;

/** The client-side watch kinds a WatcherType covers (removeWatchListener). */
function watchKindsOf(type: WatcherType): WatchKind[] {
  switch (type) {
    case WatcherType.CHILDREN:
      return [WatchKind.CHILD];
    case WatcherType.DATA:
      return [WatchKind.DATA, WatchKind.EXIST];
    case WatcherType.ANY:
      return [WatchKind.DATA, WatchKind.EXIST, WatchKind.CHILD, WatchKind.PERSISTENT, WatchKind.PERSISTENT_RECURSIVE];
    default:
      throw new InvalidArgumentError('type', `expected a WatcherType, got ${String(type)}`);
  }
}

/** What the watch operations need from the client: sending a request, and the connection state. */
export interface WatchRequestSender {
  send(packet: Packet, signal?: AbortSignal): Promise<unknown>;
  state(): ConnectionState;
}

/**
 * The client's watch operations, beside the {@link WatchRegistry} that delivers the events: building the watch a
 * read registers, deciding whether the server must be asked for it, adding persistent watches and removing watches
 * and listeners (with the requests still in flight).
 */
export class ClientWatches {
  /** Watch requests sent and not yet answered; `removeListener` cancels those of the listener it removes. */
  private readonly pending = new Set<WatchRequest>();

  constructor(
    private readonly registry: WatchRegistry,
    private readonly paths: Chroot,
    private readonly checks: OperationChecks,
    private readonly sender: WatchRequestSender,
  ) {}

  /** Follows a request that registers `watch` until it is answered (see `removeListener`). */
  track(watch: WatchRequest, reply: Promise<unknown>): void {
    this.pending.add(watch);
    const settled = (): void => {
      this.pending.delete(watch);
    };
    reply.then(settled, settled);
  }

  async add(path: string, mode: AddWatchMode, listener: WatchListener): Promise<WatchHandle> {
    validatePath(path);
    if (mode !== AddWatchMode.PERSISTENT && mode !== AddWatchMode.PERSISTENT_RECURSIVE) {
      throw new InvalidArgumentError('mode', `expected an AddWatchMode, got ${String(mode)}`);
    }
    this.checks.listener(listener, 'listener');
    const serverPath = this.paths.toServer(path);
    const kind = mode === AddWatchMode.PERSISTENT ? WatchKind.PERSISTENT : WatchKind.PERSISTENT_RECURSIVE;
    await this.sender.send(
      new Packet({
        op: OpCode.ADD_WATCH,
        body: { path: serverPath, mode },
        write: w(addWatchRequest.write),
        read: null,
        opName: 'addWatch',
        path,
        isWrite: false,
        watch: { kind, serverPath, listener },
      }),
    );
    let removed = false;
    return {
      remove: async () => {
        if (removed) return;
        removed = true;
        if (!this.registry.remove(kind, serverPath, listener)) return;
        this.registry.deliver([listener], {
          type: EventType.PERSISTENT_WATCH_REMOVED,
          state: KeeperState.SYNC_CONNECTED,
          path,
        });
        const all = [
          WatchKind.DATA,
          WatchKind.EXIST,
          WatchKind.CHILD,
          WatchKind.PERSISTENT,
          WatchKind.PERSISTENT_RECURSIVE,
        ];
        // Servers before 3.9 remove persistent watches only with ANY, which would take the path's other watches too.
        if (this.registry.has(all, serverPath) || this.sender.state() === ConnectionState.LOST) return;
        try {
          await this.sendRemoveWatches(serverPath, path, WatcherType.ANY);
        } catch (error) {
          if (!(error instanceof NoWatcherError)) throw error;
        }
      },
    };
  }

  async remove(
    path: string,
    type: WatcherType,
    options: { local?: boolean; signal?: AbortSignal } = {},
  ): Promise<void> {
    validatePath(path);
    checkOptions(options);
    const kinds =
      type === WatcherType.CHILDREN
        ? [WatchKind.CHILD]
        : type === WatcherType.DATA
          ? [WatchKind.DATA, WatchKind.EXIST]
          : type === WatcherType.ANY
            ? [WatchKind.DATA, WatchKind.EXIST, WatchKind.CHILD, WatchKind.PERSISTENT, WatchKind.PERSISTENT_RECURSIVE]
            : undefined;
    if (kinds === undefined) throw new InvalidArgumentError('type', `expected a WatcherType, got ${String(type)}`);
    const serverPath = this.paths.toServer(path);
    if (!this.registry.has(kinds, serverPath)) {
      throw new NoWatcherError(undefined, { op: 'removeWatches', path });
    }
    // Where a persistent watch covers the one-shot ones, the server holds a single (persistent) watch for the path:
    // removing DATA or CHILDREN there would take the persistent watch with it, so only the client forgets them.
    const covering = type === WatcherType.CHILDREN ? COVERS_CHILD_WATCHES : COVERS_DATA_WATCHES;
    const coveredByPersistent = type !== WatcherType.ANY && this.registry.has(covering, serverPath);
    if (!options.local && !coveredByPersistent) await this.sendRemoveWatches(serverPath, path, type, options.signal);
    for (const { kind, listener } of this.registry.removeAll(kinds, serverPath)) {
      const eventType =
        kind === WatchKind.CHILD
          ? EventType.CHILD_WATCH_REMOVED
          : kind === WatchKind.DATA || kind === WatchKind.EXIST
            ? EventType.DATA_WATCH_REMOVED
            : EventType.PERSISTENT_WATCH_REMOVED;
      this.registry.deliver([listener], { type: eventType, state: KeeperState.SYNC_CONNECTED, path });
    }
  }

  async removeListener(
    path: string,
    type: WatcherType,
    listener: WatchListener,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    validatePath(path);
    checkOptions(options);
    const kinds = watchKindsOf(type);
    this.checks.listener(listener, 'listener');
    const serverPath = this.paths.toServer(path);
    let found = false;
    for (const kind of kinds) if (this.registry.remove(kind, serverPath, listener)) found = true;
    let stillPending = false;
    for (const pending of this.pending) {
      if (pending.serverPath !== serverPath || !kinds.includes(pending.kind) || pending.cancelled) continue;
      if (pending.listener === listener) {
        pending.cancelled = true;
        found = true;
      } else {
        stillPending = true;
      }
    }
    if (!found || stillPending || this.registry.has(kinds, serverPath) || this.sender.state() === ConnectionState.LOST)
      return;
    const covering = type === WatcherType.CHILDREN ? COVERS_CHILD_WATCHES : COVERS_DATA_WATCHES;
    if (type !== WatcherType.ANY && this.registry.has(covering, serverPath)) return;
    try {
      await this.sendRemoveWatches(serverPath, path, type, options.signal);
    } catch (error) {
      if (!(error instanceof NoWatcherError)) throw error;
    }
  }

  private async sendRemoveWatches(
    serverPath: string,
    path: string,
    type: WatcherType,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.sender.send(
      new Packet({
        op: OpCode.REMOVE_WATCHES,
        body: { path: serverPath, type },
        write: w(removeWatchesRequest.write),
        read: null,
        opName: 'removeWatches',
        path,
        isWrite: false,
      }),
      signal,
    );
  }

  request(kind: WatchKind, serverPath: string, listener: WatchListener | undefined): WatchRequest | null {
    if (listener === undefined) return null;
    this.checks.listener(listener);
    return { kind, serverPath, listener };
  }

  /**
   * Whether a one-shot watch must be set on the server. Servers before 3.9 keep one watch mode per path and client,
   * so a one-shot watch set where this client has a persistent watch would silently turn that persistent watch into a
   * one-shot one. Where the persistent watch already brings the events the one-shot watch waits for (data, creation
   * and deletion for PERSISTENT and PERSISTENT_RECURSIVE, child lists for PERSISTENT only), the one-shot watch is kept
   * on this side only.
   */
  needsServerWatch(watch: WatchRequest | null): boolean {
    if (watch === null) return false;
    const covering = watch.kind === WatchKind.CHILD ? COVERS_CHILD_WATCHES : COVERS_DATA_WATCHES;
    return !this.registry.has(covering, watch.serverPath);
  }
}

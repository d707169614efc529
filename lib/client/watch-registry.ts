import { OpCode } from '../protocol/op-codes';
import type { SetWatches, SetWatches2, WatcherEvent } from '../protocol/records/watches';
import { EventType, KeeperState } from '../protocol/watch-events';
import type { ZooKeeperLogger } from './logger';
import type { Chroot } from './paths';
import type { WatchCounts } from './client-stats';
import { WatchKind } from './watch-kind';
import { channels } from './diagnostics-channels';
import { recentWrites } from './recent-writes';

/** What a watcher receives. `path` is relative to the chroot ('' for session events). */
export interface WatchedEvent {
  /** What happened: a node event, or NONE for a session event. */
  type: EventType;
  /** The session's state: SYNC_CONNECTED for node events, EXPIRED when the session was lost. */
  state: KeeperState;
  /** The node concerned, relative to the chroot; '' for session events. */
  path: string;
}

/**
 * A watch callback. Every watcher still registered, one-shot or persistent, also receives
 * `{ type: NONE, state: EXPIRED }` once when the session ends other than by `close()`: it expired, or the client gave
 * it up (an identity was refused, `connect()` timed out; the 'state' event's reason tells which). The watch is then
 * gone: a later `connect()` starts a new session without it. On `close()` watches are dropped without an event.
 */
export type WatchListener = (event: WatchedEvent) => void;

/** Java splits SetWatches so the server's 1 MB buffer is never exceeded (ClientCnxn.SET_WATCHES_MAX_LENGTH). */
const SET_WATCHES_MAX_CHARS = 128 * 1024;

/** A SetWatches or SetWatches2 request to send while priming a new connection. */
export interface SetWatchesRequest {
  op: OpCode.SET_WATCHES | OpCode.SET_WATCHES2;
  record: SetWatches | SetWatches2;
}

/**
 * The listeners of one path and kind: the listener itself while there is one (nearly always), a Set from the second
 * on. A Set per watched path cost about a hundred bytes per watch.
 */
type Listeners = WatchListener | Set<WatchListener>;

function addListeners(target: Set<WatchListener>, listeners: Listeners): void {
  if (typeof listeners === 'function') target.add(listeners);
  else for (const listener of listeners) target.add(listener);
}

/**
 * Every watch the client holds, by kind and server path. One-shot watches are removed as they fire; persistent ones
 * stay until removed. Which watches an event fires follows Java's ZKWatchManager: data changes and creation fire data
 * and exist watches, child changes fire child watches, deletion all three; persistent watches on the path fire for
 * every event, recursive ones on the path or an ancestor for every event but NodeChildrenChanged.
 */
export class WatchRegistry {
  private readonly maps: Map<string, Listeners>[] = [new Map(), new Map(), new Map(), new Map(), new Map()];

  constructor(
    private readonly chroot: Chroot,
    private readonly logger: ZooKeeperLogger,
    /** The client the registry belongs to, named in diagnostics messages. */
    private readonly client: object,
  ) {}

  add(kind: WatchKind, serverPath: string, listener: WatchListener): void {
    const map = this.maps[kind];
    const listeners = map.get(serverPath);
    if (listeners === undefined) map.set(serverPath, listener);
    else if (typeof listeners !== 'function') listeners.add(listener);
    else if (listeners !== listener) map.set(serverPath, new Set([listeners, listener]));
  }

  /** Removes one listener; true if it was there. */
  remove(kind: WatchKind, serverPath: string, listener: WatchListener): boolean {
    const map = this.maps[kind];
    const listeners = map.get(serverPath);
    if (listeners === undefined) return false;
    if (typeof listeners === 'function') {
      if (listeners !== listener) return false;
      map.delete(serverPath);
      return true;
    }
    if (!listeners.delete(listener)) return false;
    if (listeners.size === 0) map.delete(serverPath);
    return true;
  }

  /** Whether any listener of the kinds is registered on the path. */
  has(kinds: readonly WatchKind[], serverPath: string): boolean {
    return kinds.some((kind) => this.maps[kind].has(serverPath));
  }

  /** Removes every listener of the kinds on the path and returns them with their kind. */
  removeAll(kinds: readonly WatchKind[], serverPath: string): { kind: WatchKind; listener: WatchListener }[] {
    const removed: { kind: WatchKind; listener: WatchListener }[] = [];
    for (const kind of kinds) {
      const listeners = this.maps[kind].get(serverPath);
      if (listeners === undefined) continue;
      this.maps[kind].delete(serverPath);
      if (typeof listeners === 'function') removed.push({ kind, listener: listeners });
      else for (const listener of listeners) removed.push({ kind, listener });
    }
    return removed;
  }

  /** How many watches are held, by kind. */
  counts(): WatchCounts {
    const maps = this.maps;
    return {
      data: maps[WatchKind.DATA].size,
      exist: maps[WatchKind.EXIST].size,
      child: maps[WatchKind.CHILD].size,
      persistent: maps[WatchKind.PERSISTENT].size,
      persistentRecursive: maps[WatchKind.PERSISTENT_RECURSIVE].size,
    };
  }

  get isEmpty(): boolean {
    return this.maps.every((map) => map.size === 0);
  }

  /**
   * Fires the listeners an event from the server concerns, after the current reply has been handled. `zxid` is the
   * notification header's: the event's zxid from 3.9 servers, -1 before.
   */
  dispatch(event: WatcherEvent, zxid = -1n): void {
    const serverPath = event.path;
    const fired = new Set<WatchListener>();
    const take = (kind: WatchKind): void => {
      const listeners = this.maps[kind].get(serverPath);
      if (listeners === undefined) return;
      this.maps[kind].delete(serverPath);
      addListeners(fired, listeners);
    };
    switch (event.type) {
      case EventType.NODE_CREATED:
      case EventType.NODE_DATA_CHANGED:
        take(WatchKind.DATA);
        take(WatchKind.EXIST);
        break;
      case EventType.NODE_DELETED:
        take(WatchKind.DATA);
        take(WatchKind.EXIST);
        take(WatchKind.CHILD);
        break;
      case EventType.NODE_CHILDREN_CHANGED:
        take(WatchKind.CHILD);
        break;
      default:
        break;
    }
    const persistent = this.maps[WatchKind.PERSISTENT].get(serverPath);
    if (persistent !== undefined) addListeners(fired, persistent);
    const recursive = this.maps[WatchKind.PERSISTENT_RECURSIVE];
    if (recursive.size > 0 && event.type !== EventType.NODE_CHILDREN_CHANGED) {
      for (let path = serverPath; ;) {
        const listeners = recursive.get(path);
        if (listeners !== undefined) addListeners(fired, listeners);
        if (path === '/' || path === '') break;
        const slash = path.lastIndexOf('/');
        path = slash <= 0 ? '/' : path.slice(0, slash);
      }
    }
    if (channels.watchEvent.hasSubscribers) this.publish(event, fired.size, zxid);
    if (fired.size === 0) return;
    const watched: WatchedEvent = Object.freeze({
      type: event.type as EventType,
      state: event.state as KeeperState,
      path: this.chroot.toClient(serverPath),
    });
    this.deliver(fired, watched);
  }

  private publish(event: WatcherEvent, listeners: number, zxid: bigint): void {
    const known = zxid > 0n;
    const sentAt = known ? recentWrites.sentAtOf(zxid) : undefined;
    channels.watchEvent.publish({
      client: this.client,
      type: event.type as EventType,
      state: event.state as KeeperState,
      path: this.chroot.toClient(event.path),
      listeners,
      zxid: known ? zxid : undefined,
      latencyMs: sentAt === undefined ? undefined : Date.now() - sentAt,
    });
  }

  /** Delivers `event` to the listeners in a microtask, so the reply being handled settles first. */
  deliver(listeners: Iterable<WatchListener>, event: WatchedEvent): void {
    queueMicrotask(() => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger.error(`watch listener for ${event.path} threw`, error);
        }
      }
    });
  }

  /** The session is gone (expired or given up): every watcher hears `{ NONE, EXPIRED }` once; the registry empties. */
  expire(): void {
    const all = new Set<WatchListener>();
    for (const map of this.maps) {
      for (const listeners of map.values()) addListeners(all, listeners);
      map.clear();
    }
    if (all.size > 0) this.deliver(all, Object.freeze({ type: EventType.NONE, state: KeeperState.EXPIRED, path: '' }));
  }

  /** Forgets every watch without telling anyone (the client was closed). */
  clear(): void {
    for (const map of this.maps) map.clear();
  }

  /**
   * The requests that re-register every watch after a reconnect, relative to the last zxid seen: SetWatches, or
   * SetWatches2 when a persistent watch exists, split so that no request carries more than 128 KB of paths.
   */
  setWatchesRequests(relativeZxid: bigint): SetWatchesRequest[] {
    if (this.isEmpty) return [];
    const withPersistent =
      this.maps[WatchKind.PERSISTENT].size > 0 || this.maps[WatchKind.PERSISTENT_RECURSIVE].size > 0;
    const requests: SetWatchesRequest[] = [];
    const fresh = (): SetWatches2 => ({
      relativeZxid,
      dataWatches: [],
      existWatches: [],
      childWatches: [],
      persistentWatches: [],
      persistentRecursiveWatches: [],
    });
    let record = fresh();
    let chars = 0;
    const lists: (keyof SetWatches2)[] = [
      'dataWatches',
      'existWatches',
      'childWatches',
      'persistentWatches',
      'persistentRecursiveWatches',
    ];
    for (let kind = 0; kind < this.maps.length; kind++) {
      for (const path of this.maps[kind].keys()) {
        if (chars + path.length > SET_WATCHES_MAX_CHARS && chars > 0) {
          requests.push(this.toRequest(record, withPersistent));
          record = fresh();
          chars = 0;
        }
        (record[lists[kind]] as string[]).push(path);
        chars += path.length;
      }
    }
    if (chars > 0) requests.push(this.toRequest(record, withPersistent));
    return requests;
  }

  private toRequest(record: SetWatches2, withPersistent: boolean): SetWatchesRequest {
    if (withPersistent) return { op: OpCode.SET_WATCHES2, record };
    const { relativeZxid, dataWatches, existWatches, childWatches } = record;
    return { op: OpCode.SET_WATCHES, record: { relativeZxid, dataWatches, existWatches, childWatches } };
  }
}

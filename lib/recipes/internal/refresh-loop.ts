import { ClientClosedError, ConnectionState, EventType, SessionExpiredError } from './client-api';
import type { WatchedEvent, WatchListener, ZooKeeperClient } from './client-api';
import { onStateChange } from './session-state';

/**
 * The engine of DataWatch and ChildrenWatch: runs `refresh` once now, again on every watch event and again on every
 * (re)connection, one at a time, coalescing events that arrive while a refresh is running into one more refresh.
 * Stops on request, when `refresh` says so, or when it throws (`done` then rejects with the error).
 */
export class RefreshLoop {
  /** Settles after the first refresh: rejects if it failed. */
  readonly ready: Promise<void>;
  /** Settles when the loop stops: resolves on `stop()`/`refresh` returning `false`, rejects with a failure. */
  readonly done: Promise<void>;
  private stopped = false;
  private running: Promise<void> | undefined;
  private rerun = false;
  private pendingEvent: WatchedEvent | undefined;
  private readonly stopListening: () => void;
  private resolveDone!: () => void;
  private rejectDone!: (error: unknown) => void;

  /** Pass this as the `watch` of every read the refresh does. */
  readonly watcher = (event: WatchedEvent): void => {
    // NONE events say the session changed; the state listener refreshes once a connection is back.
    if (event.type !== EventType.NONE) this.trigger(event);
  };

  constructor(
    client: ZooKeeperClient,
    private readonly refresh: (event: WatchedEvent | undefined) => Promise<boolean>,
    /** Removes `watcher` from the client once the loop has stopped and no refresh runs, so no watch is left. */
    private readonly unwatch?: (watcher: WatchListener) => Promise<void>,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined);
    this.stopListening = onStateChange(client, (state) => {
      if (state === ConnectionState.CONNECTED || state === ConnectionState.CONNECTED_READ_ONLY) this.trigger(undefined);
    });
    // Deferred one tick so the owner has finished constructing (and stored this loop) before its refresh runs.
    this.ready = Promise.resolve().then(() => this.trigger(undefined));
    this.ready.catch(() => undefined);
  }

  /** Whether the loop has stopped. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Stops for good; a refresh in progress finishes but its result is not acted on. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening();
    this.resolveDone();
    if (this.running === undefined) this.removeWatcher();
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening();
    this.rejectDone(error);
    if (this.running === undefined) this.removeWatcher();
  }

  /** Takes the watcher off the client (and the server); best effort, a closed or lost client has none left anyway. */
  private removeWatcher(): void {
    this.unwatch?.(this.watcher).catch(() => undefined);
  }

  private trigger(event: WatchedEvent | undefined): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (event !== undefined) this.pendingEvent = event;
    if (this.running !== undefined) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.rerun = false;
        const event = this.pendingEvent;
        this.pendingEvent = undefined;
        if (this.stopped) return;
        try {
          if (!(await this.refresh(event))) this.stop();
        } catch (error) {
          if (error instanceof ClientClosedError) {
            this.stop();
          } else if (!(error instanceof SessionExpiredError)) {
            // A session loss is not a failure: the next connection triggers a refresh. Anything else is.
            this.fail(error);
            throw error;
          }
        }
      } while (this.rerun && !this.stopped);
    } finally {
      this.running = undefined;
      // A refresh that ran on after stop() may have set a watch again: remove it now that it is done.
      if (this.stopped) this.removeWatcher();
    }
  }
}

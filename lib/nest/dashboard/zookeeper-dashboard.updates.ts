import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Observable, ReplaySubject, share, Subject, takeUntil } from 'rxjs';
import { AddWatchMode, UnimplementedError } from '../../client';
import type { WatchHandle, ZooKeeperClient } from '../../client';
import { ZookeeperMethodActivityRegistry } from '../zookeeper-method-activity.registry';
import { describeError } from '../zookeeper.messages';
import { ZOOKEEPER_LOGGER_CONTEXT } from '../zookeeper.constants';
import type { ZookeeperDashboardSnapshot } from './zookeeper-dashboard-snapshot.interface';
import { ZookeeperDashboardService } from './zookeeper-dashboard.service';
import type { TrackedPaths } from './zookeeper-dashboard.service';

/** How long changes are gathered before the snapshot is read again: a handover is a delete and a wake-up. */
const SETTLE_MS = 50;
/**
 * The least time between two reads: a lock that changes hands all the time must not turn an open page into a steady
 * load on the ensemble, which every client shares. Two reads a second are plenty for a person.
 */
const MIN_INTERVAL_MS = 500;
/** How long the decorated methods' runs are gathered: they change only this instance's part of the snapshot. */
const ACTIVITY_SETTLE_MS = 1_000;
/** How often the paths to show are looked at again, for a lock taken by hand (no event tells of its first use). */
const RESYNC_MS = 10_000;
/** How often a server without persistent watches (before 3.6) is read again while someone looks. */
const POLL_MS = 3_000;

/**
 * The dashboard's live view: while at least one page listens, a persistent recursive watch on every path shown (and on
 * a semaphore's waiting line) tells when to read the snapshot again, as do the session's state changes and the
 * decorated methods' runs. Every listener shares one reader; the watches go when the last page leaves or the
 * application shuts down, which also ends the pages' streams so the HTTP server can close.
 */
@Injectable()
export class ZookeeperDashboardUpdates implements OnModuleDestroy {
  private readonly logger = new Logger(ZOOKEEPER_LOGGER_CONTEXT);
  private readonly closing = new Subject<void>();
  private closed = false;
  private readonly shared: Observable<ZookeeperDashboardSnapshot>;

  constructor(
    private readonly dashboard: ZookeeperDashboardService,
    private readonly activity: ZookeeperMethodActivityRegistry,
  ) {
    this.shared = new Observable<ZookeeperDashboardSnapshot>((subscriber) => {
      const view = new LiveView(this.dashboard, this.activity, this.logger, (snapshot) => subscriber.next(snapshot));
      view.start();
      return () => view.stop();
    }).pipe(
      takeUntil(this.closing),
      share({ connector: () => new ReplaySubject(1), resetOnRefCountZero: true, resetOnComplete: true }),
    );
  }

  /** The snapshot now, then again after every change, until the application shuts down. */
  snapshots(): Observable<ZookeeperDashboardSnapshot> {
    return this.shared;
  }

  /** Whether the application is shutting down: the streams have ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends every page's stream (an open event stream would keep the HTTP server from closing). */
  onModuleDestroy(): void {
    this.closed = true;
    this.closing.next();
    this.closing.complete();
  }
}

/** One shared live view: its watches, timers and the reads they trigger. */
class LiveView {
  private readonly watches = new Map<string, Promise<WatchHandle | undefined>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopActivity: () => void = () => undefined;
  private stopState: () => void = () => undefined;
  private client: ZooKeeperClient | undefined;
  private settle: NodeJS.Timeout | undefined;
  /** When the pending read is due (ms since the epoch). */
  private dueAt = 0;
  /** When the last read began. */
  private lastReadAt = 0;
  private reading = false;
  private again = false;
  private stopped = false;
  private last = '';
  private polling = false;
  /** The session the watches were added in: a new session (after an expiry) adds them again. */
  private watchedSession = 0n;

  constructor(
    private readonly dashboard: ZookeeperDashboardService,
    private readonly activity: ZookeeperMethodActivityRegistry,
    private readonly logger: Logger,
    private readonly emit: (snapshot: ZookeeperDashboardSnapshot) => void,
  ) {}

  start(): void {
    const changed = (): void => this.schedule();
    this.stopActivity = this.activity.onChange(() => this.schedule(ACTIVITY_SETTLE_MS));
    this.client = this.dashboard.client();
    this.client.on('state', changed);
    this.stopState = () => this.client?.off('state', changed);
    this.timers.push(setInterval(changed, RESYNC_MS).unref());
    void this.read();
  }

  stop(): void {
    this.stopped = true;
    this.stopActivity();
    this.stopState();
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.settle);
    this.removeWatches();
  }

  private removeWatches(): void {
    for (const handle of this.watches.values()) void handle.then((watch) => watch?.remove()).catch(() => undefined);
    this.watches.clear();
  }

  /** Reads again once changes settle, and no sooner than `MIN_INTERVAL_MS` after the last read began. */
  private schedule(settleMs = SETTLE_MS): void {
    if (this.stopped) return;
    const at = Math.max(Date.now() + settleMs, this.lastReadAt + MIN_INTERVAL_MS);
    if (this.settle !== undefined && this.dueAt <= at) return;
    clearTimeout(this.settle);
    this.dueAt = at;
    this.settle = setTimeout(() => {
      this.settle = undefined;
      void this.read();
    }, at - Date.now());
  }

  /** Reads the snapshot (one read at a time; a change during a read schedules another) and sends it if it changed. */
  private async read(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    this.again = false;
    this.lastReadAt = Date.now();
    try {
      const tracked = await this.dashboard.trackedPaths();
      this.watch(tracked);
      const snapshot = await this.dashboard.snapshot(tracked);
      if (this.stopped) return;
      const { generatedAt: _, ...content } = snapshot;
      const text = JSON.stringify(content);
      if (text !== this.last) {
        this.last = text;
        this.emit(snapshot);
      }
    } catch (error) {
      this.logger.warn(`Dashboard: could not read the coordination state: ${describeError(error)}`);
    } finally {
      this.reading = false;
      if (this.again) this.schedule();
    }
  }

  /** Watches every path shown that is not watched yet (watches of paths no longer shown stay until the view stops). */
  private watch(tracked: TrackedPaths): void {
    const client = this.client;
    if (client === undefined || this.polling) return;
    if (client.sessionId !== this.watchedSession) {
      this.removeWatches();
      this.watchedSession = client.sessionId;
    }
    for (const root of tracked.watchRoots) {
      if (this.watches.has(root)) continue;
      const handle = client
        .addWatch(root, AddWatchMode.PERSISTENT_RECURSIVE, () => this.schedule())
        .catch((error: unknown) => {
          this.watches.delete(root);
          if (error instanceof UnimplementedError) this.pollInstead();
          else if (!this.stopped) this.logger.warn(`Dashboard: could not watch ${root}: ${describeError(error)}`);
          return undefined;
        });
      this.watches.set(root, handle);
    }
  }

  /** A server before 3.6 has no persistent watches: read again every few seconds while someone looks. */
  private pollInstead(): void {
    if (this.polling || this.stopped) return;
    this.polling = true;
    this.timers.push(setInterval(() => this.schedule(), POLL_MS).unref());
  }
}

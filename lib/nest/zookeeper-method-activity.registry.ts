import { Injectable } from '@nestjs/common';
import type { ZookeeperMethodActivity } from './interfaces/zookeeper-method-activity.interface';
import { describeError } from './zookeeper.messages';

/** Shown as the path of a `@ZkLock()` whose path is computed per call, until its first call. */
export const COMPUTED_PATH = '(computed per call)';

/** How many of the paths a computed `@ZkLock()` used are remembered, newest first. */
const RECENT_PATHS = 8;

/** Records the calls of one decorated method. */
export class MethodActivityRecorder {
  private readonly entry: ZookeeperMethodActivity;
  /** For a `@ZkLock()` with a computed path: the last paths it used, newest first. */
  readonly recentPaths: string[] = [];

  constructor(
    entry: Omit<ZookeeperMethodActivity, 'runs' | 'running'>,
    private readonly changed: () => void,
  ) {
    this.entry = { ...entry, runs: 0, running: 0 };
  }

  /** A copy of the record now. */
  snapshot(): ZookeeperMethodActivity {
    return { ...this.entry };
  }

  /**
   * Records a call that runs `run()`: running until its result settles (a promise) or at once (a value). Returns what
   * `run()` returns, so a sync method stays sync; the outcome is `'ok'` unless it throws or rejects.
   */
  track<T>(run: () => T, path?: string): T {
    this.begin(path);
    this.entry.running++;
    let result: T;
    try {
      result = run();
    } catch (error) {
      this.end('error', error);
      throw error;
    }
    if (result instanceof Promise) {
      result.then(
        () => this.end('ok'),
        (error: unknown) => this.end('error', error),
      );
    } else {
      this.end('ok');
    }
    return result;
  }

  /** Records a call that did not run the method: `'skipped'` or `'busy'`. */
  note(outcome: 'skipped' | 'busy', path?: string): void {
    this.begin(path);
    this.entry.lastOutcome = outcome;
    delete this.entry.lastError;
    this.changed();
  }

  /** Records a call that failed before the method ran (its lock could not be taken). */
  fail(error: unknown, path?: string): void {
    this.begin(path);
    this.entry.lastOutcome = 'error';
    this.entry.lastError = describeError(error);
    this.changed();
  }

  /** Counts a call (for a computed path, remembers it) before it runs. */
  begin(path?: string): void {
    this.entry.runs++;
    this.entry.lastRunAt = new Date().toISOString();
    if (path !== undefined) {
      this.entry.path = path;
      const known = this.recentPaths.indexOf(path);
      if (known >= 0) this.recentPaths.splice(known, 1);
      this.recentPaths.unshift(path);
      this.recentPaths.length = Math.min(this.recentPaths.length, RECENT_PATHS);
    }
    this.changed();
  }

  private end(outcome: 'ok' | 'error', error?: unknown): void {
    this.entry.running--;
    this.entry.lastOutcome = outcome;
    if (outcome === 'error') this.entry.lastError = describeError(error);
    else delete this.entry.lastError;
    this.changed();
  }
}

/**
 * The application's decorated methods and their activity, for status pages (the dashboard lists them with their last
 * run and error). The orchestrator adds a recorder per decorated method at bootstrap and reports every call to it.
 */
@Injectable()
export class ZookeeperMethodActivityRegistry {
  private readonly recorders: MethodActivityRecorder[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  /** Adds a decorated method; `path` is `COMPUTED_PATH` for a `@ZkLock()` whose path is a function. */
  add(entry: Omit<ZookeeperMethodActivity, 'runs' | 'running'>): MethodActivityRecorder {
    const recorder = new MethodActivityRecorder(entry, this.notify);
    this.recorders.push(recorder);
    return recorder;
  }

  /** Every decorated method, in the order they were found. */
  list(): ZookeeperMethodActivity[] {
    return this.recorders.map((recorder) => recorder.snapshot());
  }

  /** The recorders themselves, for the paths computed `@ZkLock()` methods used. */
  all(): readonly MethodActivityRecorder[] {
    return this.recorders;
  }

  /** Calls `listener` after every recorded change; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ChildrenWatch, DataWatch, ZkUsageError } from '../client';
import type { Stat } from '../client';
import { unbindDecoratedInstance } from './decorated-instance.binding';
import type { DecoratedMethodRuntime } from './decorated-instance.binding';
import type { LeaderOnlyMetadata } from './decorators/leader-only.decorator';
import type { LeaderTerm, OnLeaderMetadata } from './decorators/on-leader.decorator';
import type { WatchChildrenMetadata } from './decorators/watch-children.decorator';
import type { WatchNodeMetadata } from './decorators/watch-node.decorator';
import type { ZkLockMetadata } from './interfaces/zk-lock-options.interface';
import type { ZookeeperMethodActivity } from './interfaces/zookeeper-method-activity.interface';
import { Leadership } from './leadership';
import { parseNodeData } from './parse-node-data.util';
import { ShutdownDeadline } from './shutdown-deadline';
import { ZkLockRunner } from './zk-lock.runner';
import { ZookeeperElectionConflictError } from './zookeeper-election-conflict.error';
import type { ElectionOptionSource } from './interfaces/election-option-source.interface';
import { ZookeeperClientRegistry } from './zookeeper-client.registry';
import type { RegisteredClient } from './zookeeper-client.registry';
import { DEFAULT_ZOOKEEPER_CLIENT_NAME, ZOOKEEPER_LOGGER_CONTEXT } from './zookeeper.constants';
import {
  BACKGROUND_START_FAILED,
  BOOTSTRAP_CLEANUP_FAILED,
  HANDLER_FAILED,
  PARSE_FAILED,
  SHUTDOWN_STEP_FAILED,
  SHUTTING_DOWN,
  describeError,
  methodRef,
} from './zookeeper.messages';
import { ZookeeperModuleError } from './zookeeper-module.error';
import { COMPUTED_PATH, ZookeeperMethodActivityRegistry } from './zookeeper-method-activity.registry';
import type { MethodActivityRecorder } from './zookeeper-method-activity.registry';

/** How long closing the sessions may take when the shutdown deadline has already passed. */
const CLOSE_SESSIONS_GRACE_MS = 1000;

/** A decorated method of a discovered instance. */
export interface DiscoveredMethod {
  readonly instance: object;
  readonly className: string;
  readonly methodName: string;
}

/** A watch to start once its client is connected. */
interface PendingWatch {
  readonly clientName: string;
  /** How logs name the watch (decorator, path, method). */
  readonly subject: string;
  start(registered: RegisteredClient): Promise<{ stop(): void }>;
}

/** A started watch, with how logs name it (decorator, path, method). */
interface RunningWatch {
  readonly subject: string;
  stop(): void;
}

/** Builds the log line for a shutdown step that failed: the step, what it failed for (a path, a client), the error. */
type DescribeStepFailure = (step: string, subject: string, cause: unknown) => string;

/**
 * Runs what the decorators describe, with the application's lifecycle: joins elections and starts watches at
 * bootstrap, runs `@ZkLock()` calls, and at shutdown stops watchers, leaves elections, releases locks and closes the
 * sessions, in that order, within `shutdownTimeoutMs`; a step that fails is logged and the next ones still run.
 */
@Injectable()
export class ZookeeperOrchestrator implements DecoratedMethodRuntime, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ZOOKEEPER_LOGGER_CONTEXT);
  private readonly leaderships = new Map<string, Leadership>();
  /** By election: the first `@OnLeader()` on it and the id it gives (see `settleIdentifier`). */
  private readonly electionIds = new Map<string, ElectionOptionSource>();
  private readonly pendingWatches: PendingWatch[] = [];
  private readonly watches: RunningWatch[] = [];
  private readonly locks = new ZkLockRunner(this.logger);
  private readonly instances = new Set<object>();
  private closing = false;
  /** The activity recorder of each `@ZkLock()` and `@LeaderOnly()` method, by its decorator metadata. */
  private readonly recorders = new WeakMap<object, MethodActivityRecorder>();

  constructor(
    private readonly clients: ZookeeperClientRegistry,
    private readonly activity: ZookeeperMethodActivityRegistry,
  ) {}

  /** Remembers an instance whose wrapped methods call back into this orchestrator, to unbind it at shutdown. */
  trackInstance(instance: object): void {
    this.instances.add(instance);
  }

  addOnLeader(method: DiscoveredMethod, metadata: OnLeaderMetadata): void {
    const where = methodRef(method.className, method.methodName);
    const leadership = this.leadership(metadata.client, metadata.path, where);
    this.settleIdentifier(leadership, method, metadata);
    const fn = (method.instance as Record<string, (signal: AbortSignal, term: LeaderTerm) => unknown>)[
      method.methodName
    ];
    const recorder = this.record('OnLeader', method, metadata.client, metadata.path);
    leadership.addHandler({
      call: (signal, term) => recorder.track(() => fn.call(method.instance, signal, term)),
      where,
      releaseOnReturn: metadata.releaseOnReturn ?? false,
    });
  }

  addLeaderOnly(method: DiscoveredMethod, metadata: LeaderOnlyMetadata): void {
    this.leadership(metadata.client, metadata.path, methodRef(method.className, method.methodName));
    this.recorders.set(metadata, this.record('LeaderOnly', method, metadata.client, metadata.path));
  }

  addZkLock(method: DiscoveredMethod, metadata: ZkLockMetadata): void {
    this.clients.get(metadata.client, methodRef(method.className, method.methodName));
    const path = typeof metadata.path === 'string' ? metadata.path : COMPUTED_PATH;
    this.recorders.set(metadata, this.record('ZkLock', method, metadata.client, path));
  }

  addWatchNode(method: DiscoveredMethod, metadata: WatchNodeMetadata): void {
    const where = methodRef(method.className, method.methodName);
    this.clients.get(metadata.client, where);
    const recorder = this.record('WatchNode', method, metadata.client, metadata.path);
    const handler = this.handlerOf(method, recorder);
    this.pendingWatches.push({
      clientName: metadata.client ?? DEFAULT_ZOOKEEPER_CLIENT_NAME,
      subject: `@WatchNode("${metadata.path}") on ${where}`,
      start: async ({ client }) => {
        const watch = new DataWatch(client, metadata.path, async (data: Buffer | null, stat: Stat | null) => {
          const parse = metadata.parse ?? 'buffer';
          let value: unknown;
          try {
            value = data === null ? null : parseNodeData(data, parse);
          } catch (error) {
            this.logger.error(
              PARSE_FAILED(where, metadata.path, typeof parse === 'function' ? 'custom' : parse, data?.length, error),
            );
            return;
          }
          try {
            await handler(value, stat);
          } catch (error) {
            this.logger.error(HANDLER_FAILED('WatchNode', where, metadata.path, error), (error as Error)?.stack);
          }
        });
        await this.ready(watch, 'WatchNode', where, metadata.path);
        return watch;
      },
    });
  }

  addWatchChildren(method: DiscoveredMethod, metadata: WatchChildrenMetadata): void {
    const where = methodRef(method.className, method.methodName);
    this.clients.get(metadata.client, where);
    const recorder = this.record('WatchChildren', method, metadata.client, metadata.path);
    const handler = this.handlerOf(method, recorder);
    this.pendingWatches.push({
      clientName: metadata.client ?? DEFAULT_ZOOKEEPER_CLIENT_NAME,
      subject: `@WatchChildren("${metadata.path}") on ${where}`,
      start: async ({ client }) => {
        const watch = new ChildrenWatch(client, metadata.path, async (children: string[] | null) => {
          try {
            await handler(children);
          } catch (error) {
            this.logger.error(HANDLER_FAILED('WatchChildren', where, metadata.path, error), (error as Error)?.stack);
          }
        });
        await this.ready(watch, 'WatchChildren', where, metadata.path);
        return watch;
      },
    });
  }

  /**
   * A `@LeaderOnly()` call: runs `original` (recorded as a run) while this application leads `metadata.path`,
   * otherwise records a skip and returns `undefined`. Synchronous, so a sync method stays sync.
   */
  runLeaderOnly(
    metadata: LeaderOnlyMetadata,
    instance: object,
    original: (...args: unknown[]) => unknown,
    args: unknown[],
  ): unknown {
    const recorder = this.recorders.get(metadata);
    if (!this.isLeader(metadata.client, metadata.path)) {
      recorder?.note('skipped');
      return undefined;
    }
    return recorder ? recorder.track(() => original.apply(instance, args)) : original.apply(instance, args);
  }

  /** Whether this application leads the election `path` of client `clientName`. */
  isLeader(clientName: string | undefined, path: string): boolean {
    return this.leaderships.get(this.key(clientName, path))?.isLeader ?? false;
  }

  /** The elections this application takes part in. */
  elections(): { client: string; path: string; isLeader: boolean }[] {
    return [...this.leaderships.entries()].map(([key, leadership]) => ({
      client: key.slice(0, key.indexOf('\0')),
      path: leadership.path,
      isLeader: leadership.isLeader,
    }));
  }

  /** Gives up leadership of `path` (if held) and contends again; throws if the application is not in that election. */
  async yieldLeadership(clientName: string | undefined, path: string): Promise<void> {
    const leadership = this.leaderships.get(this.key(clientName, path));
    if (this.closing) throw new ZkUsageError(`Cannot yield ${path}: the application is shutting down`);
    if (!leadership) {
      throw new ZkUsageError(
        `This application takes no part in the election ${path} (no @OnLeader()/@LeaderOnly() on it)`,
      );
    }
    await leadership.yield();
  }

  runLocked(
    metadata: ZkLockMetadata,
    instance: object,
    original: (...args: unknown[]) => unknown,
    args: unknown[],
  ): Promise<unknown> {
    const where = methodRef(metadata.className, metadata.methodName);
    if (this.closing)
      return Promise.reject(new ZkUsageError(SHUTTING_DOWN('ZkLock', metadata.className, metadata.methodName)));
    const { client, identity } = this.clients.get(metadata.client, where);
    return this.locks.run(metadata, client, identity, instance, original, args, this.recorders.get(metadata));
  }

  /**
   * Joins the elections and starts the watches: right away for clients bootstrap waited for (so the first
   * `@WatchNode()` call has happened when `app.init()` resolves), in the background for the others. If one fails,
   * everything is stopped and the sessions closed before the error propagates (see `abandonBootstrap`).
   */
  async onApplicationBootstrap(): Promise<void> {
    const waiting: Promise<void>[] = [];
    for (const registered of this.clients.all()) {
      const start = this.startClientWork(registered);
      if (registered.waitedForConnection) waiting.push(start);
      else
        start.catch((error: unknown) =>
          this.logger.error(BACKGROUND_START_FAILED(registered.name, error), (error as Error | undefined)?.stack),
        );
    }
    try {
      await allSettledOrThrow(waiting);
    } catch (error) {
      await this.abandonBootstrap(error);
    }
  }

  /**
   * Bootstrap failed (here or in the explorer): Nest runs no shutdown hook for an application that never started (and
   * since Nest 11 its `close()` only rethrows the init error), so stop what started and close the sessions now, or
   * they would stay open and keep the process alive. Then throws `error`: a failure while cleaning up is logged, never
   * thrown in its place.
   */
  async abandonBootstrap(error: unknown): Promise<never> {
    try {
      await this.shutDown(BOOTSTRAP_CLEANUP_FAILED);
    } catch (cleanupError) {
      // Not expected (every step reports its own failure), but the bootstrap error must still be the one thrown.
      const cause = cleanupError as Error | undefined;
      this.logger.error(BOOTSTRAP_CLEANUP_FAILED('clean up', 'the ZooKeeper module', cause), cause?.stack);
    }
    throw error;
  }

  /**
   * Stops watchers, leaves elections, releases locks, closes sessions, in that order, within the deadline (see
   * `shutDown`). Resolves even when a step failed, after logging it: a shutdown hook that throws makes Nest skip the
   * shutdown hooks of the modules after this one (and, on a signal, exit with code 1), as TypeOrmModule avoids by
   * logging its own shutdown errors.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.shutDown(SHUTDOWN_STEP_FAILED);
  }

  /**
   * The ordered shutdown, best effort: each watch, election and lock is stopped, left or released on its own, and a
   * failure is logged (with `describeFailure`: the step, the path or client, the error) without stopping the rest. The
   * sessions are closed in any case, last: that is what removes the ephemeral nodes a failed step left behind.
   */
  private async shutDown(describeFailure: DescribeStepFailure): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const report = (step: string, subject: string, error: unknown): void =>
      this.logger.error(describeFailure(step, subject, error), (error as Error | undefined)?.stack);
    const attempt = async (step: string, subject: string, work: () => unknown): Promise<void> => {
      try {
        await work();
      } catch (error) {
        report(step, subject, error);
      }
    };
    const deadline = new ShutdownDeadline(this.clients.shutdownTimeoutMs(), this.logger);
    try {
      for (const watch of this.watches.splice(0)) await attempt('stop watches', watch.subject, () => watch.stop());
      const leaving = [...this.leaderships.entries()].map(([key, leadership]) =>
        attempt('leave elections', this.describeElection(key, leadership), () => leadership.close(deadline.reached)),
      );
      await deadline.step('leave elections', Promise.all(leaving));
      const releasing = attempt('release locks', 'the @ZkLock() locks', () =>
        this.locks.releaseAll(deadline.reached, (path, error) => report('release locks', `the lock ${path}`, error)),
      );
      await deadline.step('release locks', releasing);
      const names = this.clients.all().map(({ name }) => `"${name}"`);
      const closing = attempt('close sessions', `the clients ${names.join(', ') || '(none registered)'}`, () =>
        this.clients.closeAll(),
      );
      // Even past the deadline, give closing a moment: it is what removes our ephemeral nodes at once.
      await deadline.step('close sessions', closing, CLOSE_SESSIONS_GRACE_MS);
    } finally {
      deadline.dispose();
      for (const instance of this.instances) unbindDecoratedInstance(instance);
      this.instances.clear();
    }
  }

  /**
   * Starts the elections and watches of one client once it first has a session, however long that takes (a client
   * bootstrap did not wait for may connect minutes later); once only, and not at all if shutdown came first.
   */
  private async startClientWork(registered: RegisteredClient): Promise<void> {
    if (!(await registered.firstSession) || this.closing) return;
    const leaderships = [...this.leaderships.entries()]
      .filter(([key]) => key.startsWith(`${registered.name}\0`))
      .map(([, leadership]) => leadership);
    await allSettledOrThrow(leaderships.map((leadership) => leadership.start()));
    const watches = this.pendingWatches.filter((watch) => watch.clientName === registered.name);
    await allSettledOrThrow(
      watches.map(async (pending) => {
        const watch = await pending.start(registered);
        if (this.closing) watch.stop();
        else this.watches.push({ subject: pending.subject, stop: () => watch.stop() });
      }),
    );
  }

  /** Waits for the watch's first call; a failure to read the node fails bootstrap, naming the method. */
  private async ready(
    watch: { ready: Promise<void>; stop(): void },
    decorator: string,
    where: string,
    path: string,
  ): Promise<void> {
    try {
      await watch.ready;
    } catch (error) {
      watch.stop();
      throw new ZookeeperModuleError(
        `@${decorator}("${path}") on ${where} could not read the node: ${describeError(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  private leadership(clientName: string | undefined, path: string, referencedFrom: string): Leadership {
    const key = this.key(clientName, path);
    let leadership = this.leaderships.get(key);
    if (!leadership) {
      const { client, identity, onLeaderRetry } = this.clients.get(clientName, referencedFrom);
      leadership = new Leadership(client, path, identity, this.logger, onLeaderRetry);
      this.leaderships.set(key, leadership);
    }
    return leadership;
  }

  /**
   * The first `@OnLeader()` on an election sets the id this process contends under (its `id`, or the module's
   * identity); every later one must give the same, or bootstrap fails naming both methods. `@LeaderOnly()` has no
   * `id`, so whichever order the decorators are found in, the election is named by its `@OnLeader()` methods.
   */
  private settleIdentifier(leadership: Leadership, method: DiscoveredMethod, metadata: OnLeaderMetadata): void {
    const clientName = metadata.client ?? DEFAULT_ZOOKEEPER_CLIENT_NAME;
    const { identity } = this.clients.get(clientName, methodRef(method.className, method.methodName));
    const source: ElectionOptionSource = {
      className: method.className,
      methodName: method.methodName,
      value: metadata.id ?? identity,
      fromModuleIdentity: metadata.id === undefined,
    };
    const key = this.key(clientName, metadata.path);
    const first = this.electionIds.get(key);
    if (!first) {
      this.electionIds.set(key, source);
      leadership.setIdentifier(source.value);
    } else if (first.value !== source.value) {
      throw new ZookeeperElectionConflictError(clientName, metadata.path, 'id', first, source);
    }
  }

  private handlerOf(method: DiscoveredMethod, recorder: MethodActivityRecorder): (...args: unknown[]) => unknown {
    const fn = (method.instance as Record<string, (...args: unknown[]) => unknown>)[method.methodName];
    return (...args) => recorder.track(() => fn.apply(method.instance, args));
  }

  private record(
    decorator: ZookeeperMethodActivity['decorator'],
    method: DiscoveredMethod,
    client: string | undefined,
    path: string,
  ): MethodActivityRecorder {
    const { className, methodName } = method;
    return this.activity.add({
      decorator,
      className,
      methodName,
      client: client ?? DEFAULT_ZOOKEEPER_CLIENT_NAME,
      path,
    });
  }

  private key(clientName: string | undefined, path: string): string {
    return `${clientName ?? DEFAULT_ZOOKEEPER_CLIENT_NAME}\0${path}`;
  }

  /** How logs name an election: its path and client. */
  private describeElection(key: string, leadership: Leadership): string {
    return `the election ${leadership.path} of client "${key.slice(0, key.indexOf('\0'))}"`;
  }
}

/**
 * Waits for every promise, then rejects with the first failure. Unlike `Promise.all`, nothing is still starting when
 * the caller cleans up after a failure: a watch that started later would be left running.
 */
async function allSettledOrThrow(promises: Promise<unknown>[]): Promise<void> {
  for (const result of await Promise.allSettled(promises)) {
    if (result.status === 'rejected') throw result.reason;
  }
}

import { NOT_MANAGED } from './zookeeper.messages';
import type { ZkLockMetadata } from './interfaces/zk-lock-options.interface';
import { ZkUsageError } from '../client';

/**
 * What the method wrappers of `@ZkLock()` and `@LeaderOnly()` need from the application that owns the instance.
 * The orchestrator of each application implements it.
 */
export interface DecoratedMethodRuntime {
  runLocked(
    metadata: ZkLockMetadata,
    instance: object,
    original: (...args: unknown[]) => unknown,
    args: unknown[],
  ): Promise<unknown>;
  // The election as `@LeaderOnly()` records it (its metadata type lives with the decorator, which imports this file).
  runLeaderOnly(
    metadata: { readonly path: string; readonly client?: string },
    instance: object,
    original: (...args: unknown[]) => unknown,
    args: unknown[],
  ): unknown;
}

/**
 * Which application runs each decorated provider instance. The wrappers live on the class prototype, shared by every
 * application in the process (tests run several), so they find their application through `this` rather than through a
 * static holder.
 */
const runtimes = new WeakMap<object, DecoratedMethodRuntime>();

/** Called by the explorer for every singleton instance with a wrapped method. */
export function bindDecoratedInstance(instance: object, runtime: DecoratedMethodRuntime): void {
  runtimes.set(instance, runtime);
}

/** Called by the orchestrator on shutdown, so calls after `app.close()` fail clearly instead of using a closed client. */
export function unbindDecoratedInstance(instance: object): void {
  runtimes.delete(instance);
}

/** The runtime of `instance`, or a clear error naming the decorator, class and method. */
export function runtimeOf(instance: unknown, decorator: string, methodName: string): DecoratedMethodRuntime {
  const runtime = typeof instance === 'object' && instance !== null ? runtimes.get(instance) : undefined;
  if (!runtime) {
    const className = (instance as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? 'unknown';
    throw new ZkUsageError(NOT_MANAGED(decorator, className, methodName));
  }
  return runtime;
}

import { LEADER_ONLY_METADATA } from '../zookeeper.constants';
import { runtimeOf } from '../decorated-instance.binding';
import { INVALID_PATH, methodRef } from '../zookeeper.messages';
import { assertMethod, wrapMethod } from './wrap-method.util';
import { ZkUsageError } from '../../client';

/**
 * Options of {@link LeaderOnly | `@LeaderOnly()`}.
 *
 * @publicApi
 */
export interface LeaderOnlyOptions {
  /** Name of the client whose election is used (default client when omitted). */
  client?: string;
}

/** What `@LeaderOnly()` records on the method for the explorer. */
export interface LeaderOnlyMetadata extends LeaderOnlyOptions {
  /** The election's path, as given to the decorator. */
  readonly path: string;
}

/**
 * Runs the method only while this process is the leader of the election at `path`; otherwise the call returns
 * `undefined` without running it. The application joins that election at bootstrap (sharing it with any
 * `@OnLeader()` on the same path). Made to stack with `@Cron()` / `@Interval()` in either order: every instance ticks,
 * only the leader works.
 *
 * @publicApi
 */
export function LeaderOnly(path: string, options: LeaderOnlyOptions = {}): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    assertMethod('LeaderOnly', propertyKey, descriptor);
    const methodName = String(propertyKey);
    if (typeof path !== 'string' || !path.startsWith('/')) {
      const className = (target as { constructor: { name: string } }).constructor.name;
      throw new ZkUsageError(INVALID_PATH('LeaderOnly', methodRef(className, methodName), path));
    }
    const metadata: LeaderOnlyMetadata = { ...options, path };
    wrapMethod(
      descriptor,
      (original) =>
        function leaderOnly(this: unknown, ...args: unknown[]): unknown {
          // Synchronous on purpose: a sync method stays sync; leadership is known locally.
          return runtimeOf(this, 'LeaderOnly', methodName).runLeaderOnly(metadata, this as object, original, args);
        },
    );
    Reflect.defineMetadata(LEADER_ONLY_METADATA, metadata, descriptor.value as object);
  };
}

import { ZkUsageError } from '../../client';
import type { GuardedTransaction } from '../../client';
import type { ZkLockBusyPolicy, ZkLockMetadata, ZkLockOptions } from '../interfaces/zk-lock-options.interface';
import { ZK_LOCK_METADATA } from '../zookeeper.constants';
import { zkLockStorage } from '../zk-lock.context';
import { runtimeOf } from '../decorated-instance.binding';
import { INVALID_PATH, OUTSIDE_ZK_LOCK, methodRef } from '../zookeeper.messages';
import { assertMethod, wrapMethod } from './wrap-method.util';

const BUSY_POLICIES: readonly ZkLockBusyPolicy[] = ['wait', 'skip', 'throw'];

/**
 * Runs the method only while this process holds the ZooKeeper lock at `path`: at most one call runs at a time across
 * every process using the same ensemble and path.
 *
 * `path` is a string, or a function of the method's arguments (`(orderId: string) => \`/locks/orders/${orderId}\``).
 * The decorated method always returns a Promise (the lock is acquired asynchronously); it resolves to the method's
 * return value and rejects with its error. Inside the method, `ZkLock.signal()` aborts if the lock is lost, and
 * `ZkLock.fencingToken()` gives the lock's fencing token. Stacks with `@Cron()` / `@Interval()` in either order.
 *
 * @publicApi
 */
export function ZkLock<Args extends unknown[] = unknown[]>(
  path: string | ((...args: Args) => string),
  options: ZkLockOptions = {},
): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    assertMethod('ZkLock', propertyKey, descriptor);
    const className = (target as { constructor: { name: string } }).constructor.name;
    const methodName = String(propertyKey);
    const where = methodRef(className, methodName);
    if (typeof path === 'string' && !path.startsWith('/')) throw new ZkUsageError(INVALID_PATH('ZkLock', where, path));
    if (typeof path !== 'string' && typeof path !== 'function')
      throw new ZkUsageError(INVALID_PATH('ZkLock', where, path));
    const onBusy = options.onBusy ?? 'wait';
    if (!BUSY_POLICIES.includes(onBusy)) {
      throw new ZkUsageError(
        `@ZkLock() on ${where}: onBusy must be one of ${BUSY_POLICIES.join(', ')}, got "${onBusy}"`,
      );
    }
    if (options.waitTimeoutMs !== undefined && onBusy !== 'wait') {
      throw new ZkUsageError(`@ZkLock() on ${where}: waitTimeoutMs only applies to onBusy: 'wait'`);
    }
    const metadata: ZkLockMetadata = {
      ...options,
      onBusy,
      path: path as string | ((...args: unknown[]) => string),
      className,
      methodName,
    };
    wrapMethod(
      descriptor,
      (original) =>
        // A `function`, not an arrow: `this` is the provider instance, so direct calls are guarded too.
        function zkLocked(this: unknown, ...args: unknown[]): Promise<unknown> {
          try {
            return runtimeOf(this, 'ZkLock', methodName).runLocked(metadata, this as object, original, args);
          } catch (error) {
            return Promise.reject(error);
          }
        },
    );
    Reflect.defineMetadata(ZK_LOCK_METADATA, metadata, descriptor.value as object);
  };
}

/**
 * Inside a `@ZkLock()` method: a signal that aborts when the lock is lost mid-run (or the application shuts down).
 * Pass it to long operations, or check `signal.aborted` between steps.
 */
ZkLock.signal = function signal(): AbortSignal {
  const context = zkLockStorage.getStore();
  if (!context) throw new ZkUsageError(OUTSIDE_ZK_LOCK('signal'));
  return context.signal;
};

/**
 * Inside a `@ZkLock()` method: the lock's fencing token (`Lock.fencingToken`, a `bigint` that grows with every
 * acquisition of the lock, for the life of the ensemble). Send it with writes so the storage can reject a holder that
 * lost the lock without noticing.
 */
ZkLock.fencingToken = function fencingToken(): bigint | undefined {
  const context = zkLockStorage.getStore();
  if (!context) throw new ZkUsageError(OUTSIDE_ZK_LOCK('fencingToken'));
  return context.fencingToken;
};

/**
 * Inside a `@ZkLock()` method: a transaction whose writes commit only while the lock is still held (see
 * `GuardedTransaction`): if this process lost the lock without noticing (a pause that outlived its session), the
 * writes are refused with a `LockLostError` instead of overwriting the new holder's.
 *
 * @example
 * await ZkLock.transaction().setData('/reports/latest', report).commit();
 */
ZkLock.transaction = function transaction(): GuardedTransaction {
  const context = zkLockStorage.getStore();
  if (!context) throw new ZkUsageError(OUTSIDE_ZK_LOCK('transaction'));
  return context.transaction();
};

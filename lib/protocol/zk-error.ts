/**
 * The root of every error this package throws: `catch (error) { if (error instanceof ZkError) … }` catches them all,
 * from whichever entry point they came. Under it: {@link ZooKeeperError} (an error with a ZooKeeper code: the
 * server's answers, connection and session failures, and usage errors of the client such as `InvalidArgumentError`
 * and `ClientClosedError`), {@link ZkUsageError}, the recipes' errors (`LockTimeoutError`, `LockLostError`,
 * `CancelledError`, `StaleFencingTokenError`), the Nest module's (`ZookeeperModuleError`, `ZkLockBusyError`) and the
 * test helpers' (`ZkTestingError`).
 */
export class ZkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The package was used in a way it does not allow, beyond one bad argument (that is `InvalidArgumentError`): a call
 * in the wrong state (a recipe started twice, `ZkLock.signal()` outside a `@ZkLock()` method), a decorator on
 * something it cannot decorate, an optional peer dependency missing, a node that does not hold what the recipe
 * expects.
 */
export class ZkUsageError extends ZkError {}

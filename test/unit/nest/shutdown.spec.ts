import { ZookeeperMethodActivityRegistry } from '../../../lib/nest/zookeeper-method-activity.registry';
import { Logger } from '@nestjs/common';
import type { ZooKeeperClient } from '../../../lib/client';
import { Leadership } from '../../../lib/nest/leadership';
import { ZkLockRunner } from '../../../lib/nest/zk-lock.runner';
import type { RegisteredClient, ZookeeperClientRegistry } from '../../../lib/nest/zookeeper-client.registry';
import { ZookeeperOrchestrator } from '../../../lib/nest/zookeeper.orchestrator';

/**
 * An orchestrator with two `@OnLeader()` elections on a client that is never connected (nothing starts: no bootstrap),
 * and a registry whose `closeAll` is a mock, so the test sees whether shutdown reaches the sessions.
 */
function orchestratorWithElections(): {
  orchestrator: ZookeeperOrchestrator;
  closeAll: jest.Mock<Promise<void>, []>;
} {
  const registered: RegisteredClient = {
    name: 'default',
    client: {} as ZooKeeperClient,
    firstSession: Promise.resolve(true),
    waitedForConnection: true,
    identity: 'test-instance',
    shutdownTimeoutMs: 10_000,
    telemetry: undefined,
    onLeaderRetry: { initialDelayMs: 1000, maxDelayMs: 60_000 },
  };
  const closeAll = jest.fn(async () => undefined);
  const registry = {
    get: () => registered,
    all: () => [registered],
    shutdownTimeoutMs: () => registered.shutdownTimeoutMs,
    closeAll,
  } as unknown as ZookeeperClientRegistry;
  const orchestrator = new ZookeeperOrchestrator(registry, new ZookeeperMethodActivityRegistry());
  const instance = { dispatch(): void {}, report(): void {} };
  orchestrator.addOnLeader({ instance, className: 'Dispatcher', methodName: 'dispatch' }, { path: '/election/a' });
  orchestrator.addOnLeader({ instance, className: 'Reporter', methodName: 'report' }, { path: '/election/b' });
  return { orchestrator, closeAll };
}

/** The paths of the elections `Leadership.close` was called on, in call order. */
function closedElections(close: jest.SpyInstance): string[] {
  return close.mock.contexts.map((leadership) => (leadership as Leadership).path);
}

describe('application shutdown with a failing step', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(ZkLockRunner.prototype, 'releaseAll').mockResolvedValue(undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('leaves the other elections, releases the locks and closes the sessions when leaving one election fails', async () => {
    const { orchestrator, closeAll } = orchestratorWithElections();
    const close = jest.spyOn(Leadership.prototype, 'close').mockImplementation(function (this: Leadership) {
      return this.path === '/election/a' ? Promise.reject(new Error('connection reset')) : Promise.resolve();
    });

    await expect(orchestrator.onApplicationShutdown()).resolves.toBeUndefined();

    expect(closedElections(close)).toEqual(['/election/a', '/election/b']);
    expect(ZkLockRunner.prototype.releaseAll).toHaveBeenCalledTimes(1);
    expect(closeAll).toHaveBeenCalledTimes(1);
    // The sessions are closed last, after every election was left.
    expect(closeAll.mock.invocationCallOrder[0]).toBeGreaterThan(Math.max(...close.mock.invocationCallOrder));
    expect(errors.mock.calls).toEqual([
      [
        'Shutdown step "leave elections" failed for the election /election/a of client "default": connection reset. ' +
          "Going on: the remaining steps run and the sessions are closed, which removes the application's " +
          'ephemeral nodes.',
        expect.stringContaining('Error: connection reset'),
      ],
    ]);
  });

  it('closes the sessions when releasing the locks fails, and logs each lock that failed with its path', async () => {
    const { orchestrator, closeAll } = orchestratorWithElections();
    jest.spyOn(Leadership.prototype, 'close').mockResolvedValue(undefined);
    jest.spyOn(ZkLockRunner.prototype, 'releaseAll').mockImplementation(async (_deadline, onFailure) => {
      onFailure?.('/locks/nightly', new Error('NOAUTH'));
      throw new Error('lock runner broke');
    });

    await expect(orchestrator.onApplicationShutdown()).resolves.toBeUndefined();

    expect(closeAll).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/^Shutdown step "release locks" failed for the lock \/locks\/nightly: NOAUTH\. Going on/),
      expect.stringMatching(/^Shutdown step "release locks" failed for the @ZkLock\(\) locks: lock runner broke\./),
    ]);
  });

  it('logs a failure to close the sessions with the clients it was closing, and still resolves', async () => {
    const { orchestrator, closeAll } = orchestratorWithElections();
    jest.spyOn(Leadership.prototype, 'close').mockResolvedValue(undefined);
    closeAll.mockRejectedValue(new Error('socket exploded'));

    await expect(orchestrator.onApplicationShutdown()).resolves.toBeUndefined();

    expect(closeAll).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/^Shutdown step "close sessions" failed for the clients "default": socket exploded\./),
    ]);
  });

  it('runs once: a second call neither leaves the elections again nor closes the sessions again', async () => {
    const { orchestrator, closeAll } = orchestratorWithElections();
    const close = jest.spyOn(Leadership.prototype, 'close').mockRejectedValue(new Error('connection reset'));

    await orchestrator.onApplicationShutdown();
    await orchestrator.onApplicationShutdown();

    expect(close).toHaveBeenCalledTimes(2); // the two elections, once each
    expect(closeAll).toHaveBeenCalledTimes(1);
  });

  it('after a failed bootstrap, names the failed step in the cleanup log and rethrows the bootstrap error', async () => {
    const { orchestrator, closeAll } = orchestratorWithElections();
    jest.spyOn(Leadership.prototype, 'close').mockImplementation(function (this: Leadership) {
      return this.path === '/election/b' ? Promise.reject(new Error('connection reset')) : Promise.resolve();
    });
    const bootstrapError = new Error('bootstrap failed');

    await expect(orchestrator.abandonBootstrap(bootstrapError)).rejects.toBe(bootstrapError);

    expect(closeAll).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      'Bootstrap failed, and so did closing what the ZooKeeper module had opened (step "leave elections", the ' +
        'election /election/b of client "default"; the remaining steps ran and the bootstrap error is rethrown): ' +
        'connection reset',
    ]);
  });
});

import { Injectable, Logger } from '@nestjs/common';
import { OnLeader, WatchNode } from '../../../lib/nest';
import { ZookeeperClientRegistry } from '../../../lib/nest/zookeeper-client.registry';
import { compileExplorer } from './explorer-module';

/** Initialises {@link compileExplorer}'s module, whose registry's `closeAll` is spied on. */
async function initError(
  providers: (new (...args: never[]) => object)[],
  closeAll?: () => Promise<void>,
): Promise<{ error: unknown; closeAll: jest.SpyInstance }> {
  const moduleRef = await compileExplorer(providers);
  const registry = moduleRef.get(ZookeeperClientRegistry);
  const spy = jest.spyOn(registry, 'closeAll');
  if (closeAll) spy.mockImplementation(closeAll);
  const error = await moduleRef.init().then(
    () => new Error('bootstrap succeeded'),
    (thrown: unknown) => thrown,
  );
  return { error, closeAll: spy };
}

describe('a bootstrap the explorer fails', () => {
  afterEach(() => jest.restoreAllMocks());

  it('closes the clients, then rejects with the explorer error', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    @Injectable()
    class Watcher {
      @WatchNode('flags')
      onFlags(): void {}
    }

    const { error, closeAll } = await initError([Watcher]);

    expect((error as Error).message).toMatch(
      /^@WatchNode\(\) on Watcher\.onFlags\(\) needs an absolute ZooKeeper path/,
    );
    expect(closeAll).toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
  });

  it('rejects with the explorer error, not the one closing the clients failed with, and logs the latter', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    @Injectable()
    class Leader {
      @OnLeader('/election', { client: 'reports' })
      lead(): void {}
    }

    const { error, closeAll } = await initError([Leader], () => Promise.reject(new Error('socket exploded')));

    expect((error as Error).message).toMatch(
      /^ZooKeeper client "reports" referenced from Leader\.lead\(\) does not exist/,
    );
    expect(closeAll).toHaveBeenCalled();
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/^Bootstrap failed, and so did closing .*: socket exploded$/),
      expect.any(String),
    );
  });
});

import { Injectable, Scope } from '@nestjs/common';
import { OnLeader, WatchNode } from '../../../lib/nest';
import { compileExplorer } from './explorer-module';

function explore(...providers: (new (...args: never[]) => object)[]): Promise<unknown> {
  return compileExplorer(providers).then((moduleRef) => moduleRef.init());
}

describe('ZookeeperExplorer', () => {
  it('refuses a decorated method on a request-scoped provider, naming class and method', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class PerRequest {
      @WatchNode('/flags')
      onFlags(): void {}
    }
    await expect(explore(PerRequest)).rejects.toThrow(
      '@WatchNode() on PerRequest.onFlags() cannot be used: PerRequest is request-scoped or transient',
    );
  });

  it('names the client a decorator references when it is not registered', async () => {
    @Injectable()
    class Leader {
      @OnLeader('/election', { client: 'reports' })
      lead(): void {}
    }
    await expect(explore(Leader)).rejects.toThrow(
      'ZooKeeper client "reports" referenced from Leader.lead() does not exist',
    );
  });

  it('refuses a relative path', async () => {
    @Injectable()
    class Watcher {
      @WatchNode('flags')
      onFlags(): void {}
    }
    await expect(explore(Watcher)).rejects.toThrow(
      '@WatchNode() on Watcher.onFlags() needs an absolute ZooKeeper path',
    );
  });
});

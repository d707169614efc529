import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import type { ZooKeeperClient } from '../../../lib/client';
import { LeaderOnly, OnLeader, ZookeeperElectionConflictError } from '../../../lib/nest';
import { Leadership } from '../../../lib/nest/leadership';
import { ZookeeperClientRegistry } from '../../../lib/nest/zookeeper-client.registry';
import type { RegisteredClient } from '../../../lib/nest/zookeeper-client.registry';
import { ZookeeperExplorer } from '../../../lib/nest/zookeeper.explorer';
import { ZookeeperMetadataAccessor } from '../../../lib/nest/zookeeper.metadata-accessor';
import { ZookeeperOrchestrator } from '../../../lib/nest/zookeeper.orchestrator';
import { ZookeeperMethodActivityRegistry } from '../../../lib/nest/zookeeper-method-activity.registry';

/** The module's identity of every client of {@link explore}. */
const IDENTITY = 'host-1:42';

/**
 * Stands in for the client registry: clients `default` and `other` exist (never connected, so no election starts);
 * exploration only needs their identity, and a failed exploration closes them (nothing to do here).
 */
const clients: Pick<ZookeeperClientRegistry, 'get' | 'all' | 'shutdownTimeoutMs' | 'closeAll'> = {
  get(name: string | undefined): RegisteredClient {
    if (name !== undefined && name !== 'default' && name !== 'other') throw new Error(`no client ${name}`);
    return { identity: IDENTITY, client: {} as ZooKeeperClient } as RegisteredClient;
  },
  all: () => [],
  shutdownTimeoutMs: () => 10_000,
  closeAll: () => Promise.resolve(),
};

/** Explorer and orchestrator over `providers`, initialised (which is when the explorer registers the elections). */
async function explore(...providers: (new (...args: never[]) => object)[]): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      { provide: ZookeeperClientRegistry, useValue: clients },
      ZookeeperMetadataAccessor,
      ZookeeperOrchestrator,
      ZookeeperMethodActivityRegistry,
      ZookeeperExplorer,
      ...providers,
    ],
  }).compile();
  return moduleRef.init();
}

/** The error `explore()` fails with. */
async function conflict(...providers: (new (...args: never[]) => object)[]): Promise<unknown> {
  return explore(...providers).then(
    () => new Error('bootstrap succeeded'),
    (error: unknown) => error,
  );
}

describe('election options that must agree on one path', () => {
  afterEach(() => jest.restoreAllMocks());

  it('fails bootstrap when two providers give one election different ids, naming path, methods and ids', async () => {
    @Injectable()
    class Dispatcher {
      @OnLeader('/jobs/leader', { id: 'dispatcher-a' })
      dispatch(): void {}
    }
    @Injectable()
    class Reporter {
      @OnLeader('/jobs/leader', { id: 'reporter-b' })
      report(): void {}
    }

    const error = await conflict(Dispatcher, Reporter);

    expect(error).toBeInstanceOf(ZookeeperElectionConflictError);
    expect(error).toMatchObject({
      name: 'ZookeeperElectionConflictError',
      client: 'default',
      path: '/jobs/leader',
      option: 'id',
      first: { className: 'Dispatcher', methodName: 'dispatch', value: 'dispatcher-a', fromModuleIdentity: false },
      second: { className: 'Reporter', methodName: 'report', value: 'reporter-b', fromModuleIdentity: false },
    });
    expect((error as Error).message).toBe(
      '@OnLeader("/jobs/leader") methods of client "default" share one election but give it different ids: ' +
        '"dispatcher-a" on Dispatcher.dispatch(), "reporter-b" on Reporter.report(). This process takes part in an ' +
        'election under one id: give every @OnLeader() on this path the same id, or use different paths.',
    );
  });

  it("counts a left-out id as the module's identity, in either order", async () => {
    @Injectable()
    class Named {
      @OnLeader('/jobs/leader', { id: 'named' })
      lead(): void {}
    }
    @Injectable()
    class Unnamed {
      @OnLeader('/jobs/leader')
      lead(): void {}
    }

    const named = { className: 'Named', methodName: 'lead', value: 'named', fromModuleIdentity: false };
    const unnamed = { className: 'Unnamed', methodName: 'lead', value: IDENTITY, fromModuleIdentity: true };
    for (const [providers, first, second] of [
      [[Named, Unnamed], named, unnamed],
      [[Unnamed, Named], unnamed, named],
    ] as const) {
      const error = await conflict(...providers);
      expect(error).toBeInstanceOf(ZookeeperElectionConflictError);
      expect(error).toMatchObject({ option: 'id', first, second });
      expect((error as Error).message).toContain(
        `"${IDENTITY}" on Unnamed.lead() (no id given: the module's identity)`,
      );
    }
  });

  it('shares one election when the ids agree: the same id, or a left-out id that equals the identity', async () => {
    const setIdentifier = jest.spyOn(Leadership.prototype, 'setIdentifier');
    @Injectable()
    class Dispatcher {
      @OnLeader('/jobs/a', { id: 'shared' })
      dispatch(): void {}

      @OnLeader('/jobs/b', { id: IDENTITY })
      other(): void {}
    }
    @Injectable()
    class Reporter {
      @OnLeader('/jobs/a', { id: 'shared', releaseOnReturn: true })
      report(): void {}

      @OnLeader('/jobs/b')
      other(): void {}
    }

    const app = await explore(Dispatcher, Reporter);

    expect(app.get(ZookeeperOrchestrator).elections()).toEqual([
      { client: 'default', path: '/jobs/a', isLeader: false },
      { client: 'default', path: '/jobs/b', isLeader: false },
    ]);
    // Set once per election, by its first @OnLeader().
    expect(setIdentifier.mock.calls).toEqual([['shared'], [IDENTITY]]);
  });

  it('names the election by its @OnLeader() id even when a @LeaderOnly() on the path is found first', async () => {
    const setIdentifier = jest.spyOn(Leadership.prototype, 'setIdentifier');
    @Injectable()
    class Cleaner {
      @LeaderOnly('/jobs/leader')
      purge(): void {}
    }
    @Injectable()
    class Dispatcher {
      @OnLeader('/jobs/leader', { id: 'dispatcher' })
      dispatch(): void {}
    }

    const app = await explore(Cleaner, Dispatcher);

    expect(app.get(ZookeeperOrchestrator).elections()).toEqual([
      { client: 'default', path: '/jobs/leader', isLeader: false },
    ]);
    expect(setIdentifier.mock.calls).toEqual([['dispatcher']]);
  });

  it('lets different clients use the same path with different ids (they are different elections)', async () => {
    @Injectable()
    class Dispatcher {
      @OnLeader('/jobs/leader', { id: 'a' })
      dispatch(): void {}

      @OnLeader('/jobs/leader', { id: 'b', client: 'other' })
      dispatchOther(): void {}
    }

    const app = await explore(Dispatcher);

    expect(app.get(ZookeeperOrchestrator).elections()).toEqual([
      { client: 'default', path: '/jobs/leader', isLeader: false },
      { client: 'other', path: '/jobs/leader', isLeader: false },
    ]);
  });
});

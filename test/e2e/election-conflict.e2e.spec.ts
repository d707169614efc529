import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { Election } from '../../lib/client';
import { LeaderOnly, OnLeader, ZookeeperElectionConflictError, ZookeeperModule } from '../../lib/nest';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { closeApps, startApp } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

describe('@OnLeader options on one election path', () => {
  let apps: TestingModule[] = [];
  const observer = sharedServerClient();
  afterEach(() => closeApps(apps));

  /** The identifiers of the contenders of the election at `path`, in line order, as the server has them. */
  const contenders = (path: string): Promise<string[]> => new Election(observer, path).contenders();

  it('fails app.init() with a ZookeeperElectionConflictError when two providers give different ids', async () => {
    const path = uniquePath('conflict');
    @Injectable()
    class Dispatcher {
      @OnLeader(path, { id: 'dispatcher' })
      dispatch(): void {}
    }
    @Injectable()
    class Reporter {
      @OnLeader(path, { id: 'reporter' })
      report(): void {}
    }
    const moduleRef = await Test.createTestingModule({
      imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString() })],
      providers: [Dispatcher, Reporter],
    }).compile();

    // No cleanup here: the module closes the session it opened when its bootstrap fails.
    const error = await moduleRef.init().then(
      () => new Error('bootstrap succeeded'),
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(ZookeeperElectionConflictError);
    expect(error).toMatchObject({
      client: 'default',
      path,
      option: 'id',
      first: { className: 'Dispatcher', methodName: 'dispatch', value: 'dispatcher' },
      second: { className: 'Reporter', methodName: 'report', value: 'reporter' },
    });
    expect((error as Error).message).toContain(
      `@OnLeader("${path}") methods of client "default" share one election but give it different ids: ` +
        '"dispatcher" on Dispatcher.dispatch(), "reporter" on Reporter.report().',
    );
    // It failed before joining: no election node was ever created.
    expect(await observer.exists(path)).toBeNull();
  });

  it('runs identical options as one election: one contender, both methods called in its term', async () => {
    const path = uniquePath('shared');
    @Injectable()
    class Dispatcher {
      led = 0;
      @OnLeader(path, { id: 'jobs-1' })
      dispatch(): void {
        this.led += 1;
      }
    }
    @Injectable()
    class Reporter {
      led = 0;
      @OnLeader(path, { id: 'jobs-1' })
      report(): void {
        this.led += 1;
      }
    }

    apps = [await startApp({ providers: [Dispatcher, Reporter] })];

    await waitFor('both methods to lead', () => apps[0].get(Dispatcher).led === 1 && apps[0].get(Reporter).led === 1);
    expect(await contenders(path)).toEqual(['jobs-1']);
  });

  it('contends under the @OnLeader() id even when a @LeaderOnly() on the path is found first', async () => {
    const path = uniquePath('leader-only-first');
    @Injectable()
    class Cleaner {
      @LeaderOnly(path)
      purge(): string {
        return 'purged';
      }
    }
    @Injectable()
    class Dispatcher {
      led = 0;
      @OnLeader(path, { id: 'dispatcher' })
      dispatch(): void {
        this.led += 1;
      }
    }

    apps = [await startApp({ providers: [Cleaner, Dispatcher], zookeeper: { identity: 'module-identity' } })];

    await waitFor('the dispatcher to lead', () => apps[0].get(Dispatcher).led === 1);
    expect(await contenders(path)).toEqual(['dispatcher']);
    expect(apps[0].get(Cleaner).purge()).toBe('purged');
  });
});

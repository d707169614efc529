import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { LockLostError } from '../../lib/recipes';
import { OnLeader, ZkLock } from '../../lib/nest';
import type { LeaderTerm } from '../../lib/nest';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { uniquePath } from '../support/zk';
import { closeApps, startApp } from './src/start-app';

jest.setTimeout(60_000);

describe('guarded writes from decorated methods', () => {
  let apps: TestingModule[] = [];
  const observer = sharedServerClient();
  afterEach(() => closeApps(apps));

  it('ZkLock.transaction() commits while the @ZkLock method holds its lock', async () => {
    const lockPath = uniquePath('zk-lock-guarded');
    const target = `${lockPath}-report`;
    @Injectable()
    class Reports {
      @ZkLock(lockPath)
      async write(): Promise<number> {
        const results = await ZkLock.transaction().create(target, `token ${ZkLock.fencingToken()}`).commit();
        return results.length;
      }
    }
    apps = [await startApp({ providers: [Reports] })];
    expect(await apps[0].get(Reports).write()).toBe(1);
    expect((await observer.getData(target)).data.toString()).toMatch(/^token \d+$/);
    expect(() => ZkLock.transaction()).toThrow(/outside a method decorated with @ZkLock/);
    await observer.delete(target);
  });

  it("an @OnLeader method's term.transaction() commits during the term and is refused once it is over", async () => {
    const electionPath = uniquePath('on-leader-guarded');
    const target = `${electionPath}-state`;
    let kept: LeaderTerm | undefined;
    @Injectable()
    class Leader {
      @OnLeader(electionPath)
      async lead(signal: AbortSignal, term: LeaderTerm): Promise<void> {
        await term.transaction().create(target, 'leading').commit();
        kept = term;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      }
    }
    apps = [await startApp({ providers: [Leader] })];
    await waitFor('the leader to write', () => kept !== undefined);
    expect((await observer.getData(target)).data.toString()).toBe('leading');
    await closeApps(apps);
    expect(kept?.signal.aborted).toBe(true);
    expect(() => (kept as LeaderTerm).transaction()).toThrow(LockLostError);
    await observer.delete(target);
  });
});

import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZooKeeperClient } from '../../lib/client';
import { OnLeader, ZkLock } from '../../lib/nest';
import { expireSession } from '../../lib/testing';
import { waitFor } from '../support/wait-for';
import { uniquePath } from '../support/zk';
import { closeApps, startApp, startApps } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

describe('leadership and locks when things go wrong or are given back', () => {
  let apps: TestingModule[] = [];
  afterEach(() => closeApps(apps));

  it('aborts the @OnLeader and ZkLock.signal() signals when the session expires, then leads again', async () => {
    const electionPath = uniquePath('expiry-election');
    const lockPath = uniquePath('expiry-lock');

    @Injectable()
    class Worker {
      readonly terms: AbortSignal[] = [];
      lockSignal: AbortSignal | undefined;

      @OnLeader(electionPath)
      lead(signal: AbortSignal): void {
        this.terms.push(signal);
      }

      @ZkLock(lockPath)
      async holdUntilLost(): Promise<string> {
        const signal = ZkLock.signal();
        this.lockSignal = signal;
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return 'lost';
      }
    }

    apps = [await startApp({ providers: [Worker] })];
    const worker = apps[0].get(Worker);
    await waitFor('leadership', () => worker.terms.length === 1);
    const job = worker.holdUntilLost();
    await waitFor('the lock', () => worker.lockSignal !== undefined);

    await expireSession(apps[0].get(ZooKeeperClient));

    expect(worker.terms[0].aborted).toBe(true);
    await expect(job).resolves.toBe('lost');
    expect(worker.lockSignal?.aborted).toBe(true);
    // A new session, a new term.
    await waitFor('a second term', () => worker.terms.length === 2);
    expect(worker.terms[1].aborted).toBe(false);
  });

  it('with releaseOnReturn, gives leadership back after each call so the instances take turns, never overlapping', async () => {
    const path = uniquePath('turns');
    const overlap = { active: 0, max: 0 };

    @Injectable()
    class TakeTurns {
      turns = 0;

      @OnLeader(path, { releaseOnReturn: true })
      async turn(): Promise<void> {
        overlap.active += 1;
        overlap.max = Math.max(overlap.max, overlap.active);
        this.turns += 1;
        await sleep(5);
        overlap.active -= 1;
      }
    }

    apps = await startApps(2, { providers: [TakeTurns] });
    const workers = apps.map((app) => app.get(TakeTurns));
    await waitFor('each instance to lead at least twice', () => workers.every((w) => w.turns >= 2));
    await closeApps(apps);

    expect(overlap.max).toBe(1);
  });
});

import { Injectable } from '@nestjs/common';
import { Interval, ScheduleModule } from '@nestjs/schedule';
import type { TestingModule } from '@nestjs/testing';
import { LeaderOnly, OnLeader, ZookeeperLeaderRegistry } from '../../lib/nest';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { uniquePath } from '../support/zk';
import { closeApps, startApps } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

/** A worker class per test, so each test contends on its own election path. */
function leaderWorker(path: string) {
  @Injectable()
  class LeaderWorker {
    readonly terms: AbortSignal[] = [];
    ticks = 0;

    @OnLeader(path)
    lead(signal: AbortSignal): void {
      this.terms.push(signal);
    }

    /** `@LeaderOnly` above `@Interval`: the interval keeps ticking everywhere, only the leader counts. */
    @LeaderOnly(path)
    @Interval(20)
    tick(): string {
      this.ticks += 1;
      return 'ran';
    }
  }
  return LeaderWorker;
}

/** The index of the worker whose @OnLeader method has run, if any. */
function leaderIndex(workers: { terms: AbortSignal[] }[]): number | undefined {
  const index = workers.findIndex((worker) => worker.terms.length > 0);
  return index === -1 ? undefined : index;
}

describe('@OnLeader / @LeaderOnly across three app instances', () => {
  let apps: TestingModule[] = [];
  const observer = sharedServerClient();
  afterEach(() => closeApps(apps));

  it('runs the @OnLeader method in exactly one instance, and hands over when it closes', async () => {
    const path = uniquePath('leader');
    const Worker = leaderWorker(path);
    apps = await startApps(3, { providers: [Worker] });
    const workers = apps.map((app) => app.get(Worker));
    const registries = apps.map((app) => app.get(ZookeeperLeaderRegistry));

    // Every instance has joined (3 contenders) and one of them leads: the two others wait behind it.
    await waitFor('three contenders', async () => (await observer.getChildren(path)).length === 3);
    const first = await waitFor('a leader', () => leaderIndex(workers));
    expect(workers.map((w) => w.terms.length)).toEqual(workers.map((_, i) => (i === first ? 1 : 0)));
    expect(registries.map((r) => r.isLeader(path))).toEqual(registries.map((_, i) => i === first));
    expect(workers[first].terms[0].aborted).toBe(false);

    await apps[first].close();
    expect(workers[first].terms[0].aborted).toBe(true);

    const rest = [0, 1, 2].filter((i) => i !== first);
    const second = await waitFor('a new leader', () => rest.find((i) => workers[i].terms.length > 0));
    await waitFor('two contenders', async () => (await observer.getChildren(path)).length === 2);
    expect(rest.map((i) => workers[i].terms.length)).toEqual(rest.map((i) => (i === second ? 1 : 0)));
    expect(rest.map((i) => registries[i].isLeader(path))).toEqual(rest.map((i) => i === second));
  });

  it('runs @LeaderOnly (stacked with @Interval) only in the leader', async () => {
    const path = uniquePath('leader-only');
    const Worker = leaderWorker(path);
    apps = await startApps(3, { providers: [Worker], imports: [ScheduleModule.forRoot()] });
    const workers = apps.map((app) => app.get(Worker));

    const leader = await waitFor('a leader', () => leaderIndex(workers));
    await waitFor('the leader to tick a few times', () => workers[leader].ticks >= 5);
    expect(workers.map((w) => w.ticks > 0)).toEqual(workers.map((_, i) => i === leader));
    // A direct call is guarded the same way: the method runs in the leader, returns undefined elsewhere.
    expect(workers.map((w) => w.tick())).toEqual(workers.map((_, i) => (i === leader ? 'ran' : undefined)));
  });

  it('yields leadership on request and lets another instance lead', async () => {
    const path = uniquePath('yield');
    const Worker = leaderWorker(path);
    apps = await startApps(2, { providers: [Worker] });
    const workers = apps.map((app) => app.get(Worker));
    const registries = apps.map((app) => app.get(ZookeeperLeaderRegistry));
    await waitFor('two contenders', async () => (await observer.getChildren(path)).length === 2);
    const leader = await waitFor('a leader', () => leaderIndex(workers));
    const other = 1 - leader;

    await registries[leader].yield(path);

    expect(workers[leader].terms[0].aborted).toBe(true);
    await waitFor('the other instance to lead', () => workers[other].terms.length === 1);
    expect(registries[other].isLeader(path)).toBe(true);
    expect(registries[leader].isLeader(path)).toBe(false);
    expect(registries[leader].elections()).toEqual([{ client: 'default', path, isLeader: false }]);
  });
});

import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZooKeeperClient } from '../../lib/client';
import { ZkLock, ZkLockBusyError } from '../../lib/nest';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { closeApps, startApps } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

/** Counts how many calls run at once across every instance of the test. */
class OverlapCounter {
  active = 0;
  maxActive = 0;
  tokens: (bigint | undefined)[] = [];

  async section(): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.tokens.push(ZkLock.fencingToken());
    // Widen the window in which a second holder would be seen (not a timing assertion).
    await sleep(5);
    this.active -= 1;
  }
}

function lockedJobs(path: string, counter: OverlapCounter) {
  @Injectable()
  class Jobs {
    readonly ran: string[] = [];
    release!: () => void;
    entered = false;
    holdSignal: AbortSignal | undefined;

    @ZkLock(path)
    async exclusive(): Promise<void> {
      await counter.section();
    }

    @ZkLock(path)
    async hold(): Promise<string> {
      this.entered = true;
      this.holdSignal = ZkLock.signal();
      await new Promise<void>((resolve) => (this.release = resolve));
      return 'held';
    }

    @ZkLock(path, { onBusy: 'skip' })
    async trySkip(): Promise<string> {
      this.ran.push('skip');
      return 'ran';
    }

    @ZkLock(path, { onBusy: 'throw' })
    async tryThrow(): Promise<string> {
      this.ran.push('throw');
      return 'ran';
    }

    @ZkLock(path, { onBusy: 'wait', waitTimeoutMs: 200 })
    async tryWait(): Promise<string> {
      this.ran.push('wait');
      return 'ran';
    }

    @ZkLock((key: string) => `${path}-${key}`, { onBusy: 'skip' })
    async perKey(key: string): Promise<string> {
      this.ran.push(`key ${key}`);
      return key;
    }

    @ZkLock(path)
    double(value: number): number {
      return value * 2;
    }

    @ZkLock(path)
    fail(): never {
      throw new Error('sync failure');
    }
  }
  return Jobs;
}

describe('@ZkLock across three app instances', () => {
  let apps: TestingModule[] = [];
  afterEach(() => closeApps(apps));

  it('never lets two instances run the method at once', async () => {
    const counter = new OverlapCounter();
    const Jobs = lockedJobs(uniquePath('exclusive'), counter);
    apps = await startApps(3, { providers: [Jobs] });
    const jobs = apps.map((app) => app.get(Jobs));

    await Promise.all(jobs.flatMap((job) => Array.from({ length: 5 }, () => job.exclusive())));

    expect(counter.maxActive).toBe(1);
    expect(counter.tokens).toHaveLength(15);
    // Each run held the lock under a new, larger fencing token.
    const tokens = counter.tokens as bigint[];
    expect(tokens.every((token, i) => typeof token === 'bigint' && (i === 0 || token > tokens[i - 1]))).toBe(true);
  });

  it('skips, throws or gives up waiting while another instance holds the lock, as onBusy says', async () => {
    const path = uniquePath('busy');
    const Jobs = lockedJobs(path, new OverlapCounter());
    apps = await startApps(2, { providers: [Jobs] });
    const [holder, other] = apps.map((app) => app.get(Jobs));

    const held = holder.hold();
    await waitFor('the holder to be inside the lock', () => holder.entered);

    await expect(other.trySkip()).resolves.toBeUndefined();
    const thrown = await other.tryThrow().catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ZkLockBusyError);
    expect(thrown).toMatchObject({ path, waitedMs: undefined });
    await expect(other.tryWait()).rejects.toMatchObject({ name: 'ZkLockBusyError', path, waitedMs: 200 });
    // Another key is another lock.
    await expect(other.perKey('a')).resolves.toBe('a');
    expect(other.ran).toEqual(['key a']);
    expect(holder.holdSignal?.aborted).toBe(false);

    holder.release();
    await expect(held).resolves.toBe('held');
    await expect(other.trySkip()).resolves.toBe('ran');
    await expect(other.tryThrow()).resolves.toBe('ran');
    await expect(other.tryWait()).resolves.toBe('ran');
    expect(other.ran).toEqual(['key a', 'skip', 'throw', 'wait']);
  });

  it('keeps the return value and the error of a synchronous method', async () => {
    const Jobs = lockedJobs(uniquePath('sync'), new OverlapCounter());
    apps = await startApps(1, { providers: [Jobs] });
    const jobs = apps[0].get(Jobs);

    await expect(jobs.double(21)).resolves.toBe(42);
    await expect(Promise.resolve().then(() => jobs.fail())).rejects.toThrow('sync failure');
  });

  it('holds the lock for holdAtLeastMs after the method returns', async () => {
    const path = uniquePath('hold-at-least');
    @Injectable()
    class Report {
      @ZkLock(path, { holdAtLeastMs: 60_000, onBusy: 'skip' })
      async run(): Promise<string> {
        return 'done';
      }
    }
    apps = await startApps(2, { providers: [Report] });
    const [a, b] = apps.map((app) => app.get(Report));
    const observer = new ZooKeeperClient({ connectString: sharedConnectString() });
    await observer.connect();
    try {
      await expect(a.run()).resolves.toBe('done');
      // Returned at once, but the lock node stays until the hold time is over: the other instance skips.
      expect(await observer.getChildren(path)).toHaveLength(1);
      await expect(b.run()).resolves.toBeUndefined();
      await expect(a.run()).resolves.toBeUndefined();
      // Shutdown does not wait out the hold: it releases.
      await apps[0].close();
      expect(await observer.getChildren(path)).toHaveLength(0);
      await expect(b.run()).resolves.toBe('done');
    } finally {
      await observer.close();
    }
  });

  it('exposes ZkLock.signal() and ZkLock.fencingToken() only inside a locked method', async () => {
    expect(() => ZkLock.signal()).toThrow(/outside a method decorated with @ZkLock/);
    expect(() => ZkLock.fencingToken()).toThrow(/outside a method decorated with @ZkLock/);
  });

  it('fails clearly when the instance is not managed by ZookeeperModule', async () => {
    const Jobs = lockedJobs(uniquePath('unmanaged'), new OverlapCounter());
    await expect(new Jobs().trySkip()).rejects.toThrow(
      /@ZkLock\(\) on Jobs\.trySkip\(\) was called on an instance ZookeeperModule does not manage/,
    );
  });
});

import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, ZooKeeperClient } from '../../lib/client';
import { LeaderOnly, OnLeader, WatchChildren, WatchNode, ZkLock } from '../../lib/nest';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { uniquePath } from '../support/zk';
import { closeApps, startApp } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

describe('application shutdown', () => {
  let apps: TestingModule[] = [];
  const observer = sharedServerClient();
  afterEach(() => closeApps(apps));

  it('stops watchers, leaves elections, releases locks and closes the session, leaving no ephemeral node', async () => {
    const base = uniquePath('shutdown');
    const electionPath = `${base}/election`;
    const lockPath = `${base}/lock`;
    const flagPath = `${base}/flag`;
    const events: string[] = [];

    @Injectable()
    class Everything {
      leaderSignal: AbortSignal | undefined;
      lockSignal: AbortSignal | undefined;

      @OnLeader(electionPath)
      lead(signal: AbortSignal): void {
        this.leaderSignal = signal;
        signal.addEventListener('abort', () => events.push('leader signal aborted'));
      }

      @LeaderOnly(electionPath)
      isLeaderNow(): boolean {
        return true;
      }

      @ZkLock(lockPath)
      async longJob(): Promise<string> {
        this.lockSignal = ZkLock.signal();
        await new Promise((resolve) => this.lockSignal?.addEventListener('abort', resolve));
        events.push('locked job saw its signal abort');
        return 'stopped';
      }

      @WatchNode(flagPath)
      onFlag(): void {}

      @WatchChildren(base)
      onChildren(): void {}
    }

    const app = await startApp({ providers: [Everything] });
    apps = [app];
    const everything = app.get(Everything);
    const client = app.get(ZooKeeperClient);
    const sessionId = client.sessionId;

    await waitFor('leadership', () => everything.leaderSignal !== undefined);
    const job = everything.longJob();
    await waitFor('the locked job to run', () => everything.lockSignal !== undefined);
    expect(await observer.getChildren(electionPath)).toHaveLength(1);
    expect(await observer.getChildren(lockPath)).toHaveLength(1);

    await app.close();

    expect(everything.leaderSignal?.aborted).toBe(true);
    expect(everything.lockSignal?.aborted).toBe(true);
    await expect(job).resolves.toBe('stopped');
    expect(client.state).toBe(ConnectionState.LOST);
    expect(await observer.getChildren(electionPath)).toEqual([]);
    expect(await observer.getChildren(lockPath)).toEqual([]);
    // Nothing anywhere under the test's tree is owned by the closed session.
    const owners = await Promise.all(
      (await observer.getChildren(base)).map(
        async (child) => (await observer.exists(`${base}/${child}`))?.ephemeralOwner,
      ),
    );
    expect(owners).not.toContain(sessionId);
    // Elections are left before locks are released.
    expect(events).toEqual(['leader signal aborted', 'locked job saw its signal abort']);

    // Calls after close fail clearly instead of using a closed client.
    await expect(everything.longJob()).rejects.toThrow(/does not manage/);
  });

  it('gives up waiting for a method that ignores its signal after shutdownTimeoutMs, and still closes the session', async () => {
    const electionPath = uniquePath('stubborn');

    @Injectable()
    class Stubborn {
      started = false;

      @OnLeader(electionPath)
      async lead(): Promise<void> {
        this.started = true;
        await new Promise(() => undefined); // never returns, ignores its signal
      }
    }

    const app = await startApp({ providers: [Stubborn], zookeeper: { shutdownTimeoutMs: 300 } });
    apps = [app];
    const client = app.get(ZooKeeperClient);
    await waitFor('leadership', () => app.get(Stubborn).started);

    await app.close();

    expect(client.state).toBe(ConnectionState.LOST);
    expect(await observer.getChildren(electionPath)).toEqual([]);
  });
});

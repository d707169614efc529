import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { join } from 'node:path';
import { ConnectionState, CreateMode, DataWatch, Perms, ZooKeeperClient, worldAcl } from '../../lib/client';
import { LeaderOnly, OnLeader, WatchChildren, WatchNode, ZkLock } from '../../lib/nest';
import { Leadership } from '../../lib/nest/leadership';
import { runScript } from '../support/run-script';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
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

describe('application shutdown whose steps fail', () => {
  let apps: TestingModule[] = [];
  const observer = sharedServerClient();
  afterEach(async () => {
    jest.restoreAllMocks();
    await closeApps(apps);
  });

  it('runs every step, logs each failure with its step and path, closes the session and resolves', async () => {
    const base = uniquePath('failing-shutdown');
    const electionPath = `${base}/election`;
    const lockPath = `${base}/lock`;
    const flagPath = `${base}/flag`;
    const hooksAfterZookeeper: string[] = [];

    @Injectable()
    class Worker {
      leaderSignal: AbortSignal | undefined;
      lockSignal: AbortSignal | undefined;

      @OnLeader(electionPath)
      lead(signal: AbortSignal): void {
        this.leaderSignal = signal;
      }

      @ZkLock(lockPath)
      async longJob(): Promise<string> {
        this.lockSignal = ZkLock.signal();
        await new Promise((resolve) => this.lockSignal?.addEventListener('abort', resolve));
        return 'stopped';
      }

      @WatchNode(flagPath)
      onFlag(): void {}
    }

    /** In the application's root module: Nest runs its shutdown hook after the ZooKeeper module's. */
    @Injectable()
    class RootShutdownHook implements OnApplicationShutdown {
      onApplicationShutdown(): void {
        hooksAfterZookeeper.push('root module hook ran');
      }
    }

    const app = await startApp({ providers: [Worker, RootShutdownHook] });
    apps = [app];
    const worker = app.get(Worker);
    const client = app.get(ZooKeeperClient);
    // Lives exactly as long as the application's session: the server tells whether shutdown closed it.
    const marker = await client.create(uniquePath('session-marker'), null, { mode: CreateMode.EPHEMERAL });
    await waitFor('leadership', () => worker.leaderSignal !== undefined);
    const job = worker.longJob();
    await waitFor('the locked job to run', () => worker.lockSignal !== undefined);
    expect(await observer.getChildren(electionPath)).toHaveLength(1);
    expect(await observer.getChildren(lockPath)).toHaveLength(1);

    // A failure on the server: the application may no longer delete under the lock's node, so releasing fails.
    await observer.setAcl(lockPath, [worldAcl(Perms.ALL & ~Perms.DELETE)]);
    // Failures in the module's own steps: stopping the watch throws, leaving the election rejects without leaving.
    jest.spyOn(DataWatch.prototype, 'stop').mockImplementationOnce(() => {
      throw new Error('stopping the watch failed');
    });
    jest.spyOn(Leadership.prototype, 'close').mockRejectedValueOnce(new Error('leaving the election failed'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await expect(app.close()).resolves.toBeUndefined();

    await expect(job).resolves.toBe('stopped');
    expect(client.closed).toBe(true);
    // The session is gone from the server, and with it the election and lock nodes the failed steps left behind.
    expect(await observer.exists(marker)).toBeNull();
    expect(await observer.getChildren(electionPath)).toEqual([]);
    expect(await observer.getChildren(lockPath)).toEqual([]);
    expect(hooksAfterZookeeper).toEqual(['root module hook ran']);
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(
        `^Shutdown step "stop watches" failed for @WatchNode\\("${flagPath}"\\) on Worker\\.onFlag\\(\\): ` +
          'stopping the watch failed\\. Going on',
      ),
      expect.stringMatching(
        `^Shutdown step "leave elections" failed for the election ${electionPath} of client "default": ` +
          'leaving the election failed\\.',
      ),
      expect.stringMatching(`^Shutdown step "release locks" failed for the lock ${lockPath}: .*NOAUTH`),
    ]);
  });

  it('lets the process exit by itself after a shutdown whose steps failed', async () => {
    const electionPath = uniquePath('child-election');
    const script = join(__dirname, 'src', 'shut-down-with-failing-steps.ts');

    const { killed, code, stdout, stderr } = await runScript(script, {
      env: {
        ZK_SHARED_CONNECT: sharedConnectString(),
        ELECTION_PATH: electionPath,
        FLAG_PATH: uniquePath('child-flag'),
        NO_COLOR: '1',
      },
      hangGuardMs: 30_000,
    });

    expect({ killed, code, stdout }).toEqual({ killed: false, code: 0, stdout: 'LEADING\nCLOSED\n' });
    expect(stderr).toMatch(/Shutdown step "stop watches" failed for @WatchNode\(.*\) on Worker\.onFlag\(\)/);
    expect(stderr).toMatch(/Shutdown step "leave elections" failed for the election \/t-child-election-/);
    expect(await observer.getChildren(electionPath)).toEqual([]);
  });
});

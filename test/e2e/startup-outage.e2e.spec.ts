import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, NoNodeError, ZooKeeperClient } from '../../lib/client';
import { OnLeader, WatchNode, ZookeeperModule } from '../../lib/nest';
import type { ZookeeperModuleOptions } from '../../lib/nest';
import { FaultProxy, expireSession } from '../../lib/testing';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

interface LogLine {
  readonly level: 'error' | 'warn' | 'log';
  readonly message: string;
}

/** Keeps what the application logs, in order; the module's lines are those with the Zookeeper context. */
class RecordingLogger implements LoggerService {
  readonly lines: LogLine[] = [];
  log(message: unknown): void {
    this.lines.push({ level: 'log', message: String(message) });
  }
  error(message: unknown): void {
    this.lines.push({ level: 'error', message: String(message) });
  }
  warn(message: unknown): void {
    this.lines.push({ level: 'warn', message: String(message) });
  }
  at(level: LogLine['level']): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}

/** One application whose decorated methods count their calls, on paths of its own. */
function decoratedApp(root: string) {
  @Injectable()
  class Worker {
    leaderCalls = 0;
    readonly flags: unknown[] = [];

    @OnLeader(`${root}/leader`)
    async lead(signal: AbortSignal): Promise<void> {
      this.leaderCalls++;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    }

    @WatchNode(`${root}/flags`, { parse: 'json' })
    onFlags(flags: unknown): void {
      this.flags.push(flags);
    }
  }
  return Worker;
}

describe('startup while the ensemble cannot be reached (waitForConnection: false)', () => {
  const proxies: FaultProxy[] = [];
  const apps: TestingModule[] = [];
  let observer: ZooKeeperClient;

  beforeAll(async () => {
    observer = new ZooKeeperClient({ connectString: sharedConnectString() });
    await observer.connect();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });
  afterAll(() => observer.close());

  async function start(root: string, options: Partial<ZookeeperModuleOptions>) {
    const proxy = await FaultProxy.start(sharedConnectString());
    proxies.push(proxy);
    proxy.refuse();
    proxy.cut();
    const Worker = decoratedApp(root);
    const logger = new RecordingLogger();
    const app = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({
          connectString: proxy.connectString,
          waitForConnection: false,
          identity: 'outage-test',
          ...options,
        }),
      ],
      providers: [Worker],
    })
      .setLogger(logger)
      .compile();
    apps.push(app);
    await app.init();
    return { app, proxy, logger, worker: app.get(Worker), client: app.get(ZooKeeperClient) };
  }

  async function contenders(path: string): Promise<string[]> {
    try {
      return await observer.getChildren(path);
    } catch (error) {
      if (error instanceof NoNodeError) return [];
      throw error;
    }
  }

  it('starts every decorated method once after an outage longer than the connect timeout, and says so', async () => {
    const root = uniquePath('long-outage');
    const { proxy, logger, worker, client } = await start(root, { connectTimeoutMs: 500 });

    await waitFor('a second failed attempt', () =>
      logger.at('error').some((message) => /connection attempt 2 to .* failed/.test(message)),
    );
    expect(worker.leaderCalls).toBe(0);
    expect(worker.flags).toEqual([]);

    proxy.allow();
    await waitFor('the @OnLeader call', () => worker.leaderCalls === 1);
    await waitFor('the first @WatchNode call', () => worker.flags.length === 1);
    await observer.create(`${root}/flags`, JSON.stringify({ v: 1 }));
    await waitFor('the change', () => worker.flags.length === 2);
    await observer.setData(`${root}/flags`, JSON.stringify({ v: 2 }));
    await waitFor('the second change', () => worker.flags.length >= 3);

    // One election node and one watch: a second start would show as a second contender or doubled deliveries.
    expect(worker.flags).toEqual([null, { v: 1 }, { v: 2 }]);
    expect(await contenders(`${root}/leader`)).toHaveLength(1);
    expect(worker.leaderCalls).toBe(1);
    expect(client.state).toBe(ConnectionState.CONNECTED);

    // The story the log tells: one ERROR per failed attempt, numbered, then one WARN and one INFO with the duration.
    const errors = logger.at('error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    errors.forEach((message, index) => {
      expect(message).toMatch(new RegExp(`^ZooKeeper client "default": connection attempt ${index + 1} to `));
    });
    expect(errors.slice(1).every((message) => /; next attempt in \d/.test(message))).toBe(true);
    expect(logger.at('warn').filter((message) => /has no connection/.test(message))).toHaveLength(1);
    expect(logger.at('log').filter((message) => /connected again .* after an outage of \d/.test(message))).toHaveLength(
      1,
    );
  });

  it('starts them once, with no ERROR, when the outage ends before the first attempt gives up', async () => {
    const root = uniquePath('short-outage');
    const { proxy, logger, worker } = await start(root, { connectTimeoutMs: 60_000 });
    expect(worker.leaderCalls).toBe(0);

    proxy.allow();
    await waitFor('the @OnLeader call', () => worker.leaderCalls === 1);
    await waitFor('the first @WatchNode call', () => worker.flags.length === 1);
    expect(await contenders(`${root}/leader`)).toHaveLength(1);
    expect(logger.at('error')).toEqual([]);
  });

  it('closes while still connecting: nothing runs, nothing is logged at ERROR, the client stays closed', async () => {
    const root = uniquePath('close-while-connecting');
    const { app, proxy, logger, worker, client } = await start(root, { connectTimeoutMs: 500 });
    await waitFor('a second failed attempt', () =>
      logger.at('error').some((message) => /connection attempt 2 /.test(message)),
    );
    const errorsBefore = logger.at('error').length;

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(logger.at('error')).toHaveLength(errorsBefore);
    expect(client.closed).toBe(true);

    // Reachable again: a closed application must not connect, join the election or watch.
    proxy.allow();
    await expect(client.exists('/')).rejects.toThrow();
    expect(worker.leaderCalls).toBe(0);
    expect(worker.flags).toEqual([]);
    expect(await contenders(`${root}/leader`)).toEqual([]);
    expect(logger.at('error')).toHaveLength(errorsBefore);
  });

  it('closes during a first attempt that has not given up yet: no ERROR, nothing runs', async () => {
    const root = uniquePath('close-during-first-attempt');
    const { app, proxy, logger, worker, client } = await start(root, { connectTimeoutMs: 60_000 });
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    proxy.allow();
    expect(client.closed).toBe(true);
    expect(worker.leaderCalls).toBe(0);
    expect(worker.flags).toEqual([]);
    expect(await contenders(`${root}/leader`)).toEqual([]);
    expect(logger.at('error')).toEqual([]);
  });

  it('runs each decorated method on one election node and one watch across an expiry right after startup', async () => {
    const root = uniquePath('expiry-at-startup');
    const { proxy, logger, worker, client } = await start(root, { connectTimeoutMs: 60_000 });
    proxy.allow();
    await waitFor('the first session', () => client.state === ConnectionState.CONNECTED);
    const first = client.sessionId;
    await expireSession(client);
    await waitFor('a new session', () => client.state === ConnectionState.CONNECTED && client.sessionId !== first);
    await waitFor('a leader term in the new session', async () => (await contenders(`${root}/leader`)).length === 1);
    await waitFor('the @OnLeader call', () => worker.leaderCalls >= 1);

    await observer.create(`${root}/flags`, JSON.stringify({ v: 1 }));
    await waitFor('the change', () => worker.flags.some((flags) => isDeepStrictEqual(flags, { v: 1 })));
    await observer.setData(`${root}/flags`, JSON.stringify({ v: 2 }));
    await waitFor('the second change', () => worker.flags.some((flags) => isDeepStrictEqual(flags, { v: 2 })));
    // One watch: each value once (a second watch would deliver each change twice).
    expect(worker.flags.filter((flags) => isDeepStrictEqual(flags, { v: 1 }))).toHaveLength(1);
    expect(worker.flags.filter((flags) => isDeepStrictEqual(flags, { v: 2 }))).toHaveLength(1);
    expect(await contenders(`${root}/leader`)).toHaveLength(1);
    expect(logger.at('warn').filter((message) => /lost its session \(expired\)/.test(message))).toHaveLength(1);
    expect(logger.at('log').filter((message) => /has a new session 0x[0-9a-f]+ \(/.test(message))).toHaveLength(1);
  });

  it('names the client whose options are wrong', async () => {
    const builder = Test.createTestingModule({
      imports: [ZookeeperModule.forRoot({ name: 'audit', connectString: '' })],
    });
    await expect(builder.compile()).rejects.toThrow(/ZooKeeper client "audit" has invalid options.*connectString/);
  });
});

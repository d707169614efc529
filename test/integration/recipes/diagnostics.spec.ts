import diagnosticsChannel from 'node:diagnostics_channel';
import {
  ConnectionState,
  diagnosticsChannels,
  type LeaderEndMessage,
  type LeaderStartMessage,
  type LockAcquireMessage,
  type LockReleaseMessage,
  type RequestTraceContext,
  type ZooKeeperClient,
} from '../../../lib/client';
import { Election, Lock, LockLostError, ReadLock, WriteLock } from '../../../lib/recipes';
import { FaultProxy, expireSession } from '../../../lib/testing';
import { ChannelRecorder } from '../../support/channel-recorder';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

jest.setTimeout(60000);

const RECIPE_CHANNELS = [
  diagnosticsChannels.lockAcquire,
  diagnosticsChannels.lockRelease,
  diagnosticsChannels.leaderStart,
  diagnosticsChannels.leaderEnd,
];

describe('diagnostics channels of the recipes (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  let recorder: ChannelRecorder;

  beforeEach(() => {
    recorder = new ChannelRecorder(RECIPE_CHANNELS);
  });
  afterEach(async () => {
    recorder.stop();
    await clients.closeAll();
  });

  const acquires = (client: ZooKeeperClient): LockAcquireMessage[] =>
    recorder.of<LockAcquireMessage>(diagnosticsChannels.lockAcquire, client);
  const releases = (client: ZooKeeperClient): LockReleaseMessage[] =>
    recorder.of<LockReleaseMessage>(diagnosticsChannels.lockRelease, client);
  const leaderStarts = (client: ZooKeeperClient): LeaderStartMessage[] =>
    recorder.of<LeaderStartMessage>(diagnosticsChannels.leaderStart, client);
  const leaderEnds = (client: ZooKeeperClient): LeaderEndMessage[] =>
    recorder.of<LeaderEndMessage>(diagnosticsChannels.leaderEnd, client);

  describe('lock:acquire and lock:release', () => {
    it('publishes an acquired Lock with its node, then its release', async () => {
      const client = await clients.connect();
      const path = uniquePath('diag-lock');
      const lock = new Lock(client, path);
      expect(await lock.acquire()).toBe(true);
      const children = await client.getChildren(path);

      const acquired = acquires(client);
      expect(acquired).toHaveLength(1);
      expect(acquired[0].client).toBe(client);
      expect(acquired[0]).toMatchObject({ kind: 'lock', path, outcome: 'acquired', error: undefined });
      expect(children).toEqual([acquired[0].node]);
      expect(acquired[0].waitMs).toBeGreaterThanOrEqual(0);
      expect(releases(client)).toHaveLength(0);

      await lock.release();
      const released = releases(client);
      expect(released).toHaveLength(1);
      expect(released[0].client).toBe(client);
      expect(released[0]).toMatchObject({ kind: 'lock', path, node: acquired[0].node, reason: 'released' });
      expect(released[0].holdMs).toBeGreaterThanOrEqual(0);
      expect(recorder.about(client).map((recorded) => recorded.channel)).toEqual([
        diagnosticsChannels.lockAcquire,
        diagnosticsChannels.lockRelease,
      ]);

      // A release of a lock no longer held publishes nothing.
      await lock.release();
      expect(releases(client)).toHaveLength(1);
    });

    it("names ReadLock 'read-lock' and WriteLock 'write-lock', on both channels", async () => {
      const client = await clients.connect();
      const path = uniquePath('diag-rw');
      const reader = new ReadLock(client, path);
      const writer = new WriteLock(client, path);
      expect(await reader.acquire()).toBe(true);
      await reader.release();
      expect(await writer.acquire()).toBe(true);
      await writer.release();
      expect(acquires(client).map((m) => [m.kind, m.path, m.outcome])).toEqual([
        ['read-lock', path, 'acquired'],
        ['write-lock', path, 'acquired'],
      ]);
      expect(releases(client).map((m) => [m.kind, m.path, m.reason])).toEqual([
        ['read-lock', path, 'released'],
        ['write-lock', path, 'released'],
      ]);
      expect(acquires(client)[0].node).toMatch(/__rlock__\d{10}$/);
      expect(acquires(client)[1].node).toMatch(/__lock__\d{10}$/);
    });

    it('reports the lock path relative to the chroot', async () => {
      const admin = await clients.connect();
      const chroot = uniquePath('diag-lock-chroot');
      await admin.create(chroot);
      const rooted = await clients.connect({ connectString: `${sharedConnectString()}${chroot}` });
      const lock = new Lock(rooted, '/jobs/lock');
      expect(await lock.acquire()).toBe(true);
      await lock.release();
      expect(acquires(rooted)[0]).toMatchObject({ path: '/jobs/lock', outcome: 'acquired' });
      expect(releases(rooted)[0]).toMatchObject({ path: '/jobs/lock', reason: 'released' });
      await admin.delete(chroot, { recursive: true });
    });

    it("publishes 'timed-out' for an acquire whose timeoutMs passes while another holds the lock", async () => {
      const [a, b] = await clients.connectMany(2);
      const path = uniquePath('diag-lock-timeout');
      const holder = new Lock(a, path);
      expect(await holder.acquire()).toBe(true);
      const waiter = new Lock(b, path);
      expect(await waiter.acquire({ timeoutMs: 100 })).toBe(false);

      const timedOut = acquires(b);
      expect(timedOut).toHaveLength(1);
      expect(timedOut[0]).toMatchObject({
        kind: 'lock',
        path,
        outcome: 'timed-out',
        node: undefined,
        error: undefined,
      });
      expect(timedOut[0].waitMs).toBeGreaterThanOrEqual(0);
      expect(releases(b)).toHaveLength(0);
      await holder.release();
    });

    it("publishes 'failed' with the error for an acquire that is aborted while waiting", async () => {
      const [a, b] = await clients.connectMany(2);
      const path = uniquePath('diag-lock-abort');
      const holder = new Lock(a, path);
      expect(await holder.acquire()).toBe(true);
      const waiter = new Lock(b, path);
      const controller = new AbortController();
      const waiting = waiter.acquire({ signal: controller.signal }).catch((error: unknown) => error);
      await waitFor('the waiter in line', async () => (await a.getChildren(path)).length === 2);
      controller.abort(new Error('gave up'));
      const rejection = await waiting;
      expect(rejection).toBeInstanceOf(Error);

      const failed = acquires(b);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ kind: 'lock', path, outcome: 'failed', node: undefined });
      expect(failed[0].error).toBe(rejection);
      expect(releases(b)).toHaveLength(0);
      await holder.release();
    });

    it("publishes a release with reason 'lost' when the holder's session expires", async () => {
      const client = await clients.connect();
      const path = uniquePath('diag-lock-lost');
      const lock = new Lock(client, path);
      expect(await lock.acquire()).toBe(true);
      const node = acquires(client)[0].node;
      await expireSession(client);
      const [released] = await waitFor('the hold to end', () =>
        releases(client).length > 0 ? releases(client) : false,
      );
      expect(released).toMatchObject({ kind: 'lock', path, node, reason: 'lost' });
      expect(released.holdMs).toBeGreaterThanOrEqual(0);
      expect(lock.lost.aborted).toBe(true);
      // Releasing afterwards is a no-op: the hold's end was told once.
      await lock.release();
      expect(releases(client)).toHaveLength(1);
    });

    it("publishes a release with reason 'lost' when someone else deletes the held node", async () => {
      const [holder, other] = await clients.connectMany(2);
      const path = uniquePath('diag-lock-deleted');
      const lock = new Lock(holder, path);
      expect(await lock.acquire()).toBe(true);
      const node = acquires(holder)[0].node as string;
      // The node's guard sets its watch in the background: wait until the server holds it before deleting.
      await waitFor('the watch on the held node', async () => holder.stats().watches.data === 1);
      await other.delete(`${path}/${node}`);
      await waitFor('the hold to end', () => lock.lost.aborted);
      expect(lock.lost.reason).toMatchObject({ why: 'node-deleted' });
      expect(releases(holder)).toEqual([expect.objectContaining({ path, node, reason: 'lost', kind: 'lock' })]);
      expect(releases(other)).toHaveLength(0);
    });
  });

  describe('leader:start and leader:end', () => {
    it('publishes a leader-latch term: start on election, end on close(); its lock stays off the lock channels', async () => {
      const client = await clients.connect();
      const path = uniquePath('diag-latch');
      const election = new Election(client, path);
      await election.start();
      await election.awaitLeadership();
      const started = leaderStarts(client);
      expect(started).toHaveLength(1);
      expect(started[0].client).toBe(client);
      expect(started[0]).toEqual({ client, path });
      expect(leaderEnds(client)).toHaveLength(0);

      await election.close();
      const ended = leaderEnds(client);
      expect(ended).toHaveLength(1);
      expect(ended[0].client).toBe(client);
      expect(ended[0].path).toBe(path);
      expect(ended[0].termMs).toBeGreaterThanOrEqual(0);
      expect(ended[0].reason).toBeInstanceOf(LockLostError);
      expect(ended[0].reason).toMatchObject({ path, why: 'closed' });

      expect(recorder.about(client).map((recorded) => recorded.channel)).toEqual([
        diagnosticsChannels.leaderStart,
        diagnosticsChannels.leaderEnd,
      ]);
    });

    it('publishes start before run(fn) calls fn and end after it returns, with reason undefined', async () => {
      const client = await clients.connect();
      const path = uniquePath('diag-run');
      const election = new Election(client, path);
      let seenInside: string[] = [];
      const result = await election.run(() => {
        seenInside = recorder.about(client).map((recorded) => recorded.channel);
        return 'done';
      });
      expect(result).toBe('done');
      expect(seenInside).toEqual([diagnosticsChannels.leaderStart]);
      expect(recorder.about(client).map((recorded) => recorded.channel)).toEqual([
        diagnosticsChannels.leaderStart,
        diagnosticsChannels.leaderEnd,
      ]);
      const [ended] = leaderEnds(client);
      expect(ended).toMatchObject({ path, reason: undefined });
      expect(ended.termMs).toBeGreaterThanOrEqual(0);
      expect(leaderStarts(client)[0]).toEqual({ client, path });
    });

    it("ends a term with reason 'suspended' when the connection drops, and starts a new one once back", async () => {
      const proxy = await FaultProxy.start(sharedConnectString());
      try {
        const client = await clients.connect({ connectString: proxy.connectString });
        const path = uniquePath('diag-suspend');
        const election = new Election(client, path);
        await election.start();
        const firstTerm = await election.awaitLeadership();
        proxy.cut();
        await waitFor('the first term to end', () => firstTerm.aborted);
        await waitFor('a second term', () => leaderStarts(client).length === 2);
        expect(client.state).toBe(ConnectionState.CONNECTED);
        const ended = leaderEnds(client);
        expect(ended).toHaveLength(1);
        expect(ended[0].reason).toBeInstanceOf(LockLostError);
        expect(ended[0].reason).toMatchObject({ path, why: 'suspended' });
        expect(ended[0].reason).toBe(firstTerm.reason);
        await election.close();
        expect(recorder.about(client).map((recorded) => recorded.channel)).toEqual([
          diagnosticsChannels.leaderStart,
          diagnosticsChannels.leaderEnd,
          diagnosticsChannels.leaderStart,
          diagnosticsChannels.leaderEnd,
        ]);
      } finally {
        await proxy.close();
      }
    });

    it('starts no term, and close() finishes, when close() lands while the election lock is being acquired', async () => {
      const client = await clients.connect();
      const path = uniquePath('diag-close-race');
      const election = new Election(client, path);
      // The request channel serves as a hook: close() is called from the asyncEnd of the lock's listing, after the
      // listing that makes us leader resolved and before acquire() has handed the lock to the election.
      const tracing = diagnosticsChannel.tracingChannel<RequestTraceContext>(diagnosticsChannels.request);
      let closing: Promise<void> | undefined;
      let closed = false;
      const ignore = (): void => undefined;
      const hook = {
        start: ignore,
        end: ignore,
        asyncStart: ignore,
        error: ignore,
        asyncEnd: (context: RequestTraceContext) => {
          if (closing !== undefined || context.client !== client) return;
          if (context.op !== 'getChildren' || context.path !== path) return;
          closing = election.close().then(() => {
            closed = true;
          });
        },
      };
      tracing.subscribe(hook);
      try {
        await election.start();
        await waitFor('close() to be called', () => closing !== undefined);
        await waitFor('close() to finish', () => closed);
      } finally {
        tracing.unsubscribe(hook);
      }
      expect(election.isLeader).toBe(false);
      expect(await client.getChildren(path)).toEqual([]);
      expect(leaderStarts(client)).toHaveLength(0);
      expect(leaderEnds(client)).toHaveLength(0);
    });

    it('keeps the lock of an Election contending behind another leader off the lock channels', async () => {
      const [a, b] = await clients.connectMany(2);
      const path = uniquePath('diag-contend');
      const first = new Election(a, path);
      const second = new Election(b, path);
      await first.start();
      await first.awaitLeadership();
      await second.start();
      await waitFor('the second contender in line', async () => (await a.getChildren(path)).length === 2);
      await first.close();
      await second.awaitLeadership();
      await second.close();
      expect(leaderStarts(a)).toHaveLength(1);
      expect(leaderStarts(b)).toHaveLength(1);
      expect(leaderEnds(a)).toHaveLength(1);
      expect(leaderEnds(b)).toHaveLength(1);
      for (const client of [a, b]) {
        expect(acquires(client)).toHaveLength(0);
        expect(releases(client)).toHaveLength(0);
      }
    });
  });
});

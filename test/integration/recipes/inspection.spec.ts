import {
  CreateMode,
  Election,
  Lock,
  NonBlockingLease,
  Party,
  ReadLock,
  Semaphore,
  SetPartitioner,
  ShallowParty,
  WriteLock,
  inspectElection,
  inspectLease,
  inspectLock,
  inspectPartitioner,
  inspectParty,
  inspectSemaphore,
} from '../../../lib/client';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

const hex = (sessionId: bigint): string => `0x${sessionId.toString(16)}`;

describe('inspections of the recipes’ znodes (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('a lock: the holder with its fencing token and ctime, then the waiters in line order, kazoo and Curator names alike', async () => {
    const path = uniquePath('inspect-lock');
    const [a, b, c, viewer] = await clients.connectMany(4);
    const first = new Lock(a, path, { identifier: 'first' });
    expect(await first.acquire()).toBe(true);
    const second = new Lock(b, path, { identifier: 'second', flavor: 'curator' });
    const secondAcquired = second.acquire();
    await waitFor('second queued', async () => (await first.contenders()).length === 2);
    const third = new Lock(c, path, { identifier: 'third' });
    const thirdAcquired = third.acquire();
    await waitFor('third queued', async () => (await first.contenders()).length === 3);

    const line = await inspectLock(viewer, path);
    expect(line.exists).toBe(true);
    expect(line.holders.map((h) => h.identifier)).toEqual(['first']);
    const [holder] = line.holders;
    expect(holder.czxid).toBe(first.fencingToken!.toString());
    expect(holder.session).toBe(hex(a.sessionId));
    const { stat } = await viewer.getData(`${path}/${holder.name}`);
    expect(holder.createdAt).toBe(new Date(stat.ctime).toISOString());
    expect(holder).toMatchObject({ flavor: 'kazoo', mode: 'exclusive', sequence: first.sequence });
    expect(line.waiters.map((w) => [w.identifier, w.flavor])).toEqual([
      ['second', 'curator'],
      ['third', 'kazoo'],
    ]);
    expect(line.waiters.map((w) => w.waitingFor)).toEqual([holder.name, line.waiters[0].name]);

    // A bounded read: the holder, the first waiter, and a count of the rest.
    const bounded = await inspectLock(viewer, path, { maxWaiters: 1 });
    expect(bounded.holders.map((h) => h.identifier)).toEqual(['first']);
    expect(bounded.waiters.map((w) => w.identifier)).toEqual(['second']);
    expect(bounded.moreWaiters).toBe(1);
    expect(line.moreWaiters).toBe(0);
    await expect(inspectLock(viewer, path, { maxWaiters: -1 })).rejects.toThrow('maxWaiters');

    await first.release();
    expect(await secondAcquired).toBe(true);
    const after = await inspectLock(viewer, path);
    expect(after.holders.map((h) => [h.identifier, h.czxid])).toEqual([['second', second.fencingToken!.toString()]]);
    expect(after.waiters.map((w) => w.identifier)).toEqual(['third']);
    await second.release();
    expect(await thirdAcquired).toBe(true);
    await third.release();
  });

  it('a read/write lock: readers ahead of the first writer hold together, the writer and the reader behind it wait', async () => {
    const path = uniquePath('inspect-rw');
    const [a, b, c, d, viewer] = await clients.connectMany(5);
    const readerA = new ReadLock(a, path, { identifier: 'reader-a' });
    const readerB = new ReadLock(b, path, { identifier: 'reader-b' });
    expect(await readerA.acquire()).toBe(true);
    expect(await readerB.acquire()).toBe(true);
    const writer = new WriteLock(c, path, { identifier: 'writer' });
    const writing = writer.acquire();
    await waitFor('writer queued', async () => (await viewer.getChildren(path)).length === 3);
    const lateReader = new ReadLock(d, path, { identifier: 'late-reader' });
    const lateReading = lateReader.acquire();
    await waitFor('late reader queued', async () => (await viewer.getChildren(path)).length === 4);

    const line = await inspectLock(viewer, path);
    expect(line.holders.map((h) => [h.identifier, h.mode])).toEqual([
      ['reader-a', 'read'],
      ['reader-b', 'read'],
    ]);
    expect(line.waiters.map((w) => [w.identifier, w.mode])).toEqual([
      ['writer', 'exclusive'],
      ['late-reader', 'read'],
    ]);
    // The late reader waits for the writer, not for the readers ahead of it.
    expect(line.waiters[1].waitingFor).toBe(line.waiters[0].name);
    await Promise.all([readerA.release(), readerB.release()]);
    expect(await writing).toBe(true);
    await writer.release();
    expect(await lateReading).toBe(true);
    await lateReader.release();
  });

  it('an election: the leader and the candidates in order; a lock nobody took yet has no node', async () => {
    const path = uniquePath('inspect-election');
    const [a, b, viewer] = await clients.connectMany(3);
    const leader = new Election(a, path, { identifier: 'leader' });
    await leader.start();
    await leader.awaitLeadership();
    const candidate = new Election(b, path, { identifier: 'candidate' });
    await candidate.start();
    await waitFor('candidate queued', async () => (await leader.contenders()).length === 2);
    // A Curator LeaderLatch candidate, as Curator names it, joins the line.
    await viewer.create(`${path}/_c_0f0e0d0c-latch-`, 'curator-latch', { mode: CreateMode.EPHEMERAL_SEQUENTIAL });

    const election = await inspectElection(viewer, path);
    expect(election.holders.map((h) => h.identifier)).toEqual(['leader']);
    expect(election.waiters.map((w) => [w.identifier, w.mode, w.flavor])).toEqual([
      ['candidate', 'exclusive', 'kazoo'],
      ['curator-latch', 'latch', 'curator'],
    ]);
    expect(await inspectLock(viewer, uniquePath('never-taken'))).toEqual({
      path: expect.any(String),
      exists: false,
      holders: [],
      waiters: [],
      moreWaiters: 0,
    });
    await Promise.all([leader.close(), candidate.close()]);
  });

  it('a semaphore: the leases held, the maximum, and the line waiting for a lease', async () => {
    const path = uniquePath('inspect-semaphore');
    const [a, b, c, viewer] = await clients.connectMany(4);
    const one = new Semaphore(a, path, { identifier: 'one', maxLeases: 2 });
    const two = new Semaphore(b, path, { identifier: 'two', maxLeases: 2 });
    expect(await one.acquire()).toBe(true);
    expect(await two.acquire()).toBe(true);
    const three = new Semaphore(c, path, { identifier: 'three', maxLeases: 2 });
    const waiting = three.acquire();
    await waitFor('three waits', async () => (await inspectSemaphore(viewer, path)).waiters.length === 1);

    const semaphore = await inspectSemaphore(viewer, path);
    expect(semaphore.maxLeases).toBe(2);
    expect(semaphore.holders.map((h) => h.identifier)).toEqual(['one', 'two']);
    expect(semaphore.waiters.map((w) => [w.identifier, w.session])).toEqual([['three', hex(c.sessionId)]]);
    await one.release();
    expect(await waiting).toBe(true);
    await waitFor('the line is empty', async () => (await inspectSemaphore(viewer, path)).waiters.length === 0);
    expect((await inspectSemaphore(viewer, path)).holders.map((h) => h.identifier).sort()).toEqual(['three', 'two']);
    await Promise.all([two.release(), three.release()]);
  });

  it('parties of both layouts, a partitioner’s members and item holders, and a lease', async () => {
    const [a, b, viewer] = await clients.connectMany(3);
    const partyPath = uniquePath('inspect-party');
    const deep = new Party(a, partyPath, { identifier: 'deep member' });
    await deep.join();
    const shallow = new ShallowParty(b, partyPath, { identifier: 'shallow-member' });
    await shallow.join();
    const party = await inspectParty(viewer, partyPath);
    expect(party.members.map((m) => [m.identifier, m.session])).toEqual([
      ['deep member', hex(a.sessionId)],
      ['shallow-member', hex(b.sessionId)],
    ]);

    const partitionerPath = uniquePath('inspect-partitioner');
    const partitioner = new SetPartitioner(a, partitionerPath, {
      items: ['x', 'y'],
      identifier: 'worker',
      timeBoundaryMs: 1,
    });
    await partitioner.start();
    await waitFor('the items are held', async () => {
      const { items } = await inspectPartitioner(viewer, partitionerPath);
      return items.length === 2 && items.every((item) => item.holder !== undefined);
    });
    const partitioned = await inspectPartitioner(viewer, partitionerPath);
    expect(partitioned.members.map((m) => m.identifier)).toEqual(['worker']);
    expect(partitioned.items).toEqual([
      { item: 'x', holder: 'worker', session: hex(a.sessionId) },
      { item: 'y', holder: 'worker', session: hex(a.sessionId) },
    ]);
    await partitioner.finish();

    const leasePath = uniquePath('inspect-lease');
    expect(await inspectLease(viewer, leasePath)).toEqual({ path: leasePath, active: false });
    expect(await new NonBlockingLease(b, leasePath, { identifier: 'nightly', durationMs: 60_000 }).obtain()).toBe(true);
    const lease = await inspectLease(viewer, leasePath);
    expect(lease).toMatchObject({ path: leasePath, holder: 'nightly', active: true });
    expect(Date.parse(lease.endsAt!)).toBeGreaterThan(Date.now());
    await Promise.all([deep.leave(), shallow.leave()]);
  });
});

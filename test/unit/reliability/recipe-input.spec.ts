import { InvalidArgumentError, ZooKeeperClient } from '../../../lib/client';
import {
  Barrier,
  ChildrenWatch,
  Counter,
  DataWatch,
  DoubleBarrier,
  Election,
  Lock,
  LockingQueue,
  MultiNonBlockingLease,
  NonBlockingLease,
  Party,
  Queue,
  ReadLock,
  Semaphore,
  SetPartitioner,
  ShallowParty,
  TreeCache,
  WriteLock,
} from '../../../lib/recipes';
import { outcome } from '../../support/call-outcome';
import type { FakeZooKeeperServer } from '../../support/fake-server';
import { closeFakeServerClient, connectToFakeServer } from '../../support/fake-server-client';

/*
 * Bad input to the recipes: paths are checked at construction with the client's own rules (paths.ts validatePath),
 * options with an InvalidArgumentError naming them, and methods that return a promise reject rather than throw.
 */

describe('recipe input (fake server counts what is sent)', () => {
  let fake: FakeZooKeeperServer;
  let client: ZooKeeperClient;
  const noop = (): void => undefined;

  beforeAll(async () => {
    ({ fake, client } = await connectToFakeServer());
  });
  afterAll(() => closeFakeServerClient({ fake, client }));

  const BAD_PATHS: [string, unknown][] = [
    ['relative', 'relative'],
    ['empty', ''],
    ['the root', '/'],
    ['trailing slash', '/a/'],
    ['empty segment', '/a//b'],
    ['NUL', '/a\u0000b'],
    ['"." segment', '/a/./b'],
    ['".." segment', '/a/../b'],
    ['control character', '/a\u0001'],
    ['surrogate', '/a\ud800'],
    ['not a string', 42],
  ];
  const constructors: [string, (path: never) => unknown][] = [
    ['Lock', (path) => new Lock(client, path)],
    ['ReadLock', (path) => new ReadLock(client, path)],
    ['WriteLock', (path) => new WriteLock(client, path)],
    ['Semaphore', (path) => new Semaphore(client, path)],
    ['Barrier', (path) => new Barrier(client, path)],
    ['DoubleBarrier', (path) => new DoubleBarrier(client, path, { numClients: 2 })],
    ['NonBlockingLease', (path) => new NonBlockingLease(client, path, { durationMs: 1000 })],
    ['MultiNonBlockingLease', (path) => new MultiNonBlockingLease(client, path, { count: 2, durationMs: 1000 })],
    ['Election', (path) => new Election(client, path)],
    ['Counter', (path) => new Counter(client, path)],
    ['Queue', (path) => new Queue(client, path)],
    ['LockingQueue', (path) => new LockingQueue(client, path)],
    ['Party', (path) => new Party(client, path)],
    ['ShallowParty', (path) => new ShallowParty(client, path)],
    ['SetPartitioner', (path) => new SetPartitioner(client, path, { items: ['a'] })],
  ];

  describe.each(constructors)('%s', (_name, make) => {
    it.each(BAD_PATHS)('refuses a %s path at construction with InvalidArgumentError naming path', (_why, path) => {
      const before = fake.requests.length;
      let error: unknown;
      try {
        make(path as never);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'path' });
      expect(fake.requests.length).toBe(before);
    });
  });

  it('watches and the tree cache use the same path rules (the tree cache may watch "/")', () => {
    for (const path of ['/a\u0000b', '/a/./b', 'relative']) {
      expect(() => new DataWatch(client, path, noop)).toThrow(InvalidArgumentError);
      expect(() => new ChildrenWatch(client, path, noop)).toThrow(InvalidArgumentError);
      expect(() => new TreeCache(client, path)).toThrow(InvalidArgumentError);
    }
    expect(() => new TreeCache(client, '/')).not.toThrow();
  });

  const badOptions: [string, () => unknown, string][] = [
    ['Lock flavor', () => new Lock(client, '/l', { flavor: 'zk' as never }), 'flavor'],
    ['Semaphore maxLeases 0', () => new Semaphore(client, '/s', { maxLeases: 0 }), 'maxLeases'],
    ['Semaphore maxLeases fractional', () => new Semaphore(client, '/s', { maxLeases: 1.5 }), 'maxLeases'],
    ['DoubleBarrier numClients 0', () => new DoubleBarrier(client, '/b', { numClients: 0 }), 'numClients'],
    ['NonBlockingLease durationMs 0', () => new NonBlockingLease(client, '/n', { durationMs: 0 }), 'durationMs'],
    [
      'MultiNonBlockingLease count 0',
      () => new MultiNonBlockingLease(client, '/n', { count: 0, durationMs: 1000 }),
      'count',
    ],
    ['Election releaseOn', () => new Election(client, '/e', { releaseOn: 'NEVER' as never }), 'releaseOn'],
    ['Counter encoding', () => new Counter(client, '/c', { encoding: 'float' as never }), 'encoding'],
    ['TreeCache watchMode', () => new TreeCache(client, '/t', { watchMode: 'all' as never }), 'watchMode'],
    ['DataWatch callback', () => new DataWatch(client, '/w', 'no' as never), 'callback'],
    ['ChildrenWatch callback', () => new ChildrenWatch(client, '/w', null as never), 'callback'],
    ['ShallowParty identifier with "/"', () => new ShallowParty(client, '/p', { identifier: 'a/b' }), 'identifier'],
    // Neither a string nor a Buffer: written as "[object Object]" before, which a kazoo peer listed as the name.
    ['Party identifier object', () => new Party(client, '/p', { identifier: { name: 'ts' } as never }), 'identifier'],
    ['ShallowParty identifier number', () => new ShallowParty(client, '/p', { identifier: 7 as never }), 'identifier'],
    [
      'ShallowParty Buffer identifier with "/"',
      () => new ShallowParty(client, '/p', { identifier: Buffer.from('a/b') }),
      'identifier',
    ],
    ['Lock identifier number', () => new Lock(client, '/l', { identifier: 42 as never }), 'identifier'],
    ['ReadLock identifier object', () => new ReadLock(client, '/l', { identifier: {} as never }), 'identifier'],
    ['WriteLock identifier array', () => new WriteLock(client, '/l', { identifier: [] as never }), 'identifier'],
    ['Election identifier object', () => new Election(client, '/e', { identifier: {} as never }), 'identifier'],
    ['Semaphore identifier boolean', () => new Semaphore(client, '/s', { identifier: true as never }), 'identifier'],
    [
      'DoubleBarrier identifier object',
      () => new DoubleBarrier(client, '/b', { numClients: 2, identifier: {} as never }),
      'identifier',
    ],
    [
      'MultiNonBlockingLease identifier number',
      () => new MultiNonBlockingLease(client, '/m', { count: 2, durationMs: 1000, identifier: 3 as never }),
      'identifier',
    ],
    [
      'MultiNonBlockingLease durationMs 0',
      () => new MultiNonBlockingLease(client, '/m', { count: 2, durationMs: 0 }),
      'durationMs',
    ],
    [
      'NonBlockingLease identifier object',
      () => new NonBlockingLease(client, '/n', { durationMs: 1000, identifier: {} as never }),
      'identifier',
    ],
    [
      'SetPartitioner identifier number',
      () => new SetPartitioner(client, '/sp', { items: [], identifier: 1 as never }),
      'identifier',
    ],
    ['SetPartitioner items not an array', () => new SetPartitioner(client, '/sp', { items: 'abc' as never }), 'items'],
    [
      'SetPartitioner partitionFunc',
      () => new SetPartitioner(client, '/sp', { items: [], partitionFunc: 1 as never }),
      'partitionFunc',
    ],
    [
      'SetPartitioner timeBoundaryMs beyond 2^31-1',
      () => new SetPartitioner(client, '/sp', { items: [], timeBoundaryMs: 2 ** 31 }),
      'timeBoundaryMs',
    ],
    [
      'SetPartitioner maxReactionTimeMs 0',
      () => new SetPartitioner(client, '/sp', { items: [], maxReactionTimeMs: 0 }),
      'maxReactionTimeMs',
    ],
  ];
  it.each(badOptions)('%s: InvalidArgumentError naming it', (_name, make, argument) => {
    let error: unknown;
    try {
      make();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
  });

  // Every constructor that takes an options object: `null` is not "no options" (that is `undefined`), nor is a number.
  const constructorOptions: [string, (options: never) => unknown][] = [
    ['Lock', (options) => new Lock(client, '/l', options)],
    ['ReadLock', (options) => new ReadLock(client, '/l', options)],
    ['WriteLock', (options) => new WriteLock(client, '/l', options)],
    ['Semaphore', (options) => new Semaphore(client, '/s', options)],
    ['DoubleBarrier', (options) => new DoubleBarrier(client, '/b', options)],
    ['NonBlockingLease', (options) => new NonBlockingLease(client, '/n', options)],
    ['MultiNonBlockingLease', (options) => new MultiNonBlockingLease(client, '/n', options)],
    ['Party', (options) => new Party(client, '/p', options)],
    ['ShallowParty', (options) => new ShallowParty(client, '/p', options)],
    ['Election', (options) => new Election(client, '/e', options)],
    ['Counter', (options) => new Counter(client, '/c', options)],
    ['TreeCache', (options) => new TreeCache(client, '/t', options)],
    ['SetPartitioner', (options) => new SetPartitioner(client, '/sp', options)],
  ];
  describe.each(constructorOptions)('%s options', (_name, make) => {
    it.each([null, 5])('refuses options %p at construction with InvalidArgumentError naming options', (options) => {
      const before = fake.requests.length;
      let error: unknown;
      try {
        make(options as never);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'options' });
      expect(fake.requests.length).toBe(before);
    });
  });

  const badCalls: [string, () => unknown, string][] = [
    ['Lock.acquire timeoutMs -1', () => new Lock(client, '/l').acquire({ timeoutMs: -1 }), 'timeoutMs'],
    ['Lock.acquire timeoutMs NaN', () => new Lock(client, '/l').acquire({ timeoutMs: NaN }), 'timeoutMs'],
    // A timer cannot hold more than 2^31-1 ms: a longer one would fire at once and time the wait out.
    ['Lock.acquire timeoutMs beyond 2^31-1', () => new Lock(client, '/l').acquire({ timeoutMs: 2 ** 31 }), 'timeoutMs'],
    ['Lock.acquire timeoutMs Infinity', () => new Lock(client, '/l').acquire({ timeoutMs: Infinity }), 'timeoutMs'],
    ['Lock.acquire timeoutMs a string', () => new Lock(client, '/l').acquire({ timeoutMs: '5' as never }), 'timeoutMs'],
    ['Lock.acquire signal not an AbortSignal', () => new Lock(client, '/l').acquire({ signal: {} as never }), 'signal'],
    ['Semaphore.acquire timeoutMs -1', () => new Semaphore(client, '/s').acquire({ timeoutMs: -1 }), 'timeoutMs'],
    [
      'Semaphore.acquireLease timeoutMs -1',
      () => new Semaphore(client, '/s').acquireLease({ timeoutMs: -1 }),
      'timeoutMs',
    ],
    ['Barrier.wait timeoutMs -1', () => new Barrier(client, '/b').wait({ timeoutMs: -1 }), 'timeoutMs'],
    [
      'DoubleBarrier.enter timeoutMs -1',
      () => new DoubleBarrier(client, '/b', { numClients: 2 }).enter({ timeoutMs: -1 }),
      'timeoutMs',
    ],
    ['Queue.put priority 1000', () => new Queue(client, '/q').put('x', 1000), 'priority'],
    ['LockingQueue.put priority -1', () => new LockingQueue(client, '/q').put('x', -1), 'priority'],
    ['Counter.add NaN', () => new Counter(client, '/c').add(NaN), 'delta'],
    ['Counter.add beyond int32', () => new Counter(client, '/c', { encoding: 'int32' }).add(2 ** 31), 'delta'],
    ['Election.run fn not a function', () => new Election(client, '/e').run(5 as never), 'fn'],
    [
      'Election.awaitLeadership signal not an AbortSignal',
      () => new Election(client, '/e').awaitLeadership({ signal: 'x' as never }),
      'signal',
    ],
    [
      'SetPartitioner.stateChanged signal not an AbortSignal',
      () => new SetPartitioner(client, '/sp', { items: [] }).stateChanged({ signal: {} as never }),
      'signal',
    ],
    [
      'SetPartitioner.waitForAcquire signal not an AbortSignal',
      () => new SetPartitioner(client, '/sp', { items: [] }).waitForAcquire({ signal: 'x' as never }),
      'signal',
    ],
    [
      'SetPartitioner.waitForAcquire timeoutMs -1',
      () => new SetPartitioner(client, '/sp', { items: [] }).waitForAcquire({ timeoutMs: -1 }),
      'timeoutMs',
    ],
  ];
  // Every method that takes an options object: `null` is not "no options" (that is `undefined`).
  const nullOptions: [string, () => unknown][] = [
    ['Lock.acquire', () => new Lock(client, '/l').acquire(null as never)],
    ['Lock.withLock', () => new Lock(client, '/l').withLock(noop, null as never)],
    ['Semaphore.acquire', () => new Semaphore(client, '/s').acquire(null as never)],
    ['Semaphore.acquireLease', () => new Semaphore(client, '/s').acquireLease(null as never)],
    ['Election.awaitLeadership', () => new Election(client, '/e').awaitLeadership(null as never)],
    ['Barrier.wait', () => new Barrier(client, '/b').wait(null as never)],
    ['DoubleBarrier.enter', () => new DoubleBarrier(client, '/b', { numClients: 2 }).enter(null as never)],
    ['DoubleBarrier.leave', () => new DoubleBarrier(client, '/b', { numClients: 2 }).leave(null as never)],
    ['Queue.take', () => new Queue(client, '/q').take(null as never)],
    ['LockingQueue.get', () => new LockingQueue(client, '/q').get(null as never)],
    ['SetPartitioner.stateChanged', () => new SetPartitioner(client, '/sp', { items: [] }).stateChanged(null as never)],
    [
      'SetPartitioner.waitForAcquire',
      () => new SetPartitioner(client, '/sp', { items: [] }).waitForAcquire(null as never),
    ],
  ];
  badCalls.push(
    ...nullOptions.map(([name, call]): [string, () => unknown, string] => [`${name} options null`, call, 'options']),
  );

  it.each(badCalls)(
    '%s: rejects (never throws) with InvalidArgumentError naming it, nothing sent',
    async (_n, call, argument) => {
      const before = fake.requests.length;
      const result = await outcome(call);
      expect(result.how).toBe('rejected');
      expect(result.error).toBeInstanceOf(InvalidArgumentError);
      expect(result.error).toMatchObject({ argument });
      expect(fake.requests.length).toBe(before);
    },
  );

  it('SetPartitioner.waitForAcquire refuses a bad signal even when it would answer at once (FAILURE)', async () => {
    const partitioner = new SetPartitioner(client, '/sp', { items: [] });
    await partitioner.finish();
    const before = fake.requests.length;
    const result = await outcome(() => partitioner.waitForAcquire({ signal: {} as never }));
    expect(result.how).toBe('rejected');
    expect(result.error).toBeInstanceOf(InvalidArgumentError);
    expect(result.error).toMatchObject({ argument: 'signal' });
    expect(fake.requests.length).toBe(before);
  });
});

import fc from 'fast-check';
import {
  AddWatchMode,
  ClientClosedError,
  CreateMode,
  InvalidArgumentError,
  WatcherType,
  ZooKeeperClient,
  type Acl,
  type ZooKeeperClientOptions,
} from '../../../lib/client';
import { outcome } from '../../support/call-outcome';
import type { FakeZooKeeperServer } from '../../support/fake-server';
import { closeFakeServerClient, connectToFakeServer } from '../../support/fake-server-client';

/*
 * Bad input through the public API. The client talks to a loopback fake server that records every request it gets,
 * so each case proves both halves of the contract: a typed error naming the argument, and nothing sent.
 */

type Call = () => unknown;

const OP_EXISTS = 3;

/** Paths PathUtils.validatePath refuses, with why. */
const INVALID_PATHS: [string, unknown][] = [
  ['not a string (number)', 42],
  ['not a string (null)', null],
  ['not a string (undefined)', undefined],
  ['not a string (object)', { path: '/a' }],
  ['empty', ''],
  ['relative', 'a/b'],
  ['trailing slash', '/a/'],
  ['empty segment', '/a//b'],
  ['dot segment', '/a/./b'],
  ['dot-dot segment', '/a/../b'],
  ['lone dot', '/.'],
  ['lone dot-dot', '/..'],
  ['trailing dot-dot', '/a/..'],
  ['NUL', '/a\u0000b'],
  ['control character', '/a\u0001'],
  ['unit separator', '/\u001f'],
  ['DEL', '/\u007f'],
  ['C1 control', '/\u009f'],
  ['surrogate', '/\ud800x'],
  ['private use', '/\ue000'],
  ['specials block', '/\ufff0'],
  ['non-character', '/\uffff'],
];

describe('bad input through the public API (fake server counts what is sent)', () => {
  let fake: FakeZooKeeperServer;
  let client: ZooKeeperClient;

  beforeAll(async () => {
    ({ fake, client } = await connectToFakeServer({ maxPacketBytes: 4096 }));
  });
  afterAll(() => closeFakeServerClient({ fake, client }));

  /** Runs `call`, then a valid exists: the fake must see exactly that exists, so `call` sent nothing. */
  async function expectRefusedBeforeSending(call: Call, argument: string): Promise<void> {
    const before = fake.requests.length;
    const result = await outcome(call);
    expect({ how: result.how, error: result.error }).toMatchObject({ how: 'rejected' });
    expect(result.error).toBeInstanceOf(InvalidArgumentError);
    expect((result.error as InvalidArgumentError).argument).toBe(argument);
    expect((result.error as Error).message).toContain(argument);
    expect(await client.exists('/probe-after-bad-input')).toBeNull();
    expect(fake.requests.slice(before).map((r) => r.op)).toEqual([OP_EXISTS]);
  }

  describe.each(INVALID_PATHS)('an invalid path (%s)', (_why, bad) => {
    const path = bad as string;
    const cases: [string, Call][] = [
      ['create', () => client.create(path)],
      ['createWithStat', () => client.createWithStat(path, 'x')],
      ['ensurePath', () => client.ensurePath(path)],
      ['exists', () => client.exists(path)],
      ['getData', () => client.getData(path)],
      ['setData', () => client.setData(path, 'x')],
      ['delete', () => client.delete(path)],
      ['delete recursive', () => client.delete(path, { recursive: true })],
      ['getChildren', () => client.getChildren(path)],
      ['getChildrenWithStat', () => client.getChildrenWithStat(path)],
      ['getAcl', () => client.getAcl(path)],
      ['setAcl', () => client.setAcl(path, [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }])],
      ['sync', () => client.sync(path)],
      ['getAllChildrenNumber', () => client.getAllChildrenNumber(path)],
      ['addWatch', () => client.addWatch(path, AddWatchMode.PERSISTENT, () => undefined)],
      ['removeWatches', () => client.removeWatches(path, WatcherType.ANY)],
    ];
    it.each(cases)('%s rejects with InvalidArgumentError(path) and sends nothing', async (_name, call) => {
      await expectRefusedBeforeSending(call, 'path');
    });

    // An omitted prefix means '/', all of the session's ephemerals.
    if (bad !== undefined) {
      it('getEphemerals names its argument `prefix`', async () => {
        await expectRefusedBeforeSending(() => client.getEphemerals(path), 'prefix');
      });
    }

    it('multiRead names the op: ops[1].path', async () => {
      await expectRefusedBeforeSending(
        () =>
          client.multiRead([
            { type: 'getData', path: '/fine' },
            { type: 'getChildren', path },
          ]),
        'ops[1].path',
      );
    });

    it('a transaction refuses it when the op is added, before commit', async () => {
      const before = fake.requests.length;
      for (const add of [
        (t: ReturnType<ZooKeeperClient['transaction']>) => t.create(path),
        (t: ReturnType<ZooKeeperClient['transaction']>) => t.delete(path),
        (t: ReturnType<ZooKeeperClient['transaction']>) => t.setData(path, 'x'),
        (t: ReturnType<ZooKeeperClient['transaction']>) => t.check(path, 0),
      ]) {
        const transaction = client.transaction();
        expect(() => add(transaction)).toThrow(InvalidArgumentError);
        expect(transaction.size).toBe(0);
      }
      expect(fake.requests.length).toBe(before);
    });
  });

  it('sequential creates may end in "/" (the server appends the number) but other paths may not', async () => {
    const before = fake.requests.length;
    await expect(client.create('/parent/', null, { mode: CreateMode.PERSISTENT_SEQUENTIAL })).rejects.toMatchObject({
      codeName: 'NONODE',
    });
    expect(fake.requests.length).toBe(before + 1);
    await expectRefusedBeforeSending(() => client.create('/parent/', null, { mode: CreateMode.PERSISTENT }), 'path');
  });

  it('accepts exactly the paths ZooKeeper accepts (property, against a port of PathUtils.validatePath)', async () => {
    const unit = fc.constantFrom('/', '/', '/', '.', '.', 'a', 'é', '\u0000', '\u0001', '\u007f', '\ud800', '\uffff');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 8 }), async (path) => {
        const before = fake.requests.length;
        const result = await outcome(() => client.exists(path));
        if (javaValidatePath(path)) {
          expect(result.how).toBe('resolved');
          expect(fake.requests.length).toBe(before + 1);
        } else {
          expect(result.error).toBeInstanceOf(InvalidArgumentError);
          expect(fake.requests.length).toBe(before);
        }
      }),
      { numRuns: 400 },
    );
  });

  const badArguments: [string, Call, string][] = [
    ['data of a wrong type (number)', () => client.create('/d', 5 as never), 'data'],
    ['data of a wrong type (object)', () => client.setData('/d', { a: 1 } as never), 'data'],
    ['data of a wrong type (boolean)', () => client.setData('/d', true as never), 'data'],
    ['data over maxPacketBytes', () => client.create('/d', Buffer.alloc(4097)), 'data'],
    ['setData over maxPacketBytes', () => client.setData('/d', 'x'.repeat(4097)), 'data'],
    ['a request over maxPacketBytes once framed', () => client.create('/d', Buffer.alloc(4090)), 'request'],
    ['version below -1', () => client.setData('/v', 'x', { version: -2 }), 'version'],
    ['version not an integer', () => client.delete('/v', { version: 1.5 }), 'version'],
    ['version NaN', () => client.setAcl('/v', [worldAll()], { version: NaN }), 'version'],
    ['version beyond int32', () => client.setData('/v', 'x', { version: 2 ** 31 }), 'version'],
    ['version as a string', () => client.delete('/v', { version: '1' as never }), 'version'],
    ['unknown create mode', () => client.create('/m', null, { mode: 7 as CreateMode }), 'mode'],
    ['create mode as a string', () => client.create('/m', null, { mode: 'EPHEMERAL' as never }), 'mode'],
    ['TTL mode without ttlMs', () => client.create('/t', null, { mode: CreateMode.PERSISTENT_WITH_TTL }), 'ttlMs'],
    ['ttlMs on a non-TTL mode', () => client.create('/t', null, { ttlMs: 1000 }), 'ttlMs'],
    ['negative ttlMs', () => client.create('/t', null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: -1 }), 'ttlMs'],
    ['zero ttlMs', () => client.create('/t', null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 0 }), 'ttlMs'],
    [
      'ttlMs beyond 2^40-1',
      () => client.create('/t', null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 2 ** 40 }),
      'ttlMs',
    ],
    [
      'ttlMs Infinity',
      () => client.create('/t', null, { mode: CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, ttlMs: Infinity }),
      'ttlMs',
    ],
    ['acl not an array', () => client.create('/a', null, { acl: worldAll() as never }), 'acl'],
    ['acl empty', () => client.create('/a', null, { acl: [] }), 'acl'],
    ['acl perms above ALL', () => client.create('/a', null, { acl: [{ ...worldAll(), perms: 32 }] }), 'acl'],
    ['acl perms negative', () => client.setAcl('/a', [{ ...worldAll(), perms: -1 }]), 'acl'],
    ['acl without id', () => client.setAcl('/a', [{ perms: 31 } as never]), 'acl'],
    ['acl id not strings', () => client.setAcl('/a', [{ perms: 31, id: { scheme: 1, id: 2 } } as never]), 'acl'],
    ['setAcl without acl', () => client.setAcl('/a', undefined as never), 'acl'],
    ['watch not a function (exists)', () => client.exists('/w', { watch: 'yes' as never }), 'watch'],
    ['watch not a function (getData)', () => client.getData('/w', { watch: {} as never }), 'watch'],
    ['watch not a function (getChildren)', () => client.getChildren('/w', { watch: 1 as never }), 'watch'],
    ['addWatch mode unknown', () => client.addWatch('/w', 2 as AddWatchMode, () => undefined), 'mode'],
    ['addWatch listener missing', () => client.addWatch('/w', AddWatchMode.PERSISTENT, null as never), 'listener'],
    ['removeWatches type unknown', () => client.removeWatches('/w', 4 as WatcherType), 'type'],
    ['multiRead ops not an array', () => client.multiRead('/a' as never), 'ops'],
    ['multiRead op type unknown', () => client.multiRead([{ type: 'setData', path: '/a' } as never]), 'ops[0].type'],
    ['multiRead op missing', () => client.multiRead([null as never]), 'ops[0].path'],
    ['fourLetterWord upper case', () => client.fourLetterWord('RUOK'), 'word'],
    ['fourLetterWord too long', () => client.fourLetterWord('ruokk'), 'word'],
    ['fourLetterWord not a string', () => client.fourLetterWord(4 as never), 'word'],
    ['fourLetterWord negative timeout', () => client.fourLetterWord('ruok', { timeoutMs: -1 }), 'timeoutMs'],
    ['fourLetterWord zero timeout', () => client.fourLetterWord('ruok', { timeoutMs: 0 }), 'timeoutMs'],
    ['fourLetterWord fractional timeout', () => client.fourLetterWord('ruok', { timeoutMs: 0.5 }), 'timeoutMs'],
    ['fourLetterWord bad server', () => client.fourLetterWord('ruok', { server: 'a:b:c' }), 'connectString'],
    ['fourLetterWord timeout beyond 2^31-1', () => client.fourLetterWord('ruok', { timeoutMs: 2 ** 31 }), 'timeoutMs'],
    // null options are refused rather than read as "no options" (omit them or pass undefined for the defaults).
    ['getData options null', () => client.getData('/a', null as never), 'options'],
    ['exists options null', () => client.exists('/a', null as never), 'options'],
    ['create options null', () => client.create('/a', 'x', null as never), 'options'],
    ['setData options null', () => client.setData('/a', 'x', null as never), 'options'],
    ['delete options null', () => client.delete('/a', null as never), 'options'],
    ['getChildren options a string', () => client.getChildren('/a', 'watch' as never), 'options'],
    ['getAcl options null', () => client.getAcl('/a', null as never), 'options'],
    ['sync options null', () => client.sync('/a', null as never), 'options'],
    ['multiRead options null', () => client.multiRead([{ type: 'getData', path: '/a' }], null as never), 'options'],
    ['whoAmI options null', () => client.whoAmI(null as never), 'options'],
    [
      'transaction commit options null',
      () =>
        client
          .transaction()
          .create('/a')
          .commit(null as never),
      'options',
    ],
    ['retry options null', () => client.retry(() => client.exists('/a'), null as never), 'options'],
    ['retry fn not a function', () => client.retry(5 as never), 'fn'],
    [
      'removeWatchListener options null',
      () => client.removeWatchListener('/a', WatcherType.DATA, () => undefined, null as never),
      'options',
    ],
    // A signal that is not an AbortSignal: refused before the request is submitted.
    ['signal a plain object (getData)', () => client.getData('/a', { signal: {} as never }), 'signal'],
    ['signal null (exists)', () => client.exists('/a', { signal: null as never }), 'signal'],
    [
      'signal without listeners (create)',
      () => client.create('/a', 'x', { signal: { aborted: false } as never }),
      'signal',
    ],
    ['signal a string (setData)', () => client.setData('/a', 'x', { signal: 'abort' as never }), 'signal'],
    [
      'signal of a commit',
      () =>
        client
          .transaction()
          .create('/a')
          .commit({ signal: {} as never }),
      'signal',
    ],
    ['signal of retry', () => client.retry(() => client.exists('/a'), { signal: {} as never }), 'signal'],
  ];
  it.each(badArguments)('%s: InvalidArgumentError naming it, nothing sent', async (_name, call, argument) => {
    await expectRefusedBeforeSending(call, argument);
  });

  it('addAuth with a bad scheme or credentials is refused (rejected, not thrown) before anything is sent', async () => {
    const before = fake.requests.length;
    for (const [call, argument] of [
      [() => client.addAuth('', 'user:pw'), 'auth scheme'],
      [() => client.addAuth(7 as never, 'user:pw'), 'auth scheme'],
      [() => client.addAuth('digest', 12 as never), 'auth credentials'],
    ] as [Call, string][]) {
      const { how, error } = await outcome(call);
      expect(how).toBe('rejected');
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument });
      expect((error as Error).message).not.toContain('user:pw');
    }
    expect(fake.requests.length).toBe(before);
  });

  it('a bad signal leaves no request in flight and no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const before = fake.requests.length;
      const error = await client.getData('/a', { signal: {} as never }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'signal' });
      expect(fake.requests.length).toBe(before);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a transaction with a bad op leaves the others and commits them only; nothing is sent before commit', async () => {
    const before = fake.requests.length;
    const transaction = client.transaction().create('/ok', 'x');
    expect(() => transaction.setData('/ok', 'y', { version: -5 })).toThrow(InvalidArgumentError);
    expect(transaction.size).toBe(1);
    expect(fake.requests.length).toBe(before);
  });
});

describe('constructor options', () => {
  const base: ZooKeeperClientOptions = { connectString: '127.0.0.1:1' };
  const bad: [string, unknown, string][] = [
    ['options missing', undefined, 'options'],
    ['options null', null, 'options'],
    ['options a string', '127.0.0.1:2181', 'options'],
    ['connectString missing', {}, 'connectString'],
    ['connectString empty', { connectString: '  ' }, 'connectString'],
    ['connectString a number', { connectString: 2181 }, 'connectString'],
    ['connectString with an empty host', { connectString: 'a:1,,b:2' }, 'connectString'],
    ['connectString with a bad port', { connectString: 'a:99999' }, 'connectString'],
    ['connectString with a non-numeric port', { connectString: 'a:http' }, 'connectString'],
    ['connectString with an unbracketed IPv6', { connectString: '::1:2181' }, 'connectString'],
    ['connectString with a bad chroot', { connectString: 'a:1/app/' }, 'connectString chroot'],
    ['negative sessionTimeoutMs', { ...base, sessionTimeoutMs: -1 }, 'sessionTimeoutMs'],
    ['zero sessionTimeoutMs', { ...base, sessionTimeoutMs: 0 }, 'sessionTimeoutMs'],
    ['NaN sessionTimeoutMs', { ...base, sessionTimeoutMs: NaN }, 'sessionTimeoutMs'],
    ['Infinity sessionTimeoutMs', { ...base, sessionTimeoutMs: Infinity }, 'sessionTimeoutMs'],
    ['string sessionTimeoutMs', { ...base, sessionTimeoutMs: '4000' }, 'sessionTimeoutMs'],
    ['negative connectTimeoutMs', { ...base, connectTimeoutMs: -5 }, 'connectTimeoutMs'],
    ['fractional connectTimeoutMs', { ...base, connectTimeoutMs: 1.5 }, 'connectTimeoutMs'],
    // Beyond int32: the wire would wrap the session timeout negative, and Node fires such timers at once.
    ['sessionTimeoutMs beyond 2^31-1', { ...base, sessionTimeoutMs: 2 ** 31 + 4000 }, 'sessionTimeoutMs'],
    ['connectTimeoutMs beyond 2^31-1', { ...base, connectTimeoutMs: 2 ** 31 }, 'connectTimeoutMs'],
    ['maxPacketBytes beyond 2^31-1', { ...base, maxPacketBytes: 2 ** 31 }, 'maxPacketBytes'],
    ['negative maxPacketBytes', { ...base, maxPacketBytes: -1 }, 'maxPacketBytes'],
    ['readOnly a string', { ...base, readOnly: 'yes' }, 'readOnly'],
    ['retry maxTries below -1', { ...base, retry: { maxTries: -2 } }, 'retry'],
    ['retry negative delay', { ...base, retry: { delayMs: -1 } }, 'retry'],
    ['retry NaN backoff', { ...base, retry: { backoff: NaN } }, 'retry'],
    ['retry null', { ...base, retry: null }, 'retry'],
    ['retry delay beyond 2^31-1', { ...base, retry: { delayMs: 2 ** 31 } }, 'retry'],
    ['retry maxDelayMs beyond 2^31-1', { ...base, retry: { maxDelayMs: 2 ** 31 } }, 'retry'],
    ['logger without debug', { ...base, logger: { info() {}, warn() {}, error() {} } }, 'logger'],
    ['session id not a bigint', { ...base, session: { id: 1, password: Buffer.alloc(16) } }, 'session'],
    ['session password a string', { ...base, session: { id: 1n, password: 'secret' } }, 'session'],
    ['auth with an empty scheme', { ...base, auth: [{ scheme: '', credentials: 'u:p' }] }, 'auth scheme'],
    ['auth with numeric credentials', { ...base, auth: [{ scheme: 'digest', credentials: 5 }] }, 'auth credentials'],
    ['auth entry null', { ...base, auth: [null] }, 'auth scheme'],
    ['auth not an array', { ...base, auth: {} }, 'auth'],
    ['auth a single entry', { ...base, auth: { scheme: 'digest', credentials: 'u:p' } }, 'auth'],
    ['defaultAcl empty', { ...base, defaultAcl: [] }, 'defaultAcl'],
    [
      'defaultAcl with a bad entry',
      { ...base, defaultAcl: [{ perms: 99, id: { scheme: 'world', id: 'anyone' } }] },
      'defaultAcl',
    ],
  ];
  it.each(bad)('%s: InvalidArgumentError naming it', (_name, options, argument) => {
    let error: unknown;
    try {
      new ZooKeeperClient(options as ZooKeeperClientOptions);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument });
  });

  it('an invalid defaultAcl is refused', () => {
    expect(() => new ZooKeeperClient({ ...base, defaultAcl: [] })).toThrow(InvalidArgumentError);
    expect(() => new ZooKeeperClient({ ...base, defaultAcl: [{ perms: 99, id: worldAll().id }] })).toThrow(
      InvalidArgumentError,
    );
  });

  it('a bad auth credential is not echoed in the error', () => {
    const secret = 's3cr3t-Passw0rd';
    let error: unknown;
    try {
      new ZooKeeperClient({ ...base, auth: [{ scheme: '', credentials: `alice:${secret}` }] });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});

describe('a closed client', () => {
  let fake: FakeZooKeeperServer;
  let client: ZooKeeperClient;

  beforeAll(async () => {
    ({ fake, client } = await connectToFakeServer());
    await client.close();
  });
  afterAll(() => fake.close());

  const calls: [string, () => Promise<unknown>][] = [
    ['create', () => client.create('/a', 'x')],
    ['exists', () => client.exists('/a')],
    ['getData', () => client.getData('/a')],
    ['setData', () => client.setData('/a', 'x')],
    ['delete', () => client.delete('/a')],
    ['getChildren', () => client.getChildren('/a')],
    ['getAcl', () => client.getAcl('/a')],
    ['sync', () => client.sync('/a')],
    ['transaction', () => client.transaction().create('/a').commit()],
    ['multiRead', () => client.multiRead([{ type: 'getData', path: '/a' }])],
    // Nothing to send, but refused as the non-empty calls are.
    ['transaction without ops', () => client.transaction().commit()],
    ['multiRead without ops', () => client.multiRead([])],
    ['whoAmI', () => client.whoAmI()],
    ['addAuth', () => client.addAuth('digest', 'u:p')],
    ['addWatch', () => client.addWatch('/a', AddWatchMode.PERSISTENT_RECURSIVE, () => undefined)],
    ['ensurePath', () => client.ensurePath('/a/b')],
  ];
  it.each(calls)('%s rejects with ClientClosedError and sends nothing', async (_name, call) => {
    const before = fake.requests.length;
    const bytes = fake.bytesReceived;
    await expect(call()).rejects.toBeInstanceOf(ClientClosedError);
    expect(fake.requests.length).toBe(before);
    expect(fake.bytesReceived).toBe(bytes);
  });

  it('still refuses bad input with InvalidArgumentError first', async () => {
    await expect(client.getData('bad')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('close() again resolves, state stays LOST, and no connection was opened after the close', async () => {
    const accepted = fake.accepted;
    await client.close();
    expect(client.state).toBe('LOST');
    expect(client.sessionId).toBe(0n);
    expect(fake.accepted).toBe(accepted);
  });
});

function worldAll(): Acl {
  return { perms: 31, id: { scheme: 'world', id: 'anyone' } };
}

/** A port of org.apache.zookeeper.common.PathUtils.validatePath (3.8): true when the server would accept `path`. */
function javaValidatePath(path: string): boolean {
  if (path.length === 0 || path[0] !== '/') return false;
  if (path.length === 1) return true;
  if (path[path.length - 1] === '/') return false;
  let lastc = '/';
  for (let i = 1; i < path.length; lastc = path[i], i++) {
    const c = path[i];
    const code = path.charCodeAt(i);
    if (code === 0) return false;
    if (c === '/' && lastc === '/') return false;
    if (c === '.' && lastc === '.') {
      if (path[i - 2] === '/' && (i + 1 === path.length || path[i + 1] === '/')) return false;
    } else if (c === '.') {
      if (path[i - 1] === '/' && (i + 1 === path.length || path[i + 1] === '/')) return false;
    } else if (
      (code > 0 && code <= 0x1f) ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xd800 && code <= 0xf8ff) ||
      (code >= 0xfff0 && code <= 0xffff)
    ) {
      return false;
    }
  }
  return true;
}

import {
  BadVersionError,
  CreateMode,
  InvalidArgumentError,
  NoChildrenForEphemeralsError,
  NodeExistsError,
  NoNodeError,
  NotEmptyError,
  OPEN_ACL_UNSAFE,
  Perms,
  RuntimeInconsistencyError,
  TransactionError,
  type ZooKeeperClient,
} from '../../../lib/client';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients } from './support';

jest.setTimeout(60000);

describe('ZooKeeperClient operations (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let client: ZooKeeperClient;
  let root: string;

  beforeAll(async () => {
    client = await clients.connect();
  });
  beforeEach(async () => {
    root = uniquePath('ops');
    await client.create(root);
  });
  afterEach(async () => {
    await client.delete(root, { recursive: true });
  });
  afterAll(() => clients.closeAll());

  it('creates, reads, updates and deletes a node, with Stat bookkeeping', async () => {
    const { path, stat } = await client.createWithStat(`${root}/a`, 'one');
    expect(path).toBe(`${root}/a`);
    expect(stat.version).toBe(0);
    expect(stat.dataLength).toBe(3);
    const read = await client.getData(`${root}/a`);
    expect(read.data.toString()).toBe('one');
    expect(read.stat.czxid).toBe(stat.czxid);
    const updated = await client.setData(`${root}/a`, Buffer.from('two'), { version: 0 });
    expect(updated.version).toBe(1);
    expect(updated.mzxid > stat.mzxid).toBe(true);
    await expect(client.setData(`${root}/a`, 'x', { version: 0 })).rejects.toBeInstanceOf(BadVersionError);
    await expect(client.delete(`${root}/a`, { version: 0 })).rejects.toBeInstanceOf(BadVersionError);
    await client.delete(`${root}/a`, { version: 1 });
    expect(await client.exists(`${root}/a`)).toBeNull();
  });

  it('reports server errors as typed errors naming the op and the path', async () => {
    const missing = `${root}/missing`;
    const error = await client.getData(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoNodeError);
    expect(error).toMatchObject({ code: -101, codeName: 'NONODE', path: missing, op: 'getData', mayBeApplied: false });
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('getData');
    await client.create(`${root}/dup`);
    await expect(client.create(`${root}/dup`)).rejects.toBeInstanceOf(NodeExistsError);
    await client.create(`${root}/dup/child`);
    await expect(client.delete(`${root}/dup`)).rejects.toBeInstanceOf(NotEmptyError);
  });

  it('stores null, empty and binary data faithfully', async () => {
    await client.create(`${root}/null`, null);
    expect((await client.getData(`${root}/null`)).data.length).toBe(0);
    const binary = Buffer.from([0, 255, 1, 128]);
    await client.create(`${root}/bin`, binary);
    expect((await client.getData(`${root}/bin`)).data.equals(binary)).toBe(true);
  });

  it('handles data close to 1 MiB and refuses more than the packet limit before sending', async () => {
    const big = Buffer.alloc(1024 * 1024 - 1024, 0x5a);
    await client.create(`${root}/big`, big);
    const read = await client.getData(`${root}/big`);
    expect(read.data.equals(big)).toBe(true);
    await expect(client.setData(`${root}/big`, Buffer.alloc(1024 * 1024))).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('creates every kind of node: ephemeral, sequential, container and TTL', async () => {
    const seq1 = await client.create(`${root}/s-`, null, { mode: CreateMode.PERSISTENT_SEQUENTIAL });
    const seq2 = await client.create(`${root}/s-`, null, { mode: CreateMode.EPHEMERAL_SEQUENTIAL });
    expect(seq1).toMatch(new RegExp(`^${root}/s-\\d{10}$`));
    expect(Number(seq2.slice(-10))).toBe(Number(seq1.slice(-10)) + 1);

    const eph = await client.createWithStat(`${root}/eph`, null, { mode: CreateMode.EPHEMERAL });
    expect(eph.stat.ephemeralOwner).toBe(client.sessionId);
    await expect(client.create(`${root}/eph/child`)).rejects.toBeInstanceOf(NoChildrenForEphemeralsError);

    // Containers and TTL nodes are created (their expiry is checked in server-lifecycle.spec.ts); the server shows
    // clients an ephemeralOwner of 0 for both.
    await client.create(`${root}/container`, null, { mode: CreateMode.CONTAINER });
    expect((await client.exists(`${root}/container`))?.ephemeralOwner).toBe(0n);
    await client.create(`${root}/ttl`, null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 60000 });
    expect((await client.exists(`${root}/ttl`))?.ephemeralOwner).toBe(0n);
    const ttlSeq = await client.create(`${root}/ttl-`, null, {
      mode: CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
      ttlMs: 1000,
    });
    expect(ttlSeq).toMatch(/ttl-\d{10}$/);

    expect(await client.getEphemerals(root)).toEqual(expect.arrayContaining([seq2, `${root}/eph`]));
  });

  it('refuses bad input before any I/O with InvalidArgumentError naming the argument', async () => {
    const bad: [() => Promise<unknown>, string][] = [
      [() => client.create('relative'), 'path'],
      [() => client.create('/a//b'), 'path'],
      [() => client.create('/a/'), 'path'],
      [() => client.getData('/a/./b'), 'path'],
      [() => client.exists('/a/\u0001'), 'path'],
      [() => client.create('/ttl', null, { mode: CreateMode.PERSISTENT_WITH_TTL }), 'ttlMs'],
      [() => client.create('/ttl', null, { ttlMs: 5 }), 'ttlMs'],
      [() => client.create('/m', null, { mode: 42 as CreateMode }), 'mode'],
      [() => client.setData('/v', 'x', { version: 1.5 }), 'version'],
      [() => client.create('/acl', null, { acl: [] }), 'acl'],
    ];
    for (const [call, argument] of bad) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument });
    }
    // A sequential create may name only the parent: the server supplies the name.
    expect(await client.create(`${root}/`, null, { mode: CreateMode.PERSISTENT_SEQUENTIAL })).toMatch(/\/\d{10}$/);
  });

  it('lists 10,000 children, counts descendants and deletes the tree', async () => {
    const parent = `${root}/many`;
    await client.create(parent);
    const names = Array.from({ length: 10000 }, (_, i) => `child-${i}`);
    await Promise.all(names.map((name) => client.create(`${parent}/${name}`)));
    const children = await client.getChildren(parent);
    expect(children).toHaveLength(10000);
    expect(new Set(children)).toEqual(new Set(names));
    const withStat = await client.getChildrenWithStat(parent);
    expect(withStat.stat.numChildren).toBe(10000);
    expect(await client.getAllChildrenNumber(root)).toBe(10001);
    await client.delete(parent, { recursive: true });
    expect(await client.exists(parent)).toBeNull();
  });

  it('creates parents on request and ensures paths idempotently', async () => {
    expect(await client.create(`${root}/x/y/z`, 'leaf', { makeParents: true })).toBe(`${root}/x/y/z`);
    await client.ensurePath(`${root}/p/q/r`);
    await client.ensurePath(`${root}/p/q/r`);
    expect(await client.exists(`${root}/p/q/r`)).not.toBeNull();
  });

  it('reads and replaces ACLs with version checks', async () => {
    await client.create(`${root}/acl`);
    const { acl, stat } = await client.getAcl(`${root}/acl`);
    expect(acl).toEqual(OPEN_ACL_UNSAFE);
    const read = [{ perms: Perms.READ | Perms.ADMIN, id: { scheme: 'world', id: 'anyone' } }];
    const updated = await client.setAcl(`${root}/acl`, read, { version: stat.aversion });
    expect(updated.aversion).toBe(stat.aversion + 1);
    expect((await client.getAcl(`${root}/acl`)).acl).toEqual(read);
    await expect(client.setAcl(`${root}/acl`, read, { version: 0 })).rejects.toBeInstanceOf(BadVersionError);
  });

  it('syncs a path and says who it is', async () => {
    expect(await client.sync(root)).toBe(root);
    expect(await client.whoAmI()).toEqual([{ scheme: 'ip', id: expect.any(String) }]);
  });

  it('commits a transaction and returns each result', async () => {
    await client.create(`${root}/t`, 'v0');
    const results = await client
      .transaction()
      .create(`${root}/t/a`, 'a')
      .create(`${root}/t/s-`, null, { mode: CreateMode.PERSISTENT_SEQUENTIAL })
      .create(`${root}/t/ttl`, null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 60000 })
      .setData(`${root}/t`, 'v1', { version: 0 })
      .check(`${root}/t`, 1)
      .delete(`${root}/t/a`)
      .commit();
    expect(results.map((r) => r.type)).toEqual(['create', 'create', 'create', 'setData', 'check', 'delete']);
    expect(results[0]).toMatchObject({ path: `${root}/t/a` });
    expect(results[1]).toMatchObject({ path: expect.stringMatching(/\/s-\d{10}$/) });
    expect(results[2]).toMatchObject({ path: `${root}/t/ttl`, stat: expect.objectContaining({ version: 0 }) });
    expect(results[3]).toMatchObject({ stat: expect.objectContaining({ version: 1 }) });
    expect(await client.exists(`${root}/t/a`)).toBeNull();
  });

  it('fails a transaction as a whole, naming the failing op by index', async () => {
    await client.create(`${root}/t`, 'v0');
    const error = (await client
      .transaction()
      .create(`${root}/t/new`)
      .setData(`${root}/t`, 'x', { version: 7 })
      .delete(`${root}/t`)
      .commit()
      .catch((e: unknown) => e)) as TransactionError;
    expect(error).toBeInstanceOf(TransactionError);
    expect(error.failedIndex).toBe(1);
    expect(error.failedOp).toEqual({ type: 'setData', path: `${root}/t` });
    expect(error.cause).toBeInstanceOf(BadVersionError);
    expect(error.message).toContain('op 1 (setData');
    expect(error.results.map((r) => r.codeName)).toEqual(['OK', 'BADVERSION', 'RUNTIMEINCONSISTENCY']);
    expect(new RuntimeInconsistencyError().code).toBe(error.results[2].code);
    expect(await client.exists(`${root}/t/new`)).toBeNull();
    expect((await client.getData(`${root}/t`)).data.toString()).toBe('v0');
  });

  it('refuses an op added to a transaction after its commit, which would never reach the server', async () => {
    const transaction = client.transaction().create(`${root}/first`);
    await transaction.commit();
    expect(() => transaction.create(`${root}/late`)).toThrow(InvalidArgumentError);
    expect(() => transaction.setData(`${root}/first`, 'late')).toThrow(/already committed/);
    expect(transaction.size).toBe(1);
    expect(await client.exists(`${root}/late`)).toBeNull();
    expect((await client.getData(`${root}/first`)).stat.version).toBe(0);
  });

  it('reads several nodes at once with multiRead, with per-op errors', async () => {
    await client.create(`${root}/r`, 'data');
    await client.create(`${root}/r/kid`);
    const results = await client.multiRead([
      { type: 'getData', path: `${root}/r` },
      { type: 'getChildren', path: `${root}/r` },
      { type: 'getData', path: `${root}/absent` },
    ]);
    expect(results[0]).toMatchObject({ type: 'getData', data: Buffer.from('data') });
    expect(results[1]).toEqual({ type: 'getChildren', path: `${root}/r`, children: ['kid'] });
    expect(results[2].type).toBe('error');
    expect(results[2].type === 'error' && results[2].error).toBeInstanceOf(NoNodeError);
  });

  it('pipelines many requests and keeps their replies in order', async () => {
    await client.create(`${root}/p`, '0');
    const writes = Array.from({ length: 200 }, (_, i) => client.setData(`${root}/p`, String(i + 1)));
    const stats = await Promise.all(writes);
    expect(stats.map((s) => s.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('answers a four-letter word', async () => {
    expect(await client.fourLetterWord('ruok')).toBe('imok');
    expect(await client.fourLetterWord('srvr')).toMatch(/Zookeeper version/);
  });
});

import {
  ConnectionLossError,
  ConnectionState,
  CreateMode,
  ZooKeeperClient,
  type ZooKeeperClientOptions,
} from '../../../lib/client';
import { Counter, Lock } from '../../../lib/recipes';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { createsPathWith, multiTouching, opOnPath, ReplyDroppingProxy } from './support/reply-dropping-proxy';

/*
 * Requests in flight when the connection breaks. A one-way proxy lets a request reach the real server and drops the
 * reply: the server applied it, the client cannot know. The client must say so (ConnectionLossError, mayBeApplied),
 * and the recipes' retries must not apply it twice.
 */

const OP_GET_DATA = 4;
const OP_SET_DATA = 5;

describe('requests whose reply is lost (real server, one-way proxy)', () => {
  let proxy: ReplyDroppingProxy;
  let observer: ZooKeeperClient;
  const clients: ZooKeeperClient[] = [];
  let root: string;

  function newClient(options: Partial<ZooKeeperClientOptions> = {}): ZooKeeperClient {
    // 3 s session: the read timeout (2 s) notices the silence well before the session could expire, and the pings
    // that still reach the server keep the session alive meanwhile.
    const client = new ZooKeeperClient({ connectString: proxy.connectString, sessionTimeoutMs: 3000, ...options });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    proxy = await ReplyDroppingProxy.start(sharedConnectString());
    observer = new ZooKeeperClient({ connectString: sharedConnectString() });
    await observer.connect();
  });
  let droppedBefore = 0;
  const droppedNow = (): number => proxy.dropped.length - droppedBefore;

  beforeEach(async () => {
    droppedBefore = proxy.dropped.length;
    root = uniquePath('lost-reply');
    await observer.create(root);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await observer.delete(root, { recursive: true });
  });
  afterAll(async () => {
    await observer.close();
    await proxy.close();
  });

  it('a create whose reply is lost rejects with ConnectionLossError, mayBeApplied — and it was applied', async () => {
    const client = newClient();
    await client.connect();
    const session = client.sessionId;
    proxy.arm(createsPathWith(`${root}/eph`));
    const error = await client.create(`${root}/eph`, 'x', { mode: CreateMode.EPHEMERAL }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLossError);
    expect(error).toMatchObject({ mayBeApplied: true, op: 'create', path: `${root}/eph` });
    expect(droppedNow()).toBe(1);

    const stat = await observer.exists(`${root}/eph`);
    expect(stat?.ephemeralOwner).toBe(session);
    await client.connect();
    expect(client.sessionId).toBe(session);
  });

  it('a read whose reply is lost rejects with ConnectionLossError that says it was not applied', async () => {
    const client = newClient();
    await client.connect();
    await observer.create(`${root}/r`, 'data');
    proxy.arm(opOnPath(OP_GET_DATA, `${root}/r`));
    const error = await client.getData(`${root}/r`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLossError);
    expect(error).toMatchObject({ mayBeApplied: false, op: 'getData' });
  });

  it('a blind retry of a sequential create duplicates it — which is why the recipes do not retry blindly', async () => {
    const client = newClient({ retry: { maxTries: 3, delayMs: 50 } });
    await client.connect();
    proxy.arm(createsPathWith(`${root}/seq-`));
    const created = await client.retry(() =>
      client.create(`${root}/seq-`, null, { mode: CreateMode.EPHEMERAL_SEQUENTIAL }),
    );
    const children = await observer.getChildren(root);
    expect(children).toHaveLength(2);
    expect(children).toContain(created.slice(root.length + 1));
  });

  it('a Lock whose contender create loses its reply adopts that node (uuid prefix): one node, lock held', async () => {
    const client = newClient({ retry: { maxTries: 3, delayMs: 50 } });
    await client.connect();
    const session = client.sessionId;
    const lockPath = `${root}/lock`;
    const lock = new Lock(client, lockPath, { identifier: 'lost-reply' });
    proxy.arm(createsPathWith('__lock__'));
    expect(await lock.acquire({ timeoutMs: 20000 })).toBe(true);
    expect(droppedNow()).toBe(1);
    expect(client.sessionId).toBe(session);

    const children = await observer.getChildren(lockPath);
    expect(children).toHaveLength(1);
    expect(lock.sequence).toBe(Number(children[0].slice(-10)));
    const adopted = await observer.exists(`${lockPath}/${children[0]}`);
    expect(adopted?.ephemeralOwner).toBe(session);
    // The adopted node's own creating zxid, found by the retry's listing: the token the lost reply would have given.
    expect(lock.fencingToken).toBe(adopted?.czxid);

    await lock.release();
    expect(await observer.getChildren(lockPath)).toEqual([]);
  });

  it('a Counter increment whose write reply is lost is counted once, not twice', async () => {
    const client = newClient({ retry: { maxTries: 3, delayMs: 50 } });
    await client.connect();
    const path = `${root}/counter`;
    const counter = new Counter(client, path);
    expect(await counter.add(1)).toBe(1);
    // The Counter writes with a transaction: compare-and-set plus a marker child that tells a lost answer apart.
    proxy.arm(multiTouching(path));
    expect(await counter.add(1)).toBe(2);
    expect(droppedNow()).toBe(1);
    expect((await observer.getData(path)).data.toString()).toBe('2');
    // The marker that resolved the lost answer is cleaned up.
    expect(await observer.getChildren(path)).toEqual([]);
    expect(client.state).toBe(ConnectionState.CONNECTED);
  });

  it('close() while a write whose reply is lost is in flight: the write still says it may have been applied', async () => {
    const client = newClient({ sessionTimeoutMs: 9000 });
    await client.connect();
    const path = `${root}/closing`;
    await observer.create(path, 'before');
    proxy.arm(opOnPath(OP_SET_DATA, path));
    const write = client.setData(path, 'after').catch((e: unknown) => e);
    await waitFor(
      'the write to reach the server',
      async () => (await observer.getData(path)).data.toString() === 'after',
    );
    await client.close();
    expect(await write).toMatchObject({ codeName: 'CONNECTIONLOSS', mayBeApplied: true });
  });

  it('a Counter increment lost on the way is not mistaken for applied when another client wrote the same value', async () => {
    const client = newClient({ retry: { maxTries: 3, delayMs: 50 } });
    const other = newClient({ connectString: sharedConnectString() });
    await Promise.all([client.connect(), other.connect()]);
    const path = `${root}/counter`;
    const mine = new Counter(client, path);
    const theirs = new Counter(other, path);
    expect(await mine.add(1)).toBe(1);
    // Our write from 1 to 2 never reaches the server; meanwhile the other client also adds 1, writing the same bytes
    // at the same version our write expected. Before the marker child this was taken as our write: a lost increment.
    proxy.arm(multiTouching(path), { swallowRequest: true });
    const ours = mine.add(1);
    await waitFor('our write to be swallowed', () => droppedNow() === 1);
    expect(await theirs.add(1)).toBe(2);
    expect(await ours).toBe(3);
    expect((await observer.getData(path)).data.toString()).toBe('3');
    expect(await observer.getChildren(path)).toEqual([]);
  });
});

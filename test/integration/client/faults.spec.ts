import {
  AddWatchMode,
  ConnectionLossError,
  ConnectionState,
  CreateMode,
  EventType,
  KeeperState,
  SessionExpiredError,
  type WatchedEvent,
  type ZooKeeperClient,
} from '../../../lib/client';
import { FaultProxy } from '../../../lib/testing';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox, recordTransitions, waitForState } from './support';

jest.setTimeout(60000);

describe('connection faults through a loopback proxy (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let proxy: FaultProxy;
  let observer: ZooKeeperClient;
  let root: string;

  beforeAll(async () => {
    observer = await clients.connect();
  });
  beforeEach(async () => {
    proxy = await FaultProxy.start(sharedConnectString());
    root = uniquePath('fault');
    await observer.create(root);
  });
  afterEach(async () => {
    await proxy.close();
    await observer.delete(root, { recursive: true });
  });
  afterAll(() => clients.closeAll());

  it('goes SUSPENDED then CONNECTED on a cut, keeping the session and its ephemerals', async () => {
    const client = await clients.connect({ connectString: proxy.connectString });
    const transitions = recordTransitions(client);
    const sessionId = client.sessionId;
    await client.create(`${root}/eph`, null, { mode: CreateMode.EPHEMERAL });
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    proxy.cut();
    await suspended;
    await waitForState(client, ConnectionState.CONNECTED);
    expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->CONNECTED']);
    expect(client.sessionId).toBe(sessionId);
    expect((await observer.exists(`${root}/eph`))?.ephemeralOwner).toBe(sessionId);
    expect((await client.getData(`${root}/eph`)).stat.ephemeralOwner).toBe(sessionId);
  });

  it('fails a request in flight with ConnectionLossError that says a write may have been applied', async () => {
    const client = await clients.connect({ connectString: proxy.connectString });
    proxy.stall();
    const write = client.create(`${root}/maybe`).catch((e: unknown) => e);
    const read = client.exists(root).catch((e: unknown) => e);
    // Requests are written at the end of the event-loop turn: let that happen, then break the socket.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    proxy.cut();
    proxy.resume();
    const [writeError, readError] = await Promise.all([write, read]);
    expect(writeError).toBeInstanceOf(ConnectionLossError);
    expect(writeError).toMatchObject({ mayBeApplied: true, op: 'create', path: `${root}/maybe` });
    expect(readError).toBeInstanceOf(ConnectionLossError);
    expect(readError).toMatchObject({ mayBeApplied: false });
    await waitForState(client, ConnectionState.CONNECTED);
  });

  it('holds requests made while SUSPENDED and sends them once reconnected', async () => {
    const client = await clients.connect({ connectString: proxy.connectString });
    proxy.refuse();
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    proxy.cut();
    await suspended;
    const pending = client.create(`${root}/queued`, 'later');
    proxy.allow();
    expect(await pending).toBe(`${root}/queued`);
    expect(client.state).toBe(ConnectionState.CONNECTED);
  });

  it('delivers a change made while cut off once reconnected (watches re-registered with the last zxid)', async () => {
    const client = await clients.connect({ connectString: proxy.connectString });
    await client.create(`${root}/w`, 'before');
    await client.create(`${root}/gone`);
    const data = new Inbox<WatchedEvent>();
    const created = new Inbox<WatchedEvent>();
    const deleted = new Inbox<WatchedEvent>();
    const children = new Inbox<WatchedEvent>();
    await client.getData(`${root}/w`, { watch: data.push });
    await client.exists(`${root}/new`, { watch: created.push });
    await client.exists(`${root}/gone`, { watch: deleted.push });
    await client.getChildren(root, { watch: children.push });
    proxy.refuse();
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    proxy.cut();
    await suspended;
    await observer.setData(`${root}/w`, 'while away');
    await observer.create(`${root}/new`);
    await observer.delete(`${root}/gone`);
    proxy.allow();
    expect(await data.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: `${root}/w` });
    expect(await created.next()).toMatchObject({ type: EventType.NODE_CREATED, path: `${root}/new` });
    expect(await deleted.next()).toMatchObject({ type: EventType.NODE_DELETED, path: `${root}/gone` });
    expect(await children.next()).toMatchObject({ type: EventType.NODE_CHILDREN_CHANGED, path: root });
    await client.sync(root);
    expect([data, created, deleted, children].map((inbox) => inbox.received.length)).toEqual([1, 1, 1, 1]);
  });

  it('re-registers persistent and recursive watches after a reconnect (SetWatches2) and keeps them', async () => {
    const client = await clients.connect({ connectString: proxy.connectString });
    await client.create(`${root}/tree`);
    await client.create(`${root}/node`, 'v0');
    const recursive = new Inbox<WatchedEvent>();
    const persistent = new Inbox<WatchedEvent>();
    await client.addWatch(`${root}/tree`, AddWatchMode.PERSISTENT_RECURSIVE, recursive.push);
    await client.addWatch(`${root}/node`, AddWatchMode.PERSISTENT, persistent.push);
    proxy.refuse();
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    proxy.cut();
    await suspended;
    // The server re-adds persistent watches without replaying what they missed (unlike one-shot watches).
    await observer.create(`${root}/tree/leaf`, 'away');
    proxy.allow();
    await waitForState(client, ConnectionState.CONNECTED);
    await client.sync(root);
    await observer.setData(`${root}/tree/leaf`, 'back');
    await observer.setData(`${root}/node`, 'v1');
    expect(await recursive.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: `${root}/tree/leaf` });
    expect(await persistent.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: `${root}/node` });
    await observer.delete(`${root}/tree/leaf`);
    expect(await recursive.next()).toMatchObject({ type: EventType.NODE_DELETED, path: `${root}/tree/leaf` });
    await client.sync(root);
    expect([recursive.received.length, persistent.received.length]).toEqual([2, 1]);
  });

  it('treats a silent connection as lost after two thirds of the session timeout, then recovers', async () => {
    const client = await clients.connect({ connectString: proxy.connectString, sessionTimeoutMs: 3000 });
    const transitions = recordTransitions(client);
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    proxy.stall();
    await suspended;
    proxy.resume();
    await waitForState(client, ConnectionState.CONNECTED);
    expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->CONNECTED']);
    expect(await client.exists(root)).not.toBeNull();
  });

  it('learns of expiry when it comes back too late: LOST, EXPIRED to watchers, SessionExpiredError after', async () => {
    const client = await clients.connect({ connectString: proxy.connectString, sessionTimeoutMs: 1000 });
    const transitions = recordTransitions(client);
    await client.create(`${root}/eph`, null, { mode: CreateMode.EPHEMERAL });
    const watcher = new Inbox<WatchedEvent>();
    await client.getData(root, { watch: watcher.push });
    const ephemeralGone = new Inbox<WatchedEvent>();
    await observer.exists(`${root}/eph`, { watch: ephemeralGone.push });

    proxy.refuse();
    const suspended = waitForState(client, ConnectionState.SUSPENDED);
    proxy.cut();
    await suspended;
    const queued = client.getData(root).catch((e: unknown) => e);
    // The server expires the session (deleting the ephemeral) while the client cannot reach it.
    expect((await ephemeralGone.next()).type).toBe(EventType.NODE_DELETED);
    expect(await queued).toBeInstanceOf(ConnectionLossError);
    proxy.allow();
    await waitForState(client, ConnectionState.LOST);
    expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->LOST']);
    expect(await watcher.next()).toEqual({ type: EventType.NONE, state: KeeperState.EXPIRED, path: '' });
    await expect(client.getData(root)).rejects.toBeInstanceOf(SessionExpiredError);

    // connect() again starts a fresh session.
    const oldSession = client.sessionId;
    await client.connect();
    expect(client.sessionId).not.toBe(oldSession);
    expect(await client.exists(root)).not.toBeNull();
    expect(watcher.received).toHaveLength(1);
  });
});

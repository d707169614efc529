import {
  AddWatchMode,
  EventType,
  KeeperState,
  NoWatcherError,
  WatcherType,
  type WatchedEvent,
  type ZooKeeperClient,
} from '../../../lib/client';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox } from './support';

jest.setTimeout(60000);

describe('watches (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let client: ZooKeeperClient;
  let other: ZooKeeperClient;
  let root: string;

  beforeAll(async () => {
    [client, other] = await Promise.all([clients.connect(), clients.connect()]);
  });
  beforeEach(async () => {
    root = uniquePath('watch');
    await client.create(root);
  });
  afterEach(() => client.delete(root, { recursive: true }));
  afterAll(() => clients.closeAll());

  /** A round trip on the watching client: every notification sent before its reply has been delivered after it. */
  async function settle(): Promise<void> {
    await client.sync(root);
    await client.exists(root);
  }

  it('fires a data watch once for a change made by another session', async () => {
    await client.create(`${root}/d`, 'a');
    const inbox = new Inbox<WatchedEvent>();
    await client.getData(`${root}/d`, { watch: inbox.push });
    await other.setData(`${root}/d`, 'b');
    expect(await inbox.next()).toEqual({
      type: EventType.NODE_DATA_CHANGED,
      state: KeeperState.SYNC_CONNECTED,
      path: `${root}/d`,
    });
    await other.setData(`${root}/d`, 'c');
    await settle();
    expect(inbox.received).toHaveLength(1);
  });

  it('fires an exists watch on a missing node when it is created, and on deletion of an existing one', async () => {
    const created = new Inbox<WatchedEvent>();
    expect(await client.exists(`${root}/e`, { watch: created.push })).toBeNull();
    await other.create(`${root}/e`);
    expect((await created.next()).type).toBe(EventType.NODE_CREATED);

    const deleted = new Inbox<WatchedEvent>();
    expect(await client.exists(`${root}/e`, { watch: deleted.push })).not.toBeNull();
    await other.delete(`${root}/e`);
    expect((await deleted.next()).type).toBe(EventType.NODE_DELETED);
    await settle();
    expect(created.received).toHaveLength(1);
    expect(deleted.received).toHaveLength(1);
  });

  it('fires a child watch once when the child list changes', async () => {
    const inbox = new Inbox<WatchedEvent>();
    expect(await client.getChildren(root, { watch: inbox.push })).toEqual([]);
    await other.create(`${root}/k1`);
    expect(await inbox.next()).toMatchObject({ type: EventType.NODE_CHILDREN_CHANGED, path: root });
    await other.create(`${root}/k2`);
    await settle();
    expect(inbox.received).toHaveLength(1);
  });

  it('fires a persistent watch once per change, for data, children and deletion, until removed', async () => {
    await client.create(`${root}/p`);
    const inbox = new Inbox<WatchedEvent>();
    const handle = await client.addWatch(`${root}/p`, AddWatchMode.PERSISTENT, inbox.push);
    await other.setData(`${root}/p`, '1');
    await other.setData(`${root}/p`, '2');
    await other.create(`${root}/p/kid`);
    await other.delete(`${root}/p/kid`);
    const types = [];
    for (let i = 0; i < 4; i++) types.push((await inbox.next()).type);
    expect(types).toEqual([
      EventType.NODE_DATA_CHANGED,
      EventType.NODE_DATA_CHANGED,
      EventType.NODE_CHILDREN_CHANGED,
      EventType.NODE_CHILDREN_CHANGED,
    ]);
    await handle.remove();
    expect((await inbox.next()).type).toBe(EventType.PERSISTENT_WATCH_REMOVED);
    await other.setData(`${root}/p`, '3');
    await settle();
    expect(inbox.received).toHaveLength(5);
  });

  it('fires a recursive watch once per change anywhere below, without child-list events', async () => {
    const inbox = new Inbox<WatchedEvent>();
    await client.addWatch(root, AddWatchMode.PERSISTENT_RECURSIVE, inbox.push);
    await other.create(`${root}/a`);
    await other.create(`${root}/a/b`, 'x');
    await other.setData(`${root}/a/b`, 'y');
    await other.delete(`${root}/a/b`);
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const event = await inbox.next();
      seen.push([event.type, event.path]);
    }
    expect(seen).toEqual([
      [EventType.NODE_CREATED, `${root}/a`],
      [EventType.NODE_CREATED, `${root}/a/b`],
      [EventType.NODE_DATA_CHANGED, `${root}/a/b`],
      [EventType.NODE_DELETED, `${root}/a/b`],
    ]);
    await settle();
    expect(inbox.received).toHaveLength(4);
    await client.removeWatches(root, WatcherType.ANY);
  });

  it('keeps a persistent watch when a one-shot watch is set on the same node (one watch mode per path before 3.9)', async () => {
    await client.create(`${root}/rec`);
    await client.create(`${root}/per`);
    const recursive = new Inbox<WatchedEvent>();
    const persistent = new Inbox<WatchedEvent>();
    const oneShotData = new Inbox<WatchedEvent>();
    const oneShotChildren = new Inbox<WatchedEvent>();
    await client.addWatch(`${root}/rec`, AddWatchMode.PERSISTENT_RECURSIVE, recursive.push);
    await client.addWatch(`${root}/per`, AddWatchMode.PERSISTENT, persistent.push);
    await client.getData(`${root}/rec`, { watch: oneShotData.push });
    await client.getChildren(`${root}/per`, { watch: oneShotChildren.push });
    await other.setData(`${root}/rec`, '1');
    await other.create(`${root}/rec/kid`);
    await other.create(`${root}/per/kid`);
    await other.setData(`${root}/per`, '1');
    expect((await oneShotData.next()).type).toBe(EventType.NODE_DATA_CHANGED);
    expect((await oneShotChildren.next()).type).toBe(EventType.NODE_CHILDREN_CHANGED);
    expect((await recursive.next()).type).toBe(EventType.NODE_DATA_CHANGED);
    expect((await recursive.next()).type).toBe(EventType.NODE_CREATED);
    expect((await persistent.next()).type).toBe(EventType.NODE_CHILDREN_CHANGED);
    expect((await persistent.next()).type).toBe(EventType.NODE_DATA_CHANGED);
    await settle();
    const counts = [oneShotData, oneShotChildren, recursive, persistent].map((inbox) => inbox.received.length);
    expect(counts).toEqual([1, 1, 2, 2]);

    // Removing the one-shot kind leaves the persistent watch in place.
    await client.getData(`${root}/rec`, { watch: oneShotData.push });
    await client.removeWatches(`${root}/rec`, WatcherType.DATA);
    expect((await oneShotData.next()).type).toBe(EventType.DATA_WATCH_REMOVED);
    await other.setData(`${root}/rec/kid`, 'still watched');
    expect(await recursive.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: `${root}/rec/kid` });
    await client.removeWatches(`${root}/rec`, WatcherType.ANY);
    await client.removeWatches(`${root}/per`, WatcherType.ANY);
  });

  it('delivers one event to every listener watching the same node', async () => {
    await client.create(`${root}/shared`);
    const first = new Inbox<WatchedEvent>();
    const second = new Inbox<WatchedEvent>();
    await client.getData(`${root}/shared`, { watch: first.push });
    await client.exists(`${root}/shared`, { watch: second.push });
    await other.setData(`${root}/shared`, 'x');
    expect((await first.next()).type).toBe(EventType.NODE_DATA_CHANGED);
    expect((await second.next()).type).toBe(EventType.NODE_DATA_CHANGED);
  });

  it('removes watches from the server and tells the removed listeners', async () => {
    await client.create(`${root}/r`);
    const data = new Inbox<WatchedEvent>();
    const children = new Inbox<WatchedEvent>();
    await client.getData(`${root}/r`, { watch: data.push });
    await client.getChildren(`${root}/r`, { watch: children.push });
    await client.removeWatches(`${root}/r`, WatcherType.DATA);
    expect((await data.next()).type).toBe(EventType.DATA_WATCH_REMOVED);
    await expect(client.removeWatches(`${root}/r`, WatcherType.DATA)).rejects.toBeInstanceOf(NoWatcherError);
    await other.setData(`${root}/r`, 'changed');
    await other.create(`${root}/r/kid`);
    expect((await children.next()).type).toBe(EventType.NODE_CHILDREN_CHANGED);
    await settle();
    expect(data.received).toHaveLength(1);
  });
});

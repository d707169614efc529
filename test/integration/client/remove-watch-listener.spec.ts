import { NoWatcherError, WatcherType, ZooKeeperClient, type WatchedEvent } from '../../../lib/client';
import { ChildrenWatch, DataWatch } from '../../../lib/recipes';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox } from './support';

jest.setTimeout(30000);

/** Whether the server holds a watch of `client`'s session on `path` (the `wchp` four-letter word: path, then sessions). */
async function serverWatches(client: ZooKeeperClient, path: string): Promise<boolean> {
  const text = await client.fourLetterWord('wchp');
  const session = `0x${client.sessionId.toString(16)}`;
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('/')) current = line.trim();
    else if (current === path && line.trim() === session) return true;
  }
  return false;
}

/**
 * Whether the server holds a child watch of `client`'s session on `path` (`wchp` lists data watches only): asks the
 * server to remove one, which fails with NoWatcher when there is none. Destructive: use it where none should be left.
 */
async function serverChildWatch(client: ZooKeeperClient, path: string): Promise<boolean> {
  const send = (client as unknown as { sendRemoveWatches(s: string, p: string, t: WatcherType): Promise<void> })
    .sendRemoveWatches;
  try {
    await send.call(client, path, path, WatcherType.CHILDREN);
    return true;
  } catch (error) {
    if (error instanceof NoWatcherError) return false;
    throw error;
  }
}

describe('removeWatchListener (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  afterAll(() => clients.closeAll());

  it('removes one listener; the server watch goes only with the last one', async () => {
    const client = await clients.connect();
    const path = uniquePath('remove-one');
    await client.create(path, 'a');
    const first = new Inbox<WatchedEvent>();
    const second = new Inbox<WatchedEvent>();
    await client.getData(path, { watch: first.push });
    await client.exists(path, { watch: second.push });
    expect(await serverWatches(client, path)).toBe(true);

    await client.removeWatchListener(path, WatcherType.DATA, first.push);
    expect(await serverWatches(client, path)).toBe(true);
    await client.setData(path, 'b');
    expect((await second.next()).path).toBe(path);
    expect(first.received).toEqual([]);

    await client.getData(path, { watch: first.push });
    await client.removeWatchListener(path, WatcherType.DATA, first.push);
    expect(await serverWatches(client, path)).toBe(false);
    // Removing a listener that is not there is a no-op.
    await client.removeWatchListener(path, WatcherType.DATA, first.push);
    await client.delete(path);
  });

  it('removes a child watch, and a listener whose request is still in flight', async () => {
    const client = await clients.connect();
    const path = uniquePath('remove-children');
    await client.create(path);
    const listener = jest.fn();
    await client.getChildren(path, { watch: listener });
    await client.removeWatchListener(path, WatcherType.CHILDREN, listener);
    expect(await serverChildWatch(client, path)).toBe(false);
    // The probe itself finds a child watch that is there.
    await client.getChildren(path, { watch: () => undefined });
    expect(await serverChildWatch(client, path)).toBe(true);

    const inFlight = client.getData(path, { watch: listener });
    await client.removeWatchListener(path, WatcherType.DATA, listener);
    await inFlight;
    expect(await serverWatches(client, path)).toBe(false);
    await client.create(`${path}/c`);
    await client.setData(path, 'x');
    // A later watch by another listener fires, the removed one never did.
    const later = new Inbox<WatchedEvent>();
    await client.getData(path, { watch: later.push });
    await client.setData(path, 'y');
    await later.next();
    expect(listener).not.toHaveBeenCalled();
    await client.delete(path, { recursive: true });
  });

  it('DataWatch.stop() and ChildrenWatch.stop() leave no watch on the server', async () => {
    const client = await clients.connect();
    const path = uniquePath('recipe-watch-stop');
    await client.create(path, 'v');
    const data = new DataWatch(client, path, () => undefined);
    await data.ready;
    expect(await serverWatches(client, path)).toBe(true);
    data.stop();
    await data.done;
    // The removal is sent after stop(): a round trip on the same connection is answered after it.
    await client.sync(path);
    expect(await serverWatches(client, path)).toBe(false);
    const children = new ChildrenWatch(client, path, () => undefined);
    await children.ready;
    children.stop();
    await children.done;
    await client.sync(path);
    expect(await serverChildWatch(client, path)).toBe(false);
    // A watch on a missing node (an exists watch) is removed too.
    const missing = `${path}-missing`;
    const onMissing = new DataWatch(client, missing, () => undefined);
    await onMissing.ready;
    expect(await serverWatches(client, missing)).toBe(true);
    onMissing.stop();
    await client.sync(path);
    expect(await serverWatches(client, missing)).toBe(false);
    await client.delete(path);
  });
});

import { WatcherType, type WatchedEvent } from '../../../lib/client';
import { ChildrenWatch, DataWatch } from '../../../lib/recipes';
import { hasChildWatch, hasDataWatch } from '../../support/server-watches';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox } from './support';

jest.setTimeout(30000);

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
    expect(await hasDataWatch(client, path)).toBe(true);

    await client.removeWatchListener(path, WatcherType.DATA, first.push);
    expect(await hasDataWatch(client, path)).toBe(true);
    await client.setData(path, 'b');
    expect((await second.next()).path).toBe(path);
    expect(first.received).toEqual([]);

    await client.getData(path, { watch: first.push });
    await client.removeWatchListener(path, WatcherType.DATA, first.push);
    expect(await hasDataWatch(client, path)).toBe(false);
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
    expect(await hasChildWatch(client, path)).toBe(false);
    // The probe itself finds a child watch that is there.
    await client.getChildren(path, { watch: () => undefined });
    expect(await hasChildWatch(client, path)).toBe(true);

    const inFlight = client.getData(path, { watch: listener });
    await client.removeWatchListener(path, WatcherType.DATA, listener);
    await inFlight;
    expect(await hasDataWatch(client, path)).toBe(false);
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
    expect(await hasDataWatch(client, path)).toBe(true);
    data.stop();
    await data.done;
    // The removal is sent after stop(): a round trip on the same connection is answered after it.
    await client.sync(path);
    expect(await hasDataWatch(client, path)).toBe(false);
    const children = new ChildrenWatch(client, path, () => undefined);
    await children.ready;
    children.stop();
    await children.done;
    await client.sync(path);
    expect(await hasChildWatch(client, path)).toBe(false);
    // A watch on a missing node (an exists watch) is removed too.
    const missing = `${path}-missing`;
    const onMissing = new DataWatch(client, missing, () => undefined);
    await onMissing.ready;
    expect(await hasDataWatch(client, missing)).toBe(true);
    onMissing.stop();
    await client.sync(path);
    expect(await hasDataWatch(client, missing)).toBe(false);
    await client.delete(path);
  });
});

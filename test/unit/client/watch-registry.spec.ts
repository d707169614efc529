import { OpCode } from '../../../lib/protocol/op-codes';
import { EventType, KeeperState } from '../../../lib/protocol/watch-events';
import { silentLogger } from '../../../lib/client/logger';
import { Chroot } from '../../../lib/client/paths';
import { WatchKind } from '../../../lib/client/watch-kind';
import { WatchRegistry, type WatchedEvent } from '../../../lib/client/watch-registry';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(chroot = ''): {
  registry: WatchRegistry;
  fired: Record<string, WatchedEvent[]>;
  listener(name: string): (e: WatchedEvent) => void;
} {
  const registry = new WatchRegistry(new Chroot(chroot), silentLogger, {} as never);
  const fired: Record<string, WatchedEvent[]> = {};
  const listener = (name: string) => (event: WatchedEvent) => (fired[name] ??= []).push(event);
  return { registry, fired, listener };
}

describe('WatchRegistry', () => {
  it('fires and drops one-shot watches by event type as Java does', async () => {
    const { registry, fired, listener } = setup();
    registry.add(WatchKind.DATA, '/a', listener('data'));
    registry.add(WatchKind.EXIST, '/a', listener('exist'));
    registry.add(WatchKind.CHILD, '/a', listener('child'));
    registry.dispatch({ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/a' });
    registry.dispatch({ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/a' });
    await flush();
    expect(Object.keys(fired).sort()).toEqual(['data', 'exist']);
    expect(fired.data).toHaveLength(1);
    registry.dispatch({ type: EventType.NODE_DELETED, state: 3, path: '/a' });
    await flush();
    expect(fired.child).toEqual([{ type: EventType.NODE_DELETED, state: 3, path: '/a' }]);
    expect(registry.isEmpty).toBe(true);
  });

  it('holds one listener per path and kind once, and several side by side', async () => {
    const { registry, fired, listener } = setup();
    const first = listener('first');
    const second = listener('second');
    registry.add(WatchKind.DATA, '/a', first);
    registry.add(WatchKind.DATA, '/a', first);
    expect(registry.remove(WatchKind.DATA, '/a', second)).toBe(false);
    registry.add(WatchKind.DATA, '/a', second);
    expect(registry.remove(WatchKind.DATA, '/a', first)).toBe(true);
    expect(registry.remove(WatchKind.DATA, '/a', first)).toBe(false);
    registry.add(WatchKind.DATA, '/a', first);
    registry.dispatch({ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/a' });
    await flush();
    expect(fired.first).toHaveLength(1);
    expect(fired.second).toHaveLength(1);
    expect(registry.isEmpty).toBe(true);
    registry.add(WatchKind.CHILD, '/b', first);
    expect(registry.remove(WatchKind.CHILD, '/b', first)).toBe(true);
    expect(registry.isEmpty).toBe(true);
    registry.add(WatchKind.CHILD, '/b', first);
    registry.add(WatchKind.CHILD, '/b', second);
    expect(registry.removeAll([WatchKind.CHILD], '/b').map((r) => r.listener)).toEqual([first, second]);
    expect(registry.isEmpty).toBe(true);
  });

  it('keeps persistent watches and fires recursive ones for descendants, except child-list events', async () => {
    const { registry, fired, listener } = setup();
    registry.add(WatchKind.PERSISTENT, '/p', listener('persistent'));
    registry.add(WatchKind.PERSISTENT_RECURSIVE, '/p', listener('recursive'));
    registry.add(WatchKind.PERSISTENT_RECURSIVE, '/', listener('root'));
    registry.dispatch({ type: EventType.NODE_CHILDREN_CHANGED, state: 3, path: '/p' });
    registry.dispatch({ type: EventType.NODE_CREATED, state: 3, path: '/p/q/r' });
    registry.dispatch({ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/p' });
    await flush();
    expect(fired.persistent.map((e) => e.type)).toEqual([EventType.NODE_CHILDREN_CHANGED, EventType.NODE_DATA_CHANGED]);
    expect(fired.recursive.map((e) => e.path)).toEqual(['/p/q/r', '/p']);
    expect(fired.root).toHaveLength(2);
  });

  it('calls the same listener once per event even when registered under several kinds', async () => {
    const { registry, fired, listener } = setup();
    const both = listener('both');
    registry.add(WatchKind.DATA, '/a', both);
    registry.add(WatchKind.PERSISTENT, '/a', both);
    registry.dispatch({ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/a' });
    await flush();
    expect(fired.both).toHaveLength(1);
  });

  it('strips the chroot from event paths, and delivers after the current work, isolating throwing listeners', async () => {
    const { registry, fired, listener } = setup('/app');
    registry.add(WatchKind.DATA, '/app/x', () => {
      throw new Error('listener bug');
    });
    registry.add(WatchKind.DATA, '/app/x', listener('ok'));
    registry.dispatch({ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/app/x' });
    expect(fired.ok).toBeUndefined();
    await flush();
    expect(fired.ok).toEqual([{ type: EventType.NODE_DATA_CHANGED, state: 3, path: '/x' }]);
  });

  it('tells every watcher EXPIRED once on expiry and forgets them', async () => {
    const { registry, fired, listener } = setup();
    registry.add(WatchKind.DATA, '/a', listener('a'));
    registry.add(WatchKind.CHILD, '/b', listener('b'));
    registry.expire();
    registry.expire();
    await flush();
    expect(fired.a).toEqual([{ type: EventType.NONE, state: KeeperState.EXPIRED, path: '' }]);
    expect(fired.b).toHaveLength(1);
    expect(registry.isEmpty).toBe(true);
  });

  it('re-registers with SetWatches, or SetWatches2 when persistent watches exist, in batches of 128 KB of paths', () => {
    const { registry, listener } = setup();
    expect(registry.setWatchesRequests(5n)).toEqual([]);
    registry.add(WatchKind.DATA, '/d', listener('d'));
    registry.add(WatchKind.EXIST, '/e', listener('e'));
    registry.add(WatchKind.CHILD, '/c', listener('c'));
    expect(registry.setWatchesRequests(5n)).toEqual([
      {
        op: OpCode.SET_WATCHES,
        record: { relativeZxid: 5n, dataWatches: ['/d'], existWatches: ['/e'], childWatches: ['/c'] },
      },
    ]);
    registry.add(WatchKind.PERSISTENT_RECURSIVE, '/r', listener('r'));
    const [withPersistent] = registry.setWatchesRequests(6n);
    expect(withPersistent.op).toBe(OpCode.SET_WATCHES2);
    expect(withPersistent.record).toMatchObject({ persistentWatches: [], persistentRecursiveWatches: ['/r'] });

    const many = setup();
    const long = '/'.padEnd(1000, 'x');
    for (let i = 0; i < 400; i++) many.registry.add(WatchKind.DATA, `${long}${i}`, many.listener('x'));
    const batches = many.registry.setWatchesRequests(1n);
    expect(batches.length).toBe(4);
    for (const batch of batches) {
      expect(batch.record.dataWatches.join('').length).toBeLessThanOrEqual(128 * 1024);
    }
    expect(batches.flatMap((b) => b.record.dataWatches)).toHaveLength(400);
  });
});

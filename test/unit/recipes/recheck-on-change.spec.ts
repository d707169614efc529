import { EventEmitter } from 'node:events';
import { ConnectionState, EventType, KeeperState } from '../../../lib/client';
import type { WatchListener, ZooKeeperClient } from '../../../lib/client';
import { Deadline } from '../../../lib/recipes/internal/deadline';
import { recheckOnChange } from '../../../lib/recipes/internal/recheck-on-change';

/** recheckOnChange only listens to the client's 'state' events; the checks below stand in for the reads. */
function fakeClient(): EventEmitter {
  return new EventEmitter();
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('recheckOnChange (the wait loop of Barrier, DoubleBarrier.enter, Queue.take and LockingQueue.get)', () => {
  it('resolves with what the first check found, without waiting, and stops listening', async () => {
    const client = fakeClient();
    const found = await recheckOnChange(client as ZooKeeperClient, { deadline: new Deadline() }, async () => 'x');
    expect(found).toBe('x');
    expect(client.listenerCount('state')).toBe(0);
  });

  it('checks again when its watch hears a node event or a connection is back, not on a session event', async () => {
    const client = fakeClient();
    const watches: WatchListener[] = [];
    const result = recheckOnChange(client as ZooKeeperClient, { deadline: new Deadline() }, async (watch) => {
      watches.push(watch);
      return watches.length === 3 ? 'found' : undefined;
    });
    await settle();
    expect(watches).toHaveLength(1);
    watches[0]({ type: EventType.NONE, state: KeeperState.EXPIRED, path: '' });
    client.emit('state', ConnectionState.SUSPENDED);
    await settle();
    expect(watches).toHaveLength(1);
    client.emit('state', ConnectionState.CONNECTED);
    await settle();
    expect(watches).toHaveLength(2);
    watches[1]({ type: EventType.NODE_CHILDREN_CHANGED, state: KeeperState.SYNC_CONNECTED, path: '/q' });
    expect(await result).toBe('found');
    expect(client.listenerCount('state')).toBe(0);
  });

  it('resolves undefined when the deadline passes first, and a check that throws rejects with its error', async () => {
    const client = fakeClient();
    const never = async (): Promise<undefined> => undefined;
    expect(await recheckOnChange(client as ZooKeeperClient, { deadline: new Deadline(20) }, never)).toBeUndefined();
    const failure = new Error('read failed');
    await expect(
      recheckOnChange(client as ZooKeeperClient, { deadline: new Deadline() }, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    expect(client.listenerCount('state')).toBe(0);
  });

  it("rejects with the signal's reason when it aborts during the wait", async () => {
    const client = fakeClient();
    const controller = new AbortController();
    const reason = new Error('stop');
    const result = recheckOnChange(
      client as ZooKeeperClient,
      { signal: controller.signal, deadline: new Deadline() },
      async () => undefined,
    );
    await settle();
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(client.listenerCount('state')).toBe(0);
  });
});

import { ConnectionLossError, InvalidArgumentError } from '../../../lib/client/errors';
import { ConnectionState } from '../../../lib/client/connection-state';
import { ZooKeeperClient } from '../../../lib/client/zookeeper-client';
import { AddWatchMode, WatcherType } from '../../../lib/protocol/watch-events';

describe('ZooKeeperClient input checks (no server)', () => {
  it.each([
    [{ connectString: '' }, 'connectString'],
    [{ connectString: 'zk:99999' }, 'connectString'],
    [{ connectString: 'zk:2181', sessionTimeoutMs: 0 }, 'sessionTimeoutMs'],
    [{ connectString: 'zk:2181', connectTimeoutMs: 1.5 }, 'connectTimeoutMs'],
    [{ connectString: 'zk:2181', maxPacketBytes: -1 }, 'maxPacketBytes'],
    [{ connectString: 'zk:2181', retry: { maxTries: -5 } }, 'retry'],
    [{ connectString: 'zk:2181', defaultAcl: [] }, 'defaultAcl'],
    [{ connectString: 'zk:2181', session: { id: 1, password: Buffer.alloc(16) } }, 'session'],
    [{ connectString: 'zk:2181', auth: [{ scheme: 'digest', credentials: 5 }] }, 'auth credentials'],
  ])('refuses bad options %j', (options, argument) => {
    expect(() => new ZooKeeperClient(options as never)).toThrow(InvalidArgumentError);
    try {
      new ZooKeeperClient(options as never);
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });

  const client = new ZooKeeperClient({ connectString: '127.0.0.1:1/chroot', maxPacketBytes: 100 });

  it('starts LOST with no session and the chroot of the connect string', () => {
    expect(client.state).toBe(ConnectionState.LOST);
    expect(client.sessionId).toBe(0n);
    expect(client.server).toBeUndefined();
    expect(client.chroot).toBe('/chroot');
  });

  it('rejects bad arguments before anything else, valid ones only for want of a connection', async () => {
    await expect(client.getData('no-slash')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.create('/x', Buffer.alloc(101))).rejects.toThrow(/maxPacketBytes/);
    await expect(client.getData('/x', { watch: 'nope' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.addWatch('/x', 9 as AddWatchMode, () => undefined)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(client.removeWatches('/x', 7 as WatcherType)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.multiRead([{ type: 'setData' as never, path: '/x' }])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(client.fourLetterWord('RUOK')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => client.transaction().check('/x', -2)).toThrow(InvalidArgumentError);
    await expect(client.getData('/x')).rejects.toBeInstanceOf(ConnectionLossError);
  });

  it('honours an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(client.getData('/x', { signal: controller.signal })).rejects.toThrow('cancelled');
  });

  it('checks the signal of calls with nothing to send (empty multiRead, empty transaction) as any other', async () => {
    const reason = new Error('cancelled');
    const controller = new AbortController();
    controller.abort(reason);
    const { signal } = controller;
    // The same rejection as a call that would send something: the signal's reason itself.
    await expect(client.getData('/x', { signal })).rejects.toBe(reason);
    await expect(client.multiRead([], { signal })).rejects.toBe(reason);
    await expect(client.transaction().commit({ signal })).rejects.toBe(reason);
    // A signal that is not an AbortSignal is refused too.
    await expect(client.multiRead([], { signal: {} as never })).rejects.toMatchObject({ argument: 'signal' });
    await expect(client.transaction().commit({ signal: {} as never })).rejects.toMatchObject({ argument: 'signal' });
    // Without a signal (or with a live one) there is still nothing to do.
    expect(await client.multiRead([], { signal: new AbortController().signal })).toEqual([]);
    expect(await client.transaction().commit()).toEqual([]);
  });
});

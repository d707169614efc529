import {
  AuthFailedError,
  ConnectionState,
  EventType,
  KeeperState,
  ZooKeeperClient,
  type WatchedEvent,
} from '../../../lib/client';
import { sharedConnectString, uniquePath } from '../../support/zk';

describe('a refused identity', () => {
  it('ends the session with AuthFailedError, and is not presented again by the next connect()', async () => {
    const client = new ZooKeeperClient({ connectString: sharedConnectString() });
    try {
      await client.connect();
      // The server has no provider for this scheme, so it refuses the identity.
      await expect(client.addAuth('no-such-scheme', 'whatever')).rejects.toBeInstanceOf(AuthFailedError);
      expect(client.state).toBe(ConnectionState.LOST);

      await client.connect();
      expect(client.state).toBe(ConnectionState.CONNECTED);
      expect(await client.exists('/')).not.toBeNull();
      expect((await client.whoAmI()).map((id) => id.scheme)).not.toContain('no-such-scheme');
    } finally {
      await client.close();
    }
  });

  it("drops the lost session's watches (each hears EXPIRED once); the next session does not re-register them", async () => {
    const client = new ZooKeeperClient({ connectString: sharedConnectString() });
    const path = uniquePath('auth-refused-watch');
    try {
      await client.connect();
      await client.create(path, 'v1');
      await client.create(`${path}/child`);
      const events: WatchedEvent[] = [];
      const record = (event: WatchedEvent): void => {
        events.push(event);
      };
      // Each would fire at once if re-registered relative to zxid 0: data and exist watches on a node modified since,
      // a child watch on a node whose children changed since.
      await client.getData(path, { watch: record });
      await client.exists(`${path}/child`, { watch: record });
      await client.getChildren(path, { watch: record });

      await expect(client.addAuth('no-such-scheme', 'whatever')).rejects.toBeInstanceOf(AuthFailedError);
      await client.connect();
      // A round trip on the new session: a notification from re-registered watches would have come before its reply.
      await client.sync(path);
      await client.exists(path);

      expect(events).toEqual([{ type: EventType.NONE, state: KeeperState.EXPIRED, path: '' }]);
    } finally {
      await client.delete(path, { recursive: true }).catch(() => undefined);
      await client.close();
    }
  });
});

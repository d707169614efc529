import { AuthFailedError, ConnectionState, ZooKeeperClient } from '../../../lib/client';
import { sharedConnectString } from '../../support/zk';

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
});

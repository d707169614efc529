import { ReconfigDisabledError, InvalidArgumentError } from '../../../lib/client';
import { sharedConnectString } from '../../support/zk';
import { Clients } from './support';

describe('getConfig and reconfig on a standalone server', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  afterAll(() => clients.closeAll());

  it('reads /zookeeper/config outside the chroot: a standalone server has no members', async () => {
    const client = await clients.connect({ connectString: `${sharedConnectString()}/some/chroot` });
    const config = await client.getConfig();
    expect(config.members).toEqual([]);
    expect(config.raw).toBe('');
  });

  it('refuses reconfig where it is disabled, and bad changes before sending anything', async () => {
    const client = await clients.connect();
    await expect(client.reconfig({ leaving: [3] })).rejects.toBeInstanceOf(ReconfigDisabledError);
    await expect(client.reconfig({})).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.reconfig({ joining: 'not-a-spec' })).rejects.toThrow(/joining/);
    await expect(client.reconfig({ members: ['server.1=a:1:2;3'], leaving: 2 })).rejects.toThrow(/either members/);
    await expect(client.reconfig({ leaving: 'x' as unknown as number })).rejects.toThrow(/leaving/);
  });

  it('keeps its session when the server list is replaced by one that still holds its server', async () => {
    const client = await clients.connect();
    const sessionId = client.sessionId;
    expect(client.updateServerList(`${sharedConnectString()},127.0.0.1:1`)).toEqual(expect.any(Boolean));
    expect(client.servers.sort()).toEqual([sharedConnectString(), '127.0.0.1:1'].sort());
    // Whether it moved or not, the session goes on (a move dials the listed servers until one answers).
    await client.exists('/');
    expect(client.sessionId).toBe(sessionId);
  });
});

import {
  BadVersionError,
  EventType,
  InvalidArgumentError,
  KeeperState,
  NoAuthError,
  ReconfigDisabledError,
  type WatchedEvent,
} from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { sharedConnectString } from '../../support/zk';
import { Clients, Inbox } from './support';

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

describe('getConfig and reconfig on a reconfig ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = new Clients(() => ({ connectString: cluster.connectString }));

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3, reconfig: true });
  });
  afterAll(async () => {
    await clients.closeAll();
    await cluster?.stop();
  });

  it('lists the members with their client addresses, and watches the config from under a chroot', async () => {
    const root = await clients.connect();
    await root.create('/tenant');
    const tenant = await clients.connect({ connectString: `${cluster.connectString}/tenant` });
    const changed = new Inbox<WatchedEvent>();
    const config = await tenant.getConfig({ watch: changed.push });
    expect(config.members.map((member) => member.id)).toEqual([1, 2, 3]);
    expect(config.members.map((member) => member.clientAddress).sort()).toEqual(
      cluster.servers.map((server) => server.connectString).sort(),
    );
    expect(config.members.every((member) => member.role === 'participant')).toBe(true);
    expect(config.version).toBe(config.stat.mzxid);

    // A bulk reconfig to the same members, conditional on the version read: a new version, and the watch fires.
    const admin = await clients.connect({ auth: [cluster.superAuth as { scheme: string; credentials: string }] });
    const next = await admin.reconfig({
      members: config.members.map((member) => member.spec),
      fromConfig: config.version,
    });
    expect(next.version).toBeGreaterThan(config.version);
    expect(next.members.map((member) => member.id)).toEqual([1, 2, 3]);
    expect(await changed.next()).toEqual({
      type: EventType.NODE_DATA_CHANGED,
      state: KeeperState.SYNC_CONNECTED,
      path: '/zookeeper/config',
    });

    // The version it was read at is stale now; and only the super user may change the membership.
    await expect(
      admin.reconfig({ members: next.members.map((m) => m.spec), fromConfig: config.version }),
    ).rejects.toBeInstanceOf(BadVersionError);
    await expect(root.reconfig({ members: next.members.map((m) => m.spec) })).rejects.toBeInstanceOf(NoAuthError);
    await root.delete('/tenant');
  });
});

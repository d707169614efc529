import { NoAuthError, ZooKeeperClient, type EnsembleConfig } from '../../../lib/client';
import {
  ZookeeperTestCluster,
  ZkTestingError,
  type ZookeeperTestClusterHandle,
  type ZookeeperTestServer,
} from '../../../lib/testing';

// One ensemble for the whole file: the tests run in order, each changing the membership the previous one left.
describe('ZookeeperTestCluster with reconfig: true (local backend)', () => {
  let cluster: ZookeeperTestClusterHandle;
  let participant: ZookeeperTestServer;
  let observer: ZookeeperTestServer;
  const clients: ZooKeeperClient[] = [];

  async function connectedTo(connectString: string, asSuperUser = false): Promise<ZooKeeperClient> {
    const auth = asSuperUser && cluster.superAuth ? [cluster.superAuth] : [];
    const client = new ZooKeeperClient({ connectString, auth });
    clients.push(client);
    await client.connect();
    return client;
  }

  /** The committed config, read through a member after a sync (the server a client is on may lag). */
  async function committedConfig(): Promise<EnsembleConfig> {
    const client = await connectedTo(cluster.connectString);
    await client.sync('/');
    return client.getConfig();
  }

  const readThrough = async (server: ZookeeperTestServer, path: string): Promise<string> =>
    (await (await connectedTo(server.connectString)).getData(path)).data.toString();

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3, backend: 'local', reconfig: true });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => cluster?.stop());

  it('starts members whose /zookeeper/config entries carry their client addresses, changeable by the superuser', async () => {
    const config = await committedConfig();
    expect(config.members.map((member) => member.id)).toEqual([1, 2, 3]);
    for (const server of cluster.servers) {
      const member = config.members.find((candidate) => candidate.id === server.id);
      expect(member?.role).toBe('participant');
      expect(member?.spec).toMatch(
        new RegExp(
          `^server\\.${server.id}=127\\.0\\.0\\.1:\\d+:\\d+:participant;127\\.0\\.0\\.1:${server.clientPort}$`,
        ),
      );
      expect(member?.clientAddress).toBe(server.connectString);
    }
    expect(cluster.superAuth).toEqual({ scheme: 'digest', credentials: expect.stringMatching(/^super:.+/) });

    // Removing an id that is no member passes every check but the ACL: the outcome shows whose session may write.
    const anonymous = await connectedTo(cluster.connectString);
    await expect(anonymous.reconfig({ leaving: [99] })).rejects.toBeInstanceOf(NoAuthError);
    const admin = await connectedTo(cluster.connectString, true);
    const unchanged = await admin.reconfig({ leaving: [99] });
    expect(unchanged.members.map((member) => member.id)).toEqual([1, 2, 3]);
  });

  it('grows by a participant and an observer that serve the data written before they joined', async () => {
    const writer = await connectedTo(cluster.connectString);
    await writer.create('/written-before', 'hello');

    participant = await cluster.addServer();
    observer = await cluster.addServer({ role: 'observer' });

    expect([participant.id, observer.id]).toEqual([4, 5]);
    expect(cluster.servers.map((server) => server.id)).toEqual([1, 2, 3, 4, 5]);
    expect(cluster.connectString.split(',')).toEqual(cluster.servers.map((server) => server.connectString));
    const config = await committedConfig();
    expect(config.members.map((member) => [member.id, member.role, member.clientAddress])).toEqual([
      ...[1, 2, 3].map((id) => [id, 'participant', cluster.servers[id - 1].connectString]),
      [4, 'participant', participant.connectString],
      [5, 'observer', observer.connectString],
    ]);
    expect(await participant.mode()).toBe('follower');
    expect(await observer.mode()).toBe('observer');
    expect(await readThrough(participant, '/written-before')).toBe('hello');
    expect(await readThrough(observer, '/written-before')).toBe('hello');
  });

  it('shrinks by two original members, the leader among them, and stops them', async () => {
    const originals = cluster.servers.filter((server) => server.id <= 3);
    const modes = await Promise.all(originals.map((server) => server.mode()));
    const leader = originals[modes.indexOf('leader')];
    const follower = originals.find((server) => server !== leader);
    if (leader === undefined || follower === undefined)
      throw new Error(`no leader among the originals: ${modes.join(', ')}`);

    // Between leaving the config and being stopped, the server still serves, outside `servers`.
    const seenBeforeStop: string[] = [];
    await cluster.removeServer(leader, {
      beforeStop: async () => {
        const members = (await committedConfig()).members.map((member) => member.id);
        seenBeforeStop.push(`${members.includes(leader.id)} ${leader.running} ${cluster.servers.includes(leader)}`);
      },
    });
    await cluster.removeServer(follower.id);

    expect(seenBeforeStop).toEqual(['false true false']);

    expect(leader.running).toBe(false);
    expect(follower.running).toBe(false);
    const staying = [1, 2, 3].filter((id) => id !== leader.id && id !== follower.id).concat([4, 5]);
    expect(cluster.servers.map((server) => server.id)).toEqual(staying);
    expect(cluster.connectString.split(',')).toEqual(cluster.servers.map((server) => server.connectString));
    const config = await committedConfig();
    expect(config.members.map((member) => member.id)).toEqual(staying);
    const stayingModes = await Promise.all(cluster.servers.map((server) => server.mode()));
    expect(stayingModes.filter((mode) => mode === 'leader')).toHaveLength(1);
    expect(stayingModes[stayingModes.length - 1]).toBe('observer');
    for (const server of cluster.servers) expect(await readThrough(server, '/written-before')).toBe('hello');
    await expect(cluster.removeServer(leader)).rejects.toBeInstanceOf(ZkTestingError);
  });

  it('restarts a member from the membership ZooKeeper rewrote into its files', async () => {
    await observer.restart();
    expect(await observer.mode()).toBe('observer');
    const writer = await connectedTo(participant.connectString);
    await writer.setData('/written-before', 'after the restart');
    const reader = await connectedTo(observer.connectString);
    await reader.sync('/written-before');
    expect((await reader.getData('/written-before')).data.toString()).toBe('after the restart');
  });
});

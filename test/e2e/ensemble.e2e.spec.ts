import type { TestingModule } from '@nestjs/testing';
import { ZooKeeperClient } from '../../lib/client';
import { ZookeeperModule, ZookeeperStatusService } from '../../lib/nest';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../lib/testing';
import { waitFor } from '../support/wait-for';
import { startApp } from './src/start-app';

jest.setTimeout(120_000);

describe('ZookeeperModule with followEnsemble on a reconfig ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  let app: TestingModule | undefined;

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3, reconfig: true });
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });

  it('passes the option to the client and shows the member the session is on', async () => {
    app = await startApp({
      withDefaultClient: false,
      imports: [ZookeeperModule.forRoot({ connectString: cluster.connectString, followEnsemble: true })],
    });
    const client = app.get(ZooKeeperClient);
    const status = app.get(ZookeeperStatusService);
    const member = await waitFor('the member to be known', () => status.status().member);
    const server = cluster.servers.find((candidate) => candidate.connectString === client.server);
    expect(member).toEqual({ id: server?.id, role: 'participant' });

    const added = await cluster.addServer();
    await waitFor('the client to follow the new member', () => client.servers.includes(added.connectString));
    expect(client.servers.sort()).toEqual(cluster.servers.map((s) => s.connectString).sort());
    // Wherever the session is now, the status names that member.
    await waitFor('the status to name the current member', () => {
      const now = status.status();
      const on = cluster.servers.find((candidate) => candidate.connectString === now.server);
      return on !== undefined && now.member?.id === on.id;
    });
  });
});

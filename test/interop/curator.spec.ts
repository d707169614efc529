import { Lock } from '../../lib/recipes';
import { ZookeeperTestCluster } from '../../lib/testing';
import { RecipeClients } from '../integration/recipes/recipe-clients';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { markerRounds } from './support/marker-rounds';
import { PeerProcess } from './support/peer-process';
import { compileCuratorPeer, curatorProblem } from './support/peer-runtimes';
import type { CompiledCuratorPeer } from './support/peer-runtimes';

// javac and a JVM start slowly on a busy CI machine; this is a hang guard, not a speed limit.
jest.setTimeout(120_000);

const problem = curatorProblem();
if (problem !== undefined) console.warn(`Curator interop tests skipped: ${problem}`);

(problem === undefined ? describe : describe.skip)('interop with Apache Curator (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  const peers: PeerProcess[] = [];
  let compiled: CompiledCuratorPeer;
  beforeAll(() => {
    compiled = compileCuratorPeer();
  });
  afterAll(() => compiled?.dispose());
  const curatorOn = (connectString: string, mode: string, ...args: string[]): PeerProcess => {
    const peer = PeerProcess.start(compiled.command, compiled.args(mode, connectString, ...args));
    peers.push(peer);
    return peer;
  };
  const curator = (mode: string, ...args: string[]): PeerProcess => curatorOn(sharedConnectString(), mode, ...args);
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.stop()));
    await clients.closeAll();
  });

  it("Curator InterProcessMutex and our flavor:'curator' Lock exclude each other over many rounds", async () => {
    const path = uniquePath('curator-mutex');
    const marker = `${path}-inside`;
    const [a, b] = await clients.connectMany(2);
    const peer = curator('mutex-rounds', path, marker, '20');
    await peer.waitForLine(/^READY$/);
    const ours = await Promise.all(
      [a, b].map((client) => markerRounds(client, new Lock(client, path, { flavor: 'curator' }), marker, 20)),
    );
    const report = await peer.waitForLine(/^DONE /);
    await peer.exitCode();
    expect(ours).toEqual([0, 0]);
    expect(report).toBe('DONE 0');
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('Curator and we wait for each other in both orders, and see each other as contenders', async () => {
    const path = uniquePath('curator-mutex-order');
    const [a] = await clients.connectMany(1);
    const peer = curator('mutex-hold', path);
    await peer.waitForLine(/^ACQUIRED$/);
    const [curatorNode] = await a.getChildren(path);
    expect(curatorNode).toMatch(/^_c_[0-9a-f-]{36}-lock-\d{10}$/);
    const ours = new Lock(a, path, { flavor: 'curator', identifier: 'ours' });
    expect(await ours.acquire({ timeoutMs: 0 })).toBe(false);
    const acquiring = ours.acquire();
    await waitFor('our node queued behind Curator', async () => (await a.getChildren(path)).length === 2);
    peer.send('release');
    expect(await acquiring).toBe(true);
    await peer.waitForLine(/^WAITING$/);
    await waitFor('Curator queued behind us', async () => (await a.getChildren(path)).length === 2);
    expect(peer.count('ACQUIRED')).toBe(1);
    await ours.release();
    await peer.waitForLine(/^ACQUIRED$/, 2);
    await peer.exitCode();
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('a lock parent that Curator created as a container and the server reaped does not make our tokens repeat', async () => {
    // The server looks for empty containers every 200 ms instead of every minute.
    const cluster = await ZookeeperTestCluster.start({
      size: 1,
      local: { jvmArgs: ['-Dznode.container.checkIntervalMs=200'] },
    });
    try {
      const client = await clients.connect({ connectString: cluster.connectString });
      const path = `${uniquePath('reaped')}/lock`;
      const held: { token: bigint; sequence: number }[] = [];
      for (let round = 0; round < 3; round++) {
        const peer = curatorOn(cluster.connectString, 'mutex-hold', path);
        await peer.waitForLine(/^ACQUIRED$/);
        const ours = new Lock(client, path, { flavor: 'curator' });
        const acquiring = ours.acquire();
        await waitFor('our node queued behind Curator', async () => (await client.getChildren(path)).length === 2);
        peer.send('release');
        expect(await acquiring).toBe(true);
        held.push({ token: ours.fencingToken as bigint, sequence: ours.sequence as number });
        await ours.release();
        await peer.waitForLine(/^ACQUIRED$/, 2);
        await peer.exitCode();
        await waitFor('the server to reap the empty container', async () => (await client.exists(path)) === null);
      }
      // The parent was new each round, so the sequence numbers repeat; the tokens do not.
      expect(held.map((h) => h.sequence)).toEqual([1, 1, 1]);
      expect(held[1].token > held[0].token && held[2].token > held[1].token).toBe(true);
    } finally {
      await clients.closeAll();
      await cluster.stop();
    }
  });
});

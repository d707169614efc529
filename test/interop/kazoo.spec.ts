import { Counter, Election, Lock, Party } from '../../lib/recipes';
import { RecipeClients } from '../integration/recipes/recipe-clients';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { markerRounds } from './support/marker-rounds';
import { PeerProcess } from './support/peer-process';
import { KAZOO_PEER, PYTHON, kazooProblem } from './support/peer-runtimes';

// Python peers start slowly on a busy CI machine; this is a hang guard, not a speed limit.
jest.setTimeout(120_000);

const problem = kazooProblem();
if (problem !== undefined) console.warn(`kazoo interop tests skipped: ${problem}`);

(problem === undefined ? describe : describe.skip)('interop with kazoo (python3-kazoo, real ZooKeeper)', () => {
  const clients = new RecipeClients();
  const peers: PeerProcess[] = [];
  const kazoo = (command: string, ...args: string[]): PeerProcess => {
    const peer = PeerProcess.start(PYTHON, [KAZOO_PEER, command, sharedConnectString(), ...args]);
    peers.push(peer);
    return peer;
  };
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.stop()));
    await clients.closeAll();
  });

  for (const flavor of ['kazoo', 'curator'] as const) {
    it(`kazoo Lock and our ${flavor}-flavored Lock exclude each other over many rounds`, async () => {
      const path = uniquePath(`kazoo-lock-${flavor}`);
      const marker = `${path}-inside`;
      const [a, b] = await clients.connectMany(2);
      // kazoo recognises Curator-named contenders only when told to, with extra_lock_patterns.
      const peer = kazoo('lock-rounds', path, marker, '15', flavor === 'curator' ? '-lock-' : '');
      await peer.waitForLine(/^READY$/);
      const ours = await Promise.all(
        [a, b].map((client) => markerRounds(client, new Lock(client, path, { flavor }), marker, 15)),
      );
      const kazooReport = await peer.waitForLine(/^DONE /);
      await peer.exitCode();
      expect(ours).toEqual([0, 0]);
      expect(kazooReport).toBe('DONE 0');
      expect(await a.getChildren(path)).toEqual([]);
    });
  }

  it('kazoo Lock and ours exclude each other in both orders', async () => {
    const path = uniquePath('kazoo-lock-order');
    const [a] = await clients.connectMany(1);
    const peer = kazoo('lock-hold', path);
    await peer.waitForLine(/^ACQUIRED$/);
    const ours = new Lock(a, path, { identifier: 'ours' });
    expect(await ours.acquire({ timeoutMs: 0 })).toBe(false);
    expect(await ours.contenders()).toEqual(['kazoo-holder']);
    const acquiring = ours.acquire();
    await waitFor('our node queued behind kazoo', async () => (await ours.contenders()).length === 2);
    expect(ours.isAcquired).toBe(false);
    peer.send('release');
    expect(await acquiring).toBe(true);
    expect(await peer.waitForLine(/^NONBLOCKING /)).toBe('NONBLOCKING False');
    await peer.waitForLine(/^WAITING$/);
    await waitFor('kazoo queued behind us', async () => (await ours.contenders()).length === 2);
    expect(await ours.contenders()).toEqual(['ours', 'kazoo-holder']);
    expect(peer.count('ACQUIRED')).toBe(1);
    await ours.release();
    await peer.waitForLine(/^ACQUIRED$/, 2);
    await peer.exitCode();
    expect(await a.getChildren(path)).toEqual([]);
  });

  it('kazoo Election and ours elect one leader and hand over both ways', async () => {
    const path = uniquePath('kazoo-election');
    const [a] = await clients.connectMany(1);
    const ours = new Election(a, path, { identifier: 'ours' });
    await ours.start();
    await ours.awaitLeadership();
    const peer = kazoo('election', path, 'kazoo');
    await peer.waitForLine(/^CONTENDING$/);
    await waitFor('kazoo queued', async () => (await ours.contenders()).length === 2);
    expect(await ours.contenders()).toEqual(['ours', 'kazoo']);
    expect(peer.count('LEADER')).toBe(0);
    await ours.close();
    await peer.waitForLine(/^LEADER$/);

    const next = new Election(a, path, { identifier: 'ours-again' });
    await next.start();
    await waitFor('ours queued', async () => (await next.contenders()).length === 2);
    expect(await next.contenders()).toEqual(['kazoo', 'ours-again']);
    expect(next.isLeader).toBe(false);
    peer.send('step down');
    await next.awaitLeadership();
    await peer.waitForLine(/^STEPPED_DOWN$/);
    expect(next.isLeader).toBe(true);
    await peer.exitCode();
    await next.close();
  });

  it("kazoo Party sees our members and we see kazoo's", async () => {
    const path = uniquePath('kazoo-party');
    const [a] = await clients.connectMany(1);
    const peer = kazoo('party', path, 'kazoo-member');
    await peer.waitForLine(/^JOINED$/);
    const ours = new Party(a, path, { identifier: 'our-member' });
    await ours.join();
    expect((await ours.members()).sort()).toEqual(['kazoo-member', 'our-member']);
    peer.send('list');
    expect(JSON.parse((await peer.waitForLine(/^MEMBERS /)).slice('MEMBERS '.length))).toEqual([
      'kazoo-member',
      'our-member',
    ]);
    peer.send('leave');
    await peer.waitForLine(/^LEFT$/);
    expect(await ours.members()).toEqual(['our-member']);
    await peer.exitCode();
    await ours.leave();
  });

  for (const [encoding, flag] of [
    ['text', ''],
    ['int32', 'curator'],
  ] as const) {
    it(`kazoo Counter and ours add to one value (${encoding} encoding)`, async () => {
      const path = uniquePath(`kazoo-counter-${encoding}`);
      const [a] = await clients.connectMany(1);
      // We create the node, so kazoo must read what we wrote (empty data, not null).
      const ours = new Counter(a, path, { encoding });
      expect(await ours.get()).toBe(0);
      const peer = kazoo('counter-add', path, '25', flag);
      await peer.waitForLine(/^READY$/);
      for (let i = 0; i < 25; i++) await ours.add(1);
      await peer.waitForLine(/^DONE /);
      await peer.exitCode();
      expect(await ours.get()).toBe(50);
    });
  }
});

import type { ZooKeeperClient } from '../../../lib/client';
import { Lock, ReadLock, WriteLock } from '../../../lib/recipes';
import { ZookeeperTestCluster } from '../../../lib/testing';
import type { ZookeeperTestClusterHandle } from '../../../lib/testing';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

jest.setTimeout(120_000);

/** Acquires and releases once; returns what the holder was given. */
async function acquireOnce(lock: Lock): Promise<{ token: bigint; sequence: number }> {
  return lock.withLock(async () => ({ token: lock.fencingToken as bigint, sequence: lock.sequence as number }));
}

function expectStrictlyIncreasing(tokens: bigint[]): void {
  const out = tokens.filter((token, i) => i > 0 && token <= tokens[i - 1]);
  expect(out).toEqual([]);
}

describe('fencing tokens never repeat', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('grow across deletions of the lock parent, while sequence numbers start again', async () => {
    const [client] = await clients.connectMany(1);
    const path = `${uniquePath('ft')}/lock`;
    const seen: { token: bigint; sequence: number }[] = [];
    for (let round = 0; round < 3; round++) {
      seen.push(await acquireOnce(new Lock(client, path)));
      // An operator's cleanup (or the server reaping a container parent): the next lock node is sequence 0 again.
      await client.delete(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    }
    expect(seen.map((held) => held.sequence)).toEqual([0, 0, 0]);
    expectStrictlyIncreasing(seen.map((held) => held.token));
  });

  it('order read and write lock holders too, and are undefined when not held', async () => {
    const [a, b] = await clients.connectMany(2);
    const path = uniquePath('ft-rw');
    const write = new WriteLock(a, path);
    const reads = [new ReadLock(a, path), new ReadLock(b, path)];
    expect(write.fencingToken).toBeUndefined();
    const first = await acquireOnce(write);
    expect(await Promise.all(reads.map((read) => read.acquire()))).toEqual([true, true]);
    const readTokens = reads.map((read) => read.fencingToken as bigint);
    // Two readers hold at once, each with its own token, both above the writer's before them.
    expect(readTokens[0]).not.toBe(readTokens[1]);
    expect(readTokens.every((token) => token > first.token)).toBe(true);
    await Promise.all(reads.map((read) => read.release()));
    expect(reads[0].fencingToken).toBeUndefined();
    const last = await acquireOnce(write);
    expect(readTokens.every((token) => last.token > token)).toBe(true);
  });
});

describe('fencing tokens on a 3-server ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = new RecipeClients();
  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3 });
  });
  afterAll(async () => {
    await clients.closeAll();
    await cluster?.stop();
  });

  async function leaderIndex(): Promise<number> {
    return waitFor('an elected leader', async () => {
      const modes = await Promise.all(cluster.servers.map((server) => server.mode().catch(() => 'down')));
      const index = modes.indexOf('leader');
      return index >= 0 ? index : undefined;
    });
  }

  it('grow when the leader is killed between acquisitions, after restarts and parent deletion', async () => {
    const client: ZooKeeperClient = await clients.connect({
      connectString: cluster.connectString,
      sessionTimeoutMs: 10_000,
      retry: { maxTries: 20, delayMs: 100, maxJitterMs: 50 },
    });
    const path = `${uniquePath('ft-ensemble')}/lock`;
    const tokens: bigint[] = [(await acquireOnce(new Lock(client, path))).token];

    const killed = cluster.servers[await leaderIndex()];
    await killed.kill();
    await leaderIndex();
    tokens.push((await acquireOnce(new Lock(client, path))).token);

    await killed.start();
    await client.delete(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    tokens.push((await acquireOnce(new Lock(client, path))).token);

    // Every server restarted in turn: the ensemble keeps its log, so zxids go on from where they were.
    for (const server of cluster.servers) await server.restart();
    await leaderIndex();
    tokens.push((await acquireOnce(new Lock(client, path))).token);

    expectStrictlyIncreasing(tokens);
  });
});

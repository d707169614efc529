import { NoWatcherError } from '../../../lib/client/errors';
import type { ZooKeeperClient } from '../../../lib/client/zookeeper-client';
import { WatcherType } from '../../../lib/protocol/watch-events';
import { TreeCache } from '../../../lib/recipes';
import type { TreeCacheNode, TreeCacheWatchMode } from '../../../lib/recipes';
import { FaultProxy } from '../../../lib/testing/fault-proxy';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

/** The server's subtree as `path → data`, read fresh. */
async function serverTree(client: ZooKeeperClient, root: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const visit = async (path: string): Promise<void> => {
    const { data } = await client.getData(path);
    tree.set(path, data.toString());
    for (const child of await client.getChildren(path)) await visit(`${path}/${child}`);
  };
  await visit(root);
  return tree;
}

function cacheTree(cache: TreeCache): Map<string, string> {
  return new Map(cache.paths().map((path) => [path, (cache.get(path) as TreeCacheNode).data.toString()]));
}

/** A small deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Random creates, updates and (leaf) deletes under `root`. */
async function randomChanges(writer: ZooKeeperClient, root: string, count: number, seed: number): Promise<void> {
  const next = random(seed);
  const nodes = [root];
  for (let i = 0; i < count; i++) {
    const roll = next();
    const target = nodes[Math.floor(next() * nodes.length)];
    if (roll < 0.5 || nodes.length < 3) {
      const path = `${target}/n${i}`;
      await writer.create(path, `v${i}`);
      nodes.push(path);
    } else if (roll < 0.8) {
      await writer.setData(target, `u${i}`);
    } else if (target !== root && (await writer.getChildren(target)).length === 0) {
      await writer.delete(target);
      nodes.splice(nodes.indexOf(target), 1);
    }
  }
}

describe('TreeCache (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  for (const watchMode of ['persistent', 'per-node'] as TreeCacheWatchMode[]) {
    it(`${watchMode}: matches the server's tree after random changes, and its events replay to the same tree`, async () => {
      const root = uniquePath(`tree-${watchMode}`);
      const [a, writer] = await clients.connectMany(2);
      await writer.create(root, 'root');
      await writer.create(`${root}/existing`, 'e');
      const cache = new TreeCache(a, root, { watchMode });
      const replay = new Map<string, string>();
      cache.on('nodeAdded', (node: TreeCacheNode) => replay.set(node.path, node.data.toString()));
      cache.on('nodeUpdated', (node: TreeCacheNode) => replay.set(node.path, node.data.toString()));
      cache.on('nodeRemoved', (node: TreeCacheNode) => replay.delete(node.path));
      let initialized = 0;
      cache.on('initialized', () => initialized++);
      await cache.start();
      expect(cache.usesPersistentWatch).toBe(watchMode === 'persistent');
      expect(initialized).toBe(1);
      expect(cacheTree(cache)).toEqual(await serverTree(writer, root));

      await randomChanges(writer, root, 80, watchMode.length);
      const expected = await serverTree(writer, root);
      await waitFor(
        'cache caught up',
        () => JSON.stringify([...cacheTree(cache)].sort()) === JSON.stringify([...expected].sort()),
      );
      expect(cacheTree(cache)).toEqual(expected);
      expect(replay).toEqual(expected);
      expect(cache.getChildren(root)).toEqual([...(await writer.getChildren(root))].sort());

      await writer.delete(root, { recursive: true });
      await waitFor('root removal seen', () => cache.paths().length === 0);
      expect(replay.size).toBe(0);
      await cache.close();
      expect(cache.get(root)).toBeUndefined();
      if (watchMode === 'persistent') {
        // close() removed the persistent watch: the client holds none on the root any more.
        await expect(a.removeWatches(root, WatcherType.ANY, { local: true })).rejects.toBeInstanceOf(NoWatcherError);
      }
    });
  }

  it('persistent: re-reads the tree after a reconnection (the server replays nothing to persistent watches)', async () => {
    const root = uniquePath('tree-reconnect');
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const viaProxy = await clients.connect({ connectString: proxy.connectString });
      const [writer] = await clients.connectMany(1);
      await writer.create(root, 'root');
      const cache = new TreeCache(viaProxy, root);
      await cache.start();
      const states: string[] = [];
      cache.on('connection', (state: string) => states.push(state));
      proxy.stall();
      await randomChanges(writer, root, 30, 7);
      proxy.cut();
      proxy.resume();
      const expected = await serverTree(writer, root);
      await waitFor(
        'cache caught up after reconnect',
        () => JSON.stringify([...cacheTree(cache)].sort()) === JSON.stringify([...expected].sort()),
      );
      expect(cacheTree(cache)).toEqual(expected);
      expect(states).toContain('SUSPENDED');
      expect(states[states.length - 1]).toBe('CONNECTED');
      await cache.close();
    } finally {
      await proxy.close();
    }
  });
});

import { CreateMode, NodeExistsError, UnimplementedError, ZooKeeperClient, joinPath } from './lower-floors';

/**
 * Creates `path` and its missing ancestors as container nodes, as Curator's `creatingParentContainersIfNeeded` does
 * for the discovery's paths (the server deletes an empty container after a while); persistent nodes on a server too
 * old for containers.
 */
export async function ensureContainers(client: ZooKeeperClient, path: string): Promise<void> {
  let prefix = '/';
  let mode = CreateMode.CONTAINER;
  for (const segment of path.slice(1).split('/')) {
    prefix = joinPath(prefix, segment);
    for (;;) {
      try {
        await client.retry(() => client.create(prefix, Buffer.alloc(0), { mode }));
      } catch (error) {
        if (error instanceof UnimplementedError && mode === CreateMode.CONTAINER) {
          mode = CreateMode.PERSISTENT;
          continue;
        }
        if (!(error instanceof NodeExistsError)) throw error;
      }
      break;
    }
  }
}

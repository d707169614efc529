import type { ZooKeeperClient } from './client-api';
import { ignoreNodeExists } from './tolerated-errors';

/**
 * Creates `path` (and its parents) holding `data` unless it exists. Unlike `client.ensurePath`, which stores null
 * data, the node gets real bytes (empty by default) as kazoo's `ensure_path` and Curator's `mkdirs` write: a kazoo
 * Counter reading a null-data node fails (`struct.unpack` of None).
 */
export async function ensureNode(client: ZooKeeperClient, path: string, data: Buffer = Buffer.alloc(0)): Promise<void> {
  if ((await client.retry(() => client.exists(path))) !== null) return;
  const parent = path.slice(0, path.lastIndexOf('/'));
  if (parent !== '') await client.retry(() => client.ensurePath(parent));
  await client.retry(() => client.create(path, data)).catch(ignoreNodeExists);
}

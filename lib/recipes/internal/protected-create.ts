import type { ZooKeeperClient } from './client-api';
import { CreateMode } from './client-api';
import { ignoreNoNode } from './tolerated-errors';

/** What {@link createProtected} writes. */
export interface ProtectedCreateOptions {
  data: Buffer;
  mode: CreateMode;
  signal?: AbortSignal;
}

function isEphemeralMode(mode: CreateMode): boolean {
  return mode === CreateMode.EPHEMERAL || mode === CreateMode.EPHEMERAL_SEQUENTIAL;
}

/** A child made by {@link createProtected}: its name, and the zxid of the transaction that created it. */
export interface ProtectedChild {
  readonly name: string;
  /** The node's `czxid`: grows with every write the ensemble ever commits, whatever happens to the parent. */
  readonly czxid: bigint;
}

/**
 * Creates `parent/prefix` (plus the server's sequence suffix for sequential modes) and returns the child's name and
 * creating zxid (one CREATE2: the Stat comes with the reply, no extra round trip).
 *
 * `prefix` must contain a fresh uuid. A create can be applied by the server while its reply is lost with the
 * connection; a blind retry would then leave an orphan that blocks a lock forever. So every retry first lists `parent`
 * for a child starting with our prefix (Curator's "protected" create, kazoo's `_find_node`) and adopts it only if it is
 * ephemeral to the current session: a node left by an earlier session of ours is deleted instead, because it dies with
 * that session and adopting it would hand us something we are about to lose.
 */
export function createProtected(
  client: ZooKeeperClient,
  parent: string,
  prefix: string,
  options: ProtectedCreateOptions,
): Promise<ProtectedChild> {
  const { data, mode, signal } = options;
  let attempted = false;
  return client.retry(
    async () => {
      if (attempted) {
        const found = await findProtected(client, parent, prefix, { ephemeral: isEphemeralMode(mode), signal });
        if (found !== undefined) return found;
      }
      attempted = true;
      const { path, stat } = await client.createWithStat(`${parent}/${prefix}`, data, { mode, signal });
      return { name: path.slice(path.lastIndexOf('/') + 1), czxid: stat.czxid };
    },
    { signal },
  );
}

/**
 * The child of `parent` whose name starts with `prefix` and that belongs to the current session (any owner when
 * `ephemeral` is false); stale ones of an earlier session are deleted on the way.
 */
export async function findProtected(
  client: ZooKeeperClient,
  parent: string,
  prefix: string,
  options: { ephemeral: boolean; signal?: AbortSignal },
): Promise<ProtectedChild | undefined> {
  const children = await client.getChildren(parent, { signal: options.signal });
  for (const child of children) {
    if (!child.startsWith(prefix)) continue;
    const stat = await client.exists(`${parent}/${child}`, { signal: options.signal });
    if (stat === null) continue;
    if (!options.ephemeral || stat.ephemeralOwner === client.sessionId) return { name: child, czxid: stat.czxid };
    await client.delete(`${parent}/${child}`).catch(ignoreNoNode);
  }
  return undefined;
}

/**
 * Deletes every child of `parent` starting with `prefix`, whoever owns it: the cleanup after a failed or abandoned
 * attempt, which may have created a node whose reply never reached us.
 */
export async function deleteProtected(client: ZooKeeperClient, parent: string, prefix: string): Promise<void> {
  const children = await client
    .retry(() => client.getChildren(parent))
    .catch((error: unknown) => {
      ignoreNoNode(error);
      return [] as string[];
    });
  for (const child of children) {
    if (child.startsWith(prefix)) await client.retry(() => client.delete(`${parent}/${child}`)).catch(ignoreNoNode);
  }
}

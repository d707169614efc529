import { NoWatcherError, WatcherType, type ZooKeeperClient } from '../../lib/client';

/** The paths on which the server holds a data watch of `client`'s session (`wchp`: a path, then its sessions). */
export async function watchedPaths(client: ZooKeeperClient): Promise<Set<string>> {
  const text = await client.fourLetterWord('wchp');
  const session = `0x${client.sessionId.toString(16)}`;
  const paths = new Set<string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('/')) current = line.trim();
    else if (current !== undefined && line.trim() === session) paths.add(current);
  }
  return paths;
}

/** Whether the server holds a data watch of `client`'s session on `path`. */
export async function hasDataWatch(client: ZooKeeperClient, path: string): Promise<boolean> {
  return (await watchedPaths(client)).has(path);
}

/**
 * Whether the server holds a child watch of `client`'s session on `path` (`wchp` lists data watches only): asks the
 * server to remove one, which fails with NoWatcher when there is none. Destructive: use it where none should be left.
 */
export async function hasChildWatch(client: ZooKeeperClient, path: string): Promise<boolean> {
  // The client's own removal request, sent directly (private: reached through the client's watch operations).
  const watchOps = (client as unknown as { watchOps: object }).watchOps;
  const send = (watchOps as { sendRemoveWatches(s: string, p: string, t: WatcherType): Promise<void> })
    .sendRemoveWatches;
  try {
    await send.call(watchOps, path, path, WatcherType.CHILDREN);
    return true;
  } catch (error) {
    if (error instanceof NoWatcherError) return false;
    throw error;
  }
}

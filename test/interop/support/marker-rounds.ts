import { NodeExistsError } from '../../../lib/client/errors';
import { CreateMode } from '../../../lib/protocol/create-mode';
import type { ZooKeeperClient } from '../../../lib/client/zookeeper-client';
import type { Lock } from '../../../lib/recipes';

/**
 * Takes `lock` `rounds` times; inside, claims the ephemeral `marker` node, which another process holding the same lock
 * at the same moment would own. Returns how many times the marker was already taken, i.e. the overlaps seen. The
 * peers (kazoo, Curator) run the same loop, so every overlap is seen by one side or the other.
 */
export async function markerRounds(
  client: ZooKeeperClient,
  lock: Lock,
  marker: string,
  rounds: number,
): Promise<number> {
  let overlaps = 0;
  for (let round = 0; round < rounds; round++) {
    await lock.withLock(async () => {
      try {
        await client.create(marker, 'ours', { mode: CreateMode.EPHEMERAL });
      } catch (error) {
        if (!(error instanceof NodeExistsError)) throw error;
        overlaps++;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      await client.delete(marker);
    });
  }
  return overlaps;
}

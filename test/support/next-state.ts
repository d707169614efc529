import type { ConnectionState, ZooKeeperClient } from '../../lib/client';

/**
 * Resolves on the client's next transition to `wanted` (being in it already does not count). `limitMs` is a hang
 * guard, not an assertion about speed: it rejects naming the state the client is still in.
 */
export function nextState(client: ZooKeeperClient, wanted: ConnectionState, limitMs = 30000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('state', onState);
      reject(new Error(`no ${wanted} within ${limitMs} ms (still ${client.state})`));
    }, limitMs);
    const onState = (state: ConnectionState): void => {
      if (state !== wanted) return;
      clearTimeout(timer);
      client.off('state', onState);
      resolve();
    };
    client.on('state', onState);
  });
}

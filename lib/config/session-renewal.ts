import { sleep } from '../client/abortable-sleep';
import { ConnectionState } from '../client/connection-state';
import type { StateChangeReason } from '../client/connection-state';
import type { ZooKeeperClient } from '../client/zookeeper-client';

/**
 * Opens a new session whenever `client`'s session expires (the client does not by itself), trying again with a
 * back-off from 250 ms to 10 s until it works, the client is closed or the returned function is called.
 */
export function renewSessionsOf(client: ZooKeeperClient): () => void {
  const stopped = new AbortController();
  const renew = async (): Promise<void> => {
    for (let delayMs = 0; ; delayMs = Math.min(10_000, Math.max(250, delayMs * 2))) {
      if (delayMs > 0) await sleep(delayMs, stopped.signal).catch(() => undefined);
      if (stopped.signal.aborted || client.closed || client.state !== ConnectionState.LOST) return;
      try {
        await client.connect();
        return;
      } catch {
        // Tried again after the back-off: the server may still be away.
      }
    }
  };
  const listener = (state: ConnectionState, previous: ConnectionState, reason: StateChangeReason): void => {
    if (state === ConnectionState.LOST && previous !== ConnectionState.LOST && reason === 'expired') void renew();
  };
  client.on('state', listener);
  return () => {
    stopped.abort();
    client.off('state', listener);
  };
}

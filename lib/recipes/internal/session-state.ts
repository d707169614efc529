import { abortReason } from './abort';
import type { Deadline } from './deadline';
import { ConnectionState, ZooKeeperClient } from './client-api';

/** Listens to the client's state transitions until the returned function is called. */
export function onStateChange(
  client: ZooKeeperClient,
  listener: (state: ConnectionState, previous: ConnectionState) => void,
): () => void {
  client.on('state', listener);
  return () => {
    client.off('state', listener);
  };
}

/** Whether requests can be sent now (read-only counts: reads work, and writes fail fast rather than hang). */
export function isConnected(client: ZooKeeperClient): boolean {
  return client.state === ConnectionState.CONNECTED || client.state === ConnectionState.CONNECTED_READ_ONLY;
}

/**
 * Resolves once the client is connected (at once if it is), `false` when the deadline passes first; rejects when the
 * signal aborts. Recipes use it after a session loss so they re-contend on the new session instead of spinning.
 */
export function waitForConnected(
  client: ZooKeeperClient,
  options: { signal?: AbortSignal; deadline?: Deadline } = {},
): Promise<boolean> {
  const { signal, deadline } = options;
  if (isConnected(client)) return Promise.resolve(true);
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<boolean>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void): void => {
      stop();
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const stop = onStateChange(client, () => {
      if (isConnected(client)) finish(() => resolve(true));
    });
    const onAbort = (): void => finish(() => reject(abortReason(signal as AbortSignal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    const remaining = deadline?.remainingMs();
    if (remaining !== undefined) timer = setTimeout(() => finish(() => resolve(false)), remaining);
  });
}

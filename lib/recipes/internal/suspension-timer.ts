import { ConnectionState } from './client-api';
import type { ZooKeeperClient } from './client-api';
import { onStateChange } from './session-state';

/**
 * Calls `onTimeout` once the client has stayed SUSPENDED for longer than the negotiated session timeout (Curator 3+'s
 * rule), counted from the lost connection's last write: by then the server has most likely expired the session and another client may hold what we held, even though
 * this client cannot know it until it reconnects. The clock starts on SUSPENDED (or now, if suspended already) and
 * stops on CONNECTED, CONNECTED_READ_ONLY or LOST. Returns the function that stops watching.
 */
export function watchSuspension(client: ZooKeeperClient, onTimeout: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const clear = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const arm = (): void => {
    if (timer !== undefined) return;
    // Counted from the last write to the server, not from the SUSPENDED event: the server's session clock started then
    // (or later), so the recipe gives up no later than the server can expire the session.
    const since = client.lastSendAt > 0 ? client.lastSendAt : Date.now();
    timer = setTimeout(
      () => {
        timer = undefined;
        onTimeout();
      },
      Math.max(0, since + client.negotiatedTimeoutMs - Date.now()),
    );
    timer.unref();
  };
  const stopListening = onStateChange(client, (state) => {
    if (state === ConnectionState.SUSPENDED) arm();
    else clear();
  });
  if (client.state === ConnectionState.SUSPENDED) arm();
  return () => {
    clear();
    stopListening();
  };
}

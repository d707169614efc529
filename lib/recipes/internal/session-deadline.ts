import { ConnectionState } from './client-api';
import type { ZooKeeperClient } from './client-api';

/**
 * How long before the earliest moment the server may expire the session a holder gives up what it holds: a tenth of
 * the negotiated timeout, at least 100 ms. It covers this process's timers firing late and the two clocks running at
 * slightly different rates; a pause longer than it (a stop-the-world GC, a frozen VM) is what fencing tokens are for.
 */
export function sessionLossMarginMs(negotiatedTimeoutMs: number): number {
  return Math.max(100, Math.ceil(negotiatedTimeoutMs / 10));
}

/**
 * The moment (ms since epoch) by which a holder must have given up: the server resets a session's clock whenever a
 * request of ours reaches it, and may expire the session once the negotiated timeout has passed since (rounded up to
 * its next tick, which only makes it later). The latest request it is known to have received is the latest it
 * answered, so the earliest expiry is that request's send time plus the timeout; the margin comes off.
 */
export function sessionLossDeadline(client: ZooKeeperClient): number {
  const timeoutMs = client.negotiatedTimeoutMs;
  return client.lastAcknowledgedSendAt + timeoutMs - sessionLossMarginMs(timeoutMs);
}

/**
 * Calls `onDeadline` once {@link sessionLossDeadline} passes without the server having answered anything newer,
 * whatever the connection state says: a stalled connection still looks CONNECTED for two thirds of the timeout, and a
 * late notification can keep it so longer. While answers keep coming (a ping at least every third of the timeout), the
 * deadline keeps moving and this never fires. A LOST session is left to the caller. Returns the function that stops it.
 */
export function watchSessionDeadline(client: ZooKeeperClient, onDeadline: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = (): void => {
    timer = undefined;
    if (stopped || client.state === ConnectionState.LOST) return;
    const remainingMs = sessionLossDeadline(client) - Date.now();
    if (remainingMs <= 0) {
      stopped = true;
      onDeadline();
      return;
    }
    timer = setTimeout(check, remainingMs);
    timer.unref();
  };
  check();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}

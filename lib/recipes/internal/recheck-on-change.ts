import { ConnectionState, EventType } from './client-api';
import type { WatchedEvent, WatchListener, ZooKeeperClient } from './client-api';
import type { Deadline } from './deadline';
import { onStateChange } from './session-state';
import { WakeEvent } from './wake-event';

/**
 * kazoo's check-then-wait loop: runs `check`, which sets `watch` on the nodes it reads, and while it finds nothing
 * (`undefined`) runs it again once one of those watches fires or a connection is back (a lost session took the
 * watches with it). Resolves with what `check` found, `undefined` when the deadline passes first; rejects when
 * `signal` aborts or `check` fails.
 */
export async function recheckOnChange<T>(
  client: ZooKeeperClient,
  wait: { signal?: AbortSignal; deadline: Deadline },
  check: (watch: WatchListener) => Promise<T | undefined>,
): Promise<T | undefined> {
  const wake = new WakeEvent();
  const watch = (event: WatchedEvent): void => {
    // NONE events say the session changed; the state listener wakes us once a connection is back.
    if (event.type !== EventType.NONE) wake.set();
  };
  const stopListening = onStateChange(client, (state) => {
    if (state === ConnectionState.CONNECTED) wake.set();
  });
  try {
    for (;;) {
      wake.clear();
      const found = await check(watch);
      if (found !== undefined) return found;
      if (!(await wake.wait(wait))) return undefined;
    }
  } finally {
    stopListening();
  }
}

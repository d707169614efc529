import { abortReason } from './abort';
import type { Deadline } from './deadline';
import { ConnectionState, ZooKeeperClient } from './client-api';

type StateListener = (state: ConnectionState, previous: ConnectionState) => void;

/**
 * The recipes' state listeners of each client, behind one 'state' listener on it. An application may run hundreds of
 * recipes on a client, each following its state: one listener apiece would trip Node's MaxListenersExceededWarning,
 * which is there to flag the application's own leaks and should stay quiet for these.
 */
const recipeListeners = new WeakMap<ZooKeeperClient, { listeners: Set<StateListener>; dispatch: StateListener }>();

/** Listens to the client's state transitions until the returned function is called. */
export function onStateChange(client: ZooKeeperClient, listener: StateListener): () => void {
  let shared = recipeListeners.get(client);
  if (shared === undefined) {
    const listeners = new Set<StateListener>();
    const dispatch: StateListener = (state, previous) => {
      let failure: { error: unknown } | undefined;
      // Over a copy, as the client's emit is: a listener that stops another (a lost lock ends its suspension timer)
      // does not change who hears this transition.
      for (const each of [...listeners]) {
        try {
          each(state, previous);
        } catch (error) {
          // One recipe's failure (a throwing user listener on its events) must not keep the others from hearing a
          // LOST; the first is passed on for the client to log.
          failure ??= { error };
        }
      }
      if (failure !== undefined) throw failure.error;
    };
    shared = { listeners, dispatch };
    recipeListeners.set(client, shared);
    client.on('state', dispatch);
  }
  const { listeners, dispatch } = shared;
  // A wrapper of its own, so that the same function registered twice is two registrations, as with client.on().
  const entry: StateListener = (state, previous) => listener(state, previous);
  listeners.add(entry);
  return () => {
    if (!listeners.delete(entry) || listeners.size > 0) return;
    // The last recipe has stopped: nothing of ours stays on the client.
    client.off('state', dispatch);
    recipeListeners.delete(client);
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

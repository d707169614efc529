import type { ZooKeeperClient } from '../../lib/client';
import { Lock } from '../../lib/recipes';
import type { FaultProxy } from '../../lib/testing';
import { waitFor } from './wait-for';

/** A lock whose holder was cut off while another client waited for it. */
export interface CutOffLockHolder {
  /** The holder's lock, acquired before the cut. */
  held: Lock;
  /** The contender's lock, waiting behind `held`. */
  waiting: Lock;
  /** Resolves with the reason `held.lost` aborts with. */
  lost: Promise<unknown>;
  /** The contender's acquire(). */
  acquired: Promise<boolean>;
  /** 'a-lost' and 'b-acquired', in the order they happened. */
  events: string[];
}

/**
 * `holder` (connected through `proxy`) acquires the lock at `path`, `contender` queues behind it, then the proxy cuts
 * the holder off: `'cut'` refuses and drops its connection (the holder is suspended at once), `'stall'` keeps the
 * connection open and forwards nothing (a partition: the holder still looks connected until its read timeout).
 */
export async function cutOffLockHolder(
  holder: ZooKeeperClient,
  proxy: FaultProxy,
  contender: ZooKeeperClient,
  path: string,
  fault: 'cut' | 'stall' = 'cut',
): Promise<CutOffLockHolder> {
  const held = new Lock(holder, path);
  expect(await held.acquire()).toBe(true);
  const events: string[] = [];
  const signal = held.lost;
  const lost = new Promise<unknown>((resolve) =>
    signal.addEventListener('abort', () => {
      events.push('a-lost');
      resolve(signal.reason);
    }),
  );
  const waiting = new Lock(contender, path);
  const acquired = waiting.acquire().then((ok) => {
    events.push('b-acquired');
    return ok;
  });
  await waitFor('b to contend', async () => (await contender.getChildren(path)).length === 2);
  if (fault === 'stall') {
    proxy.stall();
  } else {
    proxy.refuse();
    proxy.cut();
  }
  return { held, waiting, lost, acquired, events };
}

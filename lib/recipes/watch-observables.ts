import type { Observable } from 'rxjs';
import { ChildrenWatch } from './children-watch';
import { DataWatch } from './data-watch';
import type { Stat, ZooKeeperClient } from './internal/client-api';
import { loadRxjs } from './internal/rxjs';

/** One value of {@link watchData$}: the node's data and stat, both `null` while it does not exist. */
export interface DataSnapshot {
  /** The node's data (an empty buffer for a node without data); `null` while the node does not exist. */
  data: Buffer | null;
  /** The node's stat as read with the data; `null` while the node does not exist. */
  stat: Stat | null;
}

/**
 * The node's data as an Observable: the current value on subscribe, then every change ({@link DataWatch} semantics).
 * Each subscription has its own watch, stopped on unsubscribe, so re-subscribing starts cleanly from the current value.
 * Errors (e.g. no permission) end the stream with an error; rxjs is loaded on first call.
 */
export function watchData$(client: ZooKeeperClient, path: string): Observable<DataSnapshot> {
  const { Observable: RxObservable } = loadRxjs();
  return new RxObservable<DataSnapshot>((subscriber) => {
    const watch = new DataWatch(client, path, (data, stat) => {
      subscriber.next({ data, stat });
    });
    watch.done.then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => watch.stop();
  });
}

/**
 * The node's children as an Observable (`null` while the node does not exist): the current list on subscribe, then
 * every change ({@link ChildrenWatch} semantics), one watch per subscription, stopped on unsubscribe.
 */
export function watchChildren$(client: ZooKeeperClient, path: string): Observable<string[] | null> {
  const { Observable: RxObservable } = loadRxjs();
  return new RxObservable<string[] | null>((subscriber) => {
    const watch = new ChildrenWatch(client, path, (children) => {
      subscriber.next(children);
    });
    watch.done.then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => watch.stop();
  });
}

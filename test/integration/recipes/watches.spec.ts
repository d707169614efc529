import type { Subscription } from 'rxjs';
import { ChildrenWatch, DataWatch, watchChildren$, watchData$ } from '../../../lib/recipes';
import type { DataSnapshot } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing/expire-session';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

describe('DataWatch / ChildrenWatch / observables (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('DataWatch: null while missing, then every value; stops when the callback returns false', async () => {
    const path = uniquePath('data-watch');
    const [a, writer] = await clients.connectMany(2);
    const seen: (string | null)[] = [];
    const watch = new DataWatch(a, path, (data, stat) => {
      expect(data === null).toBe(stat === null);
      seen.push(data === null ? null : data.toString());
      return data?.toString() !== 'stop';
    });
    await watch.ready;
    expect(seen).toEqual([null]);
    await writer.create(path, 'one');
    await waitFor('created seen', () => seen.length === 2);
    await writer.setData(path, 'two');
    await waitFor('update seen', () => seen.length === 3);
    await writer.delete(path);
    await waitFor('deletion seen', () => seen.length === 4);
    await writer.create(path, 'stop');
    await watch.done;
    await writer.setData(path, 'after');
    await writer.sync(path);
    await a.sync(path);
    expect(seen).toEqual([null, 'one', 'two', null, 'stop']);
  });

  it('DataWatch: survives a lost session and reports what changed meanwhile', async () => {
    const path = uniquePath('data-watch-expire');
    const [a, writer] = await clients.connectMany(2);
    await writer.create(path, 'v1');
    const seen: string[] = [];
    const watch = new DataWatch(a, path, (data) => {
      seen.push(String(data));
    });
    await watch.ready;
    await expireSession(a);
    await writer.setData(path, 'v2');
    await a.connect();
    await waitFor('change after the new session', () => seen.includes('v2'));
    watch.stop();
    expect(seen).toEqual(['v1', 'v2']);
  });

  it('DataWatch: a throwing callback ends the watch with the error', async () => {
    const path = uniquePath('data-watch-throw');
    const [a] = await clients.connectMany(1);
    const watch = new DataWatch(a, path, () => {
      throw new Error('callback failed');
    });
    await expect(watch.ready).rejects.toThrow('callback failed');
    await expect(watch.done).rejects.toThrow('callback failed');
  });

  it('ChildrenWatch: null while missing, then every change of the list', async () => {
    const path = uniquePath('children-watch');
    const [a, writer] = await clients.connectMany(2);
    const seen: (string[] | null)[] = [];
    const watch = new ChildrenWatch(a, path, (children) => {
      seen.push(children === null ? null : [...children].sort());
    });
    await watch.ready;
    await writer.create(path);
    await waitFor('parent created', () => seen.length === 2);
    await writer.create(`${path}/x`);
    await waitFor('x added', () => seen.length === 3);
    await writer.create(`${path}/y`);
    await waitFor('y added', () => seen.length === 4);
    await writer.delete(`${path}/x`);
    await waitFor('x removed', () => seen.length === 5);
    watch.stop();
    expect(seen).toEqual([null, [], ['x'], ['x', 'y'], ['y']]);
  });

  it('watchData$ / watchChildren$: emit current values, follow changes, re-subscribe cleanly', async () => {
    const path = uniquePath('observables');
    const [a, writer] = await clients.connectMany(2);
    await writer.create(path, 'first');
    const values: string[] = [];
    const data$ = watchData$(a, path);
    let subscription: Subscription = data$.subscribe((snapshot: DataSnapshot) => values.push(String(snapshot.data)));
    await waitFor('first value', () => values.length === 1);
    await writer.setData(path, 'second');
    await waitFor('second value', () => values.length === 2);
    subscription.unsubscribe();
    await writer.setData(path, 'third');
    subscription = data$.subscribe((snapshot: DataSnapshot) => values.push(String(snapshot.data)));
    await waitFor('current value on re-subscribe', () => values.length === 3);
    subscription.unsubscribe();
    expect(values).toEqual(['first', 'second', 'third']);

    const lists: (string[] | null)[] = [];
    const children = watchChildren$(a, path).subscribe((list) => lists.push(list));
    await waitFor('first list', () => lists.length === 1);
    await writer.create(`${path}/child`);
    await waitFor('child seen', () => lists.length === 2);
    children.unsubscribe();
    expect(lists).toEqual([[], ['child']]);
  });
});

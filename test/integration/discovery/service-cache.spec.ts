import { JsonInstanceSerializer, ServiceCache, ServiceDiscovery } from '../../../lib/discovery';
import type { ServiceInstance } from '../../../lib/discovery';
import type { TreeCacheWatchMode } from '../../../lib/recipes';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from '../recipes/recipe-clients';

type Payload = { v: number };

/** Every event a cache emits, in order, as short strings. */
function recordEvents(cache: ServiceCache<Payload>): string[] {
  const events: string[] = [];
  cache.on('added', (instance) => events.push(`added ${instance.id} ${JSON.stringify(instance.payload)}`));
  cache.on('updated', (instance, previous) =>
    events.push(`updated ${instance.id} ${JSON.stringify(previous.payload)}->${JSON.stringify(instance.payload)}`),
  );
  cache.on('removed', (instance) => events.push(`removed ${instance.id}`));
  return events;
}

const ids = (instances: ServiceInstance<Payload>[]): string[] => instances.map((instance) => instance.id);

describe('ServiceCache (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  for (const watchMode of ['persistent', 'per-node'] as TreeCacheWatchMode[]) {
    it(`${watchMode}: holds the instances and reports additions, updates and removals`, async () => {
      const basePath = uniquePath(`cache-${watchMode}`);
      const [a, b] = await clients.connectMany(2);
      const registrar = new ServiceDiscovery<Payload>(a, {
        basePath,
        serializer: new JsonInstanceSerializer({ compatibleSerializationMode: false }),
      });
      const watcher = new ServiceDiscovery<Payload>(b, { basePath });
      await registrar.register({ name: 'orders', id: 'first', payload: { v: 1 } });
      const cache = new ServiceCache(watcher, 'orders', { watchMode });
      const events = recordEvents(cache);
      let changes = 0;
      cache.on('changed', () => changes++);
      await cache.start();
      expect(cache.usesPersistentWatch).toBe(watchMode === 'persistent');
      expect(ids(cache.getInstances())).toEqual(['first']);
      expect(cache.getInstance('first')?.payload).toEqual({ v: 1 });
      // What was there at start is in the cache, not reported as added.
      expect(events).toEqual([]);

      await registrar.register({ name: 'orders', id: 'second', payload: { v: 2 } });
      await waitFor('second added', () => cache.getInstance('second') !== undefined);
      await registrar.update('first', { payload: { v: 10 } });
      await waitFor('first updated', () => cache.getInstance('first')?.payload?.v === 10);
      await registrar.update('second', { enabled: false });
      await waitFor('second disabled', () => cache.getInstance('second')?.enabled === false);
      await registrar.unregister('first');
      await waitFor('first removed', () => cache.getInstance('first') === undefined);
      await registrar.register({ name: 'other', id: 'elsewhere' });
      await registrar.close();
      await waitFor('all removed', () => cache.getInstances().length === 0);

      expect(events).toEqual([
        'added second {"v":2}',
        'updated first {"v":1}->{"v":10}',
        'updated second {"v":2}->{"v":2}',
        'removed first',
        'removed second',
      ]);
      expect(changes).toBe(events.length);
      await cache.close();
      expect(cache.getInstances()).toEqual([]);
    });
  }

  it('starts before the service has a node and sees its first instance; reports a node that is no instance', async () => {
    const basePath = uniquePath('cache-empty');
    const [a, b] = await clients.connectMany(2);
    const cache = new ServiceCache(new ServiceDiscovery<Payload>(b, { basePath }), 'orders');
    const events = recordEvents(cache);
    const errors: unknown[] = [];
    cache.on('error', (error) => errors.push(error));
    await cache.start();
    expect(cache.getInstances()).toEqual([]);
    const registrar = new ServiceDiscovery<Payload>(a, { basePath });
    await registrar.register({ name: 'orders', id: 'late', payload: { v: 1 } });
    await waitFor('late added', () => cache.getInstance('late') !== undefined);
    await a.create(`${basePath}/orders/junk`, '{"port":"eighty"}');
    await waitFor('the junk node reported', () => errors.length > 0);
    expect(String(errors[0])).toContain(`${basePath}/orders/junk is not a service instance: "port" is not an integer`);
    expect(ids(cache.getInstances())).toEqual(['late']);
    expect(events).toEqual(['added late {"v":1}']);
    await registrar.close();
    await cache.close();
  });

  it('closing the discovery closes its caches', async () => {
    const basePath = uniquePath('cache-closed');
    const [a, b] = await clients.connectMany(2);
    const registrar = new ServiceDiscovery<Payload>(a, { basePath });
    const watcher = new ServiceDiscovery<Payload>(b, { basePath });
    await registrar.register({ name: 'orders', id: 'one' });
    const cache = new ServiceCache(watcher, 'orders');
    await cache.start();
    expect(ids(cache.getInstances())).toEqual(['one']);
    await watcher.close();
    expect(cache.getInstances()).toEqual([]);
    await expect(cache.start()).rejects.toThrow(/already closed/);
    await registrar.close();
  });
});

import { ConnectionState } from '../../../lib/client/connection-state';
import { ServiceCache, ServiceDiscovery } from '../../../lib/discovery';
import { FaultProxy } from '../../../lib/testing/fault-proxy';
import { expireSession } from '../../../lib/testing/expire-session';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients } from '../recipes/recipe-clients';

describe('ServiceDiscovery and ServiceCache across session loss (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it("an expired session's instances leave other caches, and come back once it connects with a new session", async () => {
    const basePath = uniquePath('discovery-expiry');
    const [a, b] = await clients.connectMany(2);
    const registrar = new ServiceDiscovery(a, { basePath });
    const registeredAt: string[] = [];
    registrar.on('registered', (_instance, path) => registeredAt.push(path));
    const dynamic = await registrar.register({ name: 'orders', id: 'dynamic', port: 1 });
    await registrar.register({ name: 'orders', id: 'static', serviceType: 'STATIC' });
    const cache = new ServiceCache(new ServiceDiscovery(b, { basePath }), 'orders');
    const events: string[] = [];
    cache.on('added', (instance) => events.push(`added ${instance.id}`));
    cache.on('removed', (instance) => events.push(`removed ${instance.id}`));
    await cache.start();
    expect(cache.getInstances().map((instance) => instance.id)).toEqual(['dynamic', 'static']);

    const oldSession = a.sessionId;
    await expireSession(a);
    await waitFor('the expired instance left the cache', () => cache.getInstance('dynamic') === undefined);
    expect(cache.getInstance('static')).toBeDefined();

    await a.connect();
    expect(a.sessionId).not.toBe(oldSession);
    await waitFor('the instance back in the cache', () => cache.getInstance('dynamic') !== undefined);
    expect(cache.getInstance('dynamic')).toEqual(dynamic);
    expect((await b.exists(`${basePath}/orders/dynamic`))?.ephemeralOwner).toBe(a.sessionId);
    expect(events).toEqual(['removed dynamic', 'added dynamic']);
    // The persistent instance was intact and left alone; the dynamic one was created again.
    expect(registeredAt).toEqual([
      `${basePath}/orders/dynamic`,
      `${basePath}/orders/static`,
      `${basePath}/orders/dynamic`,
    ]);
    await registrar.close();
    await waitFor('all gone after close', () => cache.getInstances().length === 0);
    await cache.close();
  });

  it("a cache whose own session expires follows the service again on its client's new session", async () => {
    const basePath = uniquePath('cache-expiry');
    const [a, b] = await clients.connectMany(2);
    const registrar = new ServiceDiscovery(a, { basePath });
    await registrar.register({ name: 'orders', id: 'before' });
    const cache = new ServiceCache(new ServiceDiscovery(b, { basePath }), 'orders');
    await cache.start();
    await expireSession(b);
    await registrar.register({ name: 'orders', id: 'during' });
    await registrar.unregister('before');
    await b.connect();
    await waitFor(
      'the cache caught up',
      () =>
        cache
          .getInstances()
          .map((i) => i.id)
          .join() === 'during',
    );
    await registrar.register({ name: 'orders', id: 'after' });
    await waitFor('a later instance seen', () => cache.getInstance('after') !== undefined);
    await cache.close();
    await registrar.close();
  });

  it('a reconnection within the session keeps the node: nothing is created again', async () => {
    const basePath = uniquePath('discovery-reconnect');
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const viaProxy = await clients.connect({ connectString: proxy.connectString });
      const [observer] = await clients.connectMany(1);
      const registrar = new ServiceDiscovery(viaProxy, { basePath });
      let registrations = 0;
      registrar.on('registered', () => registrations++);
      await registrar.register({ name: 'orders', id: 'kept' });
      const before = await observer.exists(`${basePath}/orders/kept`);
      const session = viaProxy.sessionId;
      const states: ConnectionState[] = [];
      viaProxy.on('state', (state) => states.push(state));
      proxy.cut();
      await waitFor(
        'reconnected',
        () => states.includes(ConnectionState.SUSPENDED) && viaProxy.state === ConnectionState.CONNECTED,
      );
      expect(viaProxy.sessionId).toBe(session);
      // Writes queue behind the check made after the reconnection: once this update is done, so is the check.
      await registrar.update('kept', { port: 2 });
      const after = await observer.exists(`${basePath}/orders/kept`);
      expect(after?.czxid).toBe(before?.czxid);
      expect(after?.ephemeralOwner).toBe(session);
      expect(registrations).toBe(1);
      await registrar.close();
    } finally {
      await proxy.close();
    }
  });
});

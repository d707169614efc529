import { InvalidArgumentError } from '../../../lib/client/errors';
import { ZkUsageError } from '../../../lib/protocol/zk-error';
import { JsonInstanceSerializer, ServiceDiscovery, ServiceInstanceFormatError, UriSpec } from '../../../lib/discovery';
import type { ServiceInstance } from '../../../lib/discovery';
import { ZookeeperTestCluster } from '../../../lib/testing';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from '../recipes/recipe-clients';

/** The order in which Curator 5.4's JsonInstanceSerializer (Jackson, field order) writes an instance's fields. */
const CURATOR_FIELDS = [
  'name',
  'id',
  'address',
  'port',
  'sslPort',
  'payload',
  'registrationTimeUTC',
  'serviceType',
  'uriSpec',
];

describe('ServiceDiscovery (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it("registers an ephemeral node <base>/<name>/<id> in Curator's JSON, queries, updates and unregisters it", async () => {
    const basePath = uniquePath('discovery');
    const [a, b] = await clients.connectMany(2);
    const ours = new ServiceDiscovery<{ region: string }>(a, { basePath });
    const theirs = new ServiceDiscovery<{ region: string }>(b, { basePath });
    const registered = await ours.register({
      name: 'orders',
      id: 'one',
      address: '10.0.0.1',
      port: 8080,
      payload: { region: 'eu' },
      uriSpec: '{scheme}://{address}:{port}/api',
    });
    expect(registered).toMatchObject({
      name: 'orders',
      id: 'one',
      address: '10.0.0.1',
      port: 8080,
      sslPort: null,
      payload: { region: 'eu' },
      payloadClass: null,
      serviceType: 'DYNAMIC',
      enabled: true,
    });
    expect(registered.uriSpec?.build(registered)).toBe('http://10.0.0.1:8080/api');

    const { data, stat } = await b.getData(`${basePath}/orders/one`);
    expect(stat.ephemeralOwner).toBe(a.sessionId);
    const json = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(CURATOR_FIELDS);
    expect(json).toEqual({
      name: 'orders',
      id: 'one',
      address: '10.0.0.1',
      port: 8080,
      sslPort: null,
      payload: { region: 'eu' },
      registrationTimeUTC: registered.registrationTimeUTC,
      serviceType: 'DYNAMIC',
      uriSpec: {
        parts: [
          { value: 'scheme', variable: true },
          { value: '://', variable: false },
          { value: 'address', variable: true },
          { value: ':', variable: false },
          { value: 'port', variable: true },
          { value: '/api', variable: false },
        ],
      },
    });

    await ours.register({ name: 'orders', id: 'two', port: 8081 });
    await ours.register({ name: 'billing', id: 'b1' });
    expect(await theirs.queryForNames()).toEqual(['billing', 'orders']);
    expect((await theirs.queryForInstances('orders')).map((instance) => instance.id)).toEqual(['one', 'two']);
    const read = (await theirs.queryForInstance('orders', 'one')) as ServiceInstance<{ region: string }>;
    expect(read).toEqual(registered);
    expect(read.uriSpec?.toString()).toBe('{scheme}://{address}:{port}/api');
    expect(await theirs.queryForInstance('orders', 'missing')).toBeNull();

    const updated = await ours.update('one', { payload: { region: 'us' }, sslPort: 8443 });
    expect(updated).toMatchObject({ id: 'one', port: 8080, sslPort: 8443, payload: { region: 'us' } });
    expect(updated.registrationTimeUTC).toBe(registered.registrationTimeUTC);
    expect(await theirs.queryForInstance('orders', 'one')).toEqual(updated);
    expect(updated.uriSpec?.build(updated)).toBe('https://10.0.0.1:8080/api');

    expect(await ours.unregister('two')).toBe(true);
    expect(await ours.unregister('two')).toBe(false);
    expect(await b.exists(`${basePath}/orders/two`)).toBeNull();
    expect(ours.registeredInstances().map((instance) => instance.id)).toEqual(['one', 'b1']);

    await ours.close();
    expect(await theirs.queryForInstances('orders')).toEqual([]);
    expect(await theirs.queryForInstances('billing')).toEqual([]);
    await expect(ours.register({ name: 'orders' })).rejects.toBeInstanceOf(ZkUsageError);
  });

  it("fills in Curator's builder defaults", async () => {
    const basePath = uniquePath('discovery-defaults');
    const [a] = await clients.connectMany(1);
    const discovery = new ServiceDiscovery(a, { basePath });
    const before = Date.now();
    const instance = await discovery.register({ name: 'orders' });
    expect(instance.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(instance.registrationTimeUTC).toBeGreaterThanOrEqual(before);
    expect(instance.serviceType).toBe('DYNAMIC');
    expect(instance.payload).toBeNull();
    expect(instance.uriSpec).toBeNull();
    expect(instance.enabled).toBe(true);
    expect(instance.address === null || typeof instance.address === 'string').toBe(true);
    expect(await discovery.queryForInstance('orders', instance.id)).toEqual(instance);
    await discovery.close();
  });

  it('creates the base and service nodes as containers, which the server reaps once the instances are gone', async () => {
    // The server looks for empty containers every 200 ms instead of every minute.
    const cluster = await ZookeeperTestCluster.start({
      size: 1,
      local: { jvmArgs: ['-Dznode.container.checkIntervalMs=200'] },
    });
    try {
      const client = await clients.connect({ connectString: cluster.connectString });
      const basePath = `${uniquePath('discovery-containers')}/services`;
      const discovery = new ServiceDiscovery(client, { basePath });
      await discovery.register({ name: 'orders', id: 'one' });
      expect(await client.getChildren(basePath)).toEqual(['orders']);
      await discovery.close();
      // Each container goes once its last child has: the service's node, then the base path, then its parent.
      await waitFor(
        'the empty containers reaped',
        async () => (await client.exists(basePath.slice(0, basePath.lastIndexOf('/')))) === null,
      );
    } finally {
      await clients.closeAll();
      await cluster.stop();
    }
  });

  it('creates STATIC and PERMANENT instances as persistent nodes, DYNAMIC_SEQUENTIAL with a sequence; close() deletes them all', async () => {
    const basePath = uniquePath('discovery-types');
    const [a, b] = await clients.connectMany(2);
    const discovery = new ServiceDiscovery(a, { basePath });
    await discovery.register({ name: 's', id: 'static', serviceType: 'STATIC' });
    await discovery.register({ name: 's', id: 'permanent', serviceType: 'PERMANENT' });
    await discovery.register({ name: 's', id: 'seq-', serviceType: 'DYNAMIC_SEQUENTIAL' });
    const children = (await b.getChildren(`${basePath}/s`)).sort();
    expect(children).toHaveLength(3);
    expect(children[0]).toBe('permanent');
    expect(children[1]).toMatch(/^seq-\d{10}$/);
    expect(children[2]).toBe('static');
    expect((await b.exists(`${basePath}/s/static`))?.ephemeralOwner).toBe(0n);
    expect((await b.exists(`${basePath}/s/permanent`))?.ephemeralOwner).toBe(0n);
    expect((await b.exists(`${basePath}/s/${children[1]}`))?.ephemeralOwner).toBe(a.sessionId);
    const sequential = await new ServiceDiscovery(b, { basePath }).queryForInstances('s');
    expect(sequential.map((instance) => [instance.id, instance.serviceType])).toEqual([
      ['permanent', 'PERMANENT'],
      ['seq-', 'DYNAMIC_SEQUENTIAL'],
      ['static', 'STATIC'],
    ]);
    await discovery.close();
    expect(await b.getChildren(`${basePath}/s`)).toEqual([]);
  });

  it("writes a payload class as Jackson's @class property, reads it back, and writes enabled outside compatible mode", async () => {
    const basePath = uniquePath('discovery-payload');
    const [a] = await clients.connectMany(1);
    const discovery = new ServiceDiscovery<{ weight: number }>(a, {
      basePath,
      payloadClass: 'com.example.Details',
      serializer: new JsonInstanceSerializer({ compatibleSerializationMode: false }),
    });
    const typed = await discovery.register({ name: 'p', id: 'typed', payload: { weight: 3 } });
    const plain = await discovery.register({ name: 'p', id: 'plain', payload: { weight: 4 }, payloadClass: null });
    const off = await discovery.register({ name: 'p', id: 'off', enabled: false });
    const list = new ServiceDiscovery<string[]>(a, { basePath });
    const listed = await list.register({ name: 'p', id: 'list', payload: ['x', 'y'] });
    expect(listed.payloadClass).toBe('java.util.ArrayList');
    const raw = (id: string): Promise<string> =>
      a.getData(`${basePath}/p/${id}`).then(({ data }) => data.toString('utf8'));
    expect(await raw('typed')).toContain('"payload":{"@class":"com.example.Details","weight":3}');
    expect(await raw('plain')).toContain('"payload":{"weight":4}');
    expect(await raw('off')).toMatch(/"uriSpec":null,"enabled":false}$/);
    expect(await discovery.queryForInstance('p', 'typed')).toEqual(typed);
    expect(typed).toMatchObject({ payload: { weight: 3 }, payloadClass: 'com.example.Details' });
    expect(await discovery.queryForInstance('p', 'plain')).toEqual(plain);
    expect(await discovery.queryForInstance('p', 'off')).toEqual(off);
    expect(off.enabled).toBe(false);
    // Java cannot read a bare array payload: it is written as Jackson writes a list.
    expect(await raw('list')).toContain('"payload":["java.util.ArrayList",["x","y"]]');
    expect(await list.queryForInstance('p', 'list')).toEqual(listed);
    const changed = await list.update('list', { payload: null });
    expect(changed.payloadClass).toBeNull();
    expect(await list.queryForInstance('p', 'list')).toEqual(changed);
    await list.close();
    await discovery.close();
  });

  it('replaces a node left at its path by another session, and refuses what Curator could not read back', async () => {
    const basePath = uniquePath('discovery-replace');
    const [a, b] = await clients.connectMany(2);
    await b.create(`${basePath}/orders/same`, 'left over', { makeParents: true });
    const discovery = new ServiceDiscovery(a, { basePath });
    await discovery.register({ name: 'orders', id: 'same', port: 1 });
    const { data, stat } = await b.getData(`${basePath}/orders/same`);
    expect(stat.ephemeralOwner).toBe(a.sessionId);
    expect(JSON.parse(data.toString('utf8'))).toMatchObject({ id: 'same', port: 1 });

    await expect(discovery.register({ name: 'orders', id: 'same' })).rejects.toThrow(/already registered/);
    await expect(discovery.register({ name: 'a/b' })).rejects.toThrow(/invalid name: must be one node name/);
    await expect(discovery.register({ name: 'x', port: 70000 })).rejects.toThrow(
      /invalid port: expected an integer from 0 to 65535/,
    );
    await expect(discovery.register({ name: 'x', serviceType: 'EPHEMERAL' as 'DYNAMIC' })).rejects.toThrow(
      /invalid serviceType: expected one of DYNAMIC, STATIC, PERMANENT, DYNAMIC_SEQUENTIAL/,
    );
    await expect(discovery.register({ name: 'x', payload: { '@class': 'x.Y' } })).rejects.toThrow(
      /give the Java class as payloadClass/,
    );
    await expect(discovery.register({ name: 'x', enabled: false })).rejects.toThrow(/compatibleSerializationMode/);
    await expect(discovery.register({ name: 'x', uriSpec: '{open' })).rejects.toThrow(/not closed/);
    await expect(discovery.update('nobody', { port: 2 })).rejects.toThrow(/"nobody" is not registered/);
    await expect(discovery.update('same', { name: 'other' } as never)).rejects.toThrow(/"name" cannot be changed/);
    expect(() => new ServiceDiscovery(a, { basePath: 'relative' })).toThrow(InvalidArgumentError);
    expect(() => new ServiceDiscovery(a, { basePath, payloadClass: 'not a class' })).toThrow(/Java class name/);
    // Nothing of the refused registrations was written.
    expect(await b.getChildren(`${basePath}/orders`)).toEqual(['same']);
    await discovery.close();
  });

  it('queries find nothing under a missing base path, and name a node that is not an instance', async () => {
    const basePath = uniquePath('discovery-queries');
    const [a] = await clients.connectMany(1);
    const discovery = new ServiceDiscovery(a, { basePath });
    expect(await discovery.queryForNames()).toEqual([]);
    expect(await discovery.queryForInstances('orders')).toEqual([]);
    expect(await discovery.queryForInstance('orders', 'one')).toBeNull();
    await a.create(`${basePath}/orders/broken`, 'not json', { makeParents: true });
    const failure = await discovery.queryForInstances('orders').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceInstanceFormatError);
    expect((failure as ServiceInstanceFormatError).path).toBe(`${basePath}/orders/broken`);
    expect((failure as Error).message).toBe(`${basePath}/orders/broken is not a service instance: not JSON`);
    await discovery.close();
  });

  it('UriSpec parses and builds as Curator does', () => {
    const spec = new UriSpec('{scheme}://{ address }:{port}{[}x{]}');
    expect(spec.parts).toEqual([
      { value: 'scheme', variable: true },
      { value: '://', variable: false },
      { value: 'address', variable: true },
      { value: ':', variable: false },
      { value: 'port', variable: true },
      { value: '[', variable: true },
      { value: 'x', variable: false },
      { value: ']', variable: true },
    ]);
    expect(spec.build(undefined, { address: 'h', port: 1 })).toBe('http://h:1{x}');
    expect(new UriSpec('{missing}/a').build()).toBe('/a');
    expect(() => new UriSpec('{a{b}}')).toThrow(/"\{" inside a variable/);
    expect(() => new UriSpec('a}')).toThrow(/"\}" without "\{"/);
  });
});

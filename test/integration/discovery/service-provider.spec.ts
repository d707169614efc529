import {
  JsonInstanceSerializer,
  RandomStrategy,
  RoundRobinStrategy,
  ServiceDiscovery,
  ServiceProvider,
  StickyStrategy,
} from '../../../lib/discovery';
import type { ServiceInstance } from '../../../lib/discovery';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from '../recipes/recipe-clients';

const idOf = (instance: ServiceInstance | undefined): string | undefined => instance?.id;

describe('ServiceProvider (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  /** A registrar with instances `ids` of service 'orders', and a discovery on another session to read them. */
  async function setUp(ids: string[]): Promise<{ registrar: ServiceDiscovery; reader: ServiceDiscovery }> {
    const basePath = uniquePath('provider');
    const [a, b] = await clients.connectMany(2);
    const registrar = new ServiceDiscovery(a, {
      basePath,
      serializer: new JsonInstanceSerializer({ compatibleSerializationMode: false }),
    });
    for (const id of ids) await registrar.register({ name: 'orders', id });
    return { registrar, reader: new ServiceDiscovery(b, { basePath }) };
  }

  it('round-robin (the default) hands out every instance in turn', async () => {
    const { registrar, reader } = await setUp(['a', 'b', 'c']);
    const provider = new ServiceProvider(reader, 'orders');
    await provider.start();
    const picks = Array.from({ length: 7 }, () => idOf(provider.getInstance()));
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    expect(new RoundRobinStrategy().getInstance([])).toBeUndefined();
    await provider.close();
    await registrar.close();
  });

  it('random hands out only current instances, and each of them', async () => {
    const { registrar, reader } = await setUp(['a', 'b', 'c']);
    const provider = new ServiceProvider(reader, 'orders', { strategy: new RandomStrategy() });
    await provider.start();
    const seen = new Set<string | undefined>();
    // Missing one of three in 300 fair draws has a probability of about 3 * (2/3)^300.
    for (let i = 0; i < 300; i++) seen.add(idOf(provider.getInstance()));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    await provider.close();
    await registrar.close();
  });

  it('sticky keeps one instance while it is there, then moves on', async () => {
    const { registrar, reader } = await setUp(['a', 'b', 'c']);
    const sticky = new StickyStrategy();
    const provider = new ServiceProvider(reader, 'orders', { strategy: sticky });
    await provider.start();
    expect(sticky.instanceNumber).toBe(-1);
    const first = idOf(provider.getInstance()) as string;
    expect(Array.from({ length: 5 }, () => idOf(provider.getInstance()))).toEqual(Array(5).fill(first));
    expect(sticky.instanceNumber).toBe(0);
    await registrar.unregister(first);
    await waitFor('the sticky instance gone', () => provider.cache.getInstance(first) === undefined);
    const second = idOf(provider.getInstance()) as string;
    expect(second).not.toBe(first);
    expect(idOf(provider.getInstance())).toBe(second);
    expect(sticky.instanceNumber).toBe(1);
    await provider.close();
    await registrar.close();
  });

  it('noteError: an instance is left out after the threshold of errors, until the timeout has passed', async () => {
    const { registrar, reader } = await setUp(['a', 'b']);
    const provider = new ServiceProvider(reader, 'orders', { downInstancePolicy: { timeoutMs: 300 } });
    await provider.start();
    const a = provider.cache.getInstance('a') as ServiceInstance;
    provider.noteError(a);
    // One error is below Curator's default threshold of 2.
    expect(provider.getAllInstances().map(idOf)).toEqual(['a', 'b']);
    provider.noteError(a);
    expect(provider.getAllInstances().map(idOf)).toEqual(['b']);
    expect([provider.getInstance(), provider.getInstance()].map(idOf)).toEqual(['b', 'b']);
    await waitFor('a back after the timeout', () => provider.getAllInstances().length === 2);
    expect(provider.getAllInstances().map(idOf)).toEqual(['a', 'b']);
    await provider.close();
    await registrar.close();
  });

  it('leaves out disabled instances and those a filter refuses; none to hand out gives undefined', async () => {
    const { registrar, reader } = await setUp(['a', 'b', 'c']);
    await registrar.update('b', { enabled: false });
    const provider = new ServiceProvider(reader, 'orders', { filters: [(instance) => instance.id !== 'c'] });
    await provider.start();
    expect(provider.getAllInstances().map(idOf)).toEqual(['a']);
    await registrar.unregister('a');
    await waitFor('a gone', () => provider.getAllInstances().length === 0);
    expect(provider.getInstance()).toBeUndefined();
    expect(() => new ServiceProvider(reader, 'orders', { downInstancePolicy: { errorThreshold: 0 } })).toThrow(
      /invalid errorThreshold: expected an integer of at least 1/,
    );
    await reader.close();
    // Closing the discovery closed the provider's cache.
    expect(provider.cache.getInstances()).toEqual([]);
    await registrar.close();
  });
});

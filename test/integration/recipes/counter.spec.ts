import { InvalidArgumentError } from '../../../lib/client';
import { Counter } from '../../../lib/recipes';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

describe('Counter (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('adds concurrently from several clients without losing an update (text encoding)', async () => {
    const path = uniquePath('counter');
    const sessions = await clients.connectMany(4);
    await Promise.all(
      sessions.map(async (client) => {
        const counter = new Counter(client, path);
        for (let i = 0; i < 10; i++) await counter.add(1);
      }),
    );
    const counter = new Counter(sessions[0], path);
    expect(await counter.get()).toBe(40);
    expect((await sessions[0].getData(path)).data.toString('ascii')).toBe('40');
    expect(await counter.subtract(5)).toBe(35);
    expect(counter.preValue).toBe(40);
    expect(counter.postValue).toBe(35);
  });

  it('stores Curator SharedCount 4-byte and DistributedAtomicLong 8-byte big-endian integers', async () => {
    const [a] = await clients.connectMany(1);
    const int32Path = uniquePath('counter-int32');
    const int32 = new Counter(a, int32Path, { encoding: 'int32', default: 5 });
    expect(await int32.get()).toBe(5);
    expect(await int32.add(-7)).toBe(-2);
    expect((await a.getData(int32Path)).data).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xfe]));
    await expect(int32.add(0x7fffffff + 10)).rejects.toThrow(InvalidArgumentError);

    const int64Path = uniquePath('counter-int64');
    const int64 = new Counter(a, int64Path, { encoding: 'int64' });
    expect(await int64.add(2 ** 40)).toBe(2 ** 40);
    expect((await a.getData(int64Path)).data).toEqual(Buffer.from([0, 0, 1, 0, 0, 0, 0, 0]));
  });

  it('reads floats written as text', async () => {
    const path = uniquePath('counter-float');
    const [a] = await clients.connectMany(1);
    const counter = new Counter(a, path, { default: 1.5 });
    expect(await counter.add(2.25)).toBe(3.75);
    expect((await a.getData(path)).data.toString('ascii')).toBe('3.75');
  });
});

import { InvalidArgumentError } from '../../../lib/client';
import { LockingQueue, Queue } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing/expire-session';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

describe('Queue / LockingQueue (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('Queue: priority order, then FIFO, with kazoo entry names', async () => {
    const path = uniquePath('queue');
    const [a, b] = await clients.connectMany(2);
    const producer = new Queue(a, path);
    await producer.put('p100-first');
    await producer.put('p5', 5);
    await producer.put('p100-second');
    await producer.put('p999', 999);
    await producer.put(Buffer.from('p0'), 0);
    expect((await a.getChildren(path)).sort()[0]).toMatch(/^entry-000-\d{10}$/);
    expect(await producer.size()).toBe(5);
    const consumer = new Queue(b, path);
    const taken: string[] = [];
    for (let item = await consumer.get(); item !== null; item = await consumer.get()) taken.push(item.toString());
    expect(taken).toEqual(['p0', 'p5', 'p100-first', 'p100-second', 'p999']);
    await expect(producer.put('x', 1000)).rejects.toThrow(InvalidArgumentError);
  });

  it('Queue: concurrent consumers take every entry exactly once; take() waits for a put', async () => {
    const path = uniquePath('queue-consumers');
    const sessions = await clients.connectMany(4);
    const producer = new Queue(sessions[0], path);
    for (let i = 0; i < 30; i++) await producer.put(`item-${i}`);
    const got = await Promise.all(
      sessions.slice(1).map(async (client) => {
        const consumer = new Queue(client, path);
        const mine: string[] = [];
        for (let item = await consumer.get(); item !== null; item = await consumer.get()) mine.push(item.toString());
        return mine;
      }),
    );
    const all = got.flat();
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    expect(await new Queue(sessions[1], path).take({ timeoutMs: 50 })).toBeNull();
    const taking = new Queue(sessions[1], path).take();
    await producer.put('late');
    expect((await taking)?.toString()).toBe('late');
  });

  it('LockingQueue: get locks an entry, consume removes it, a lost session gives it back', async () => {
    const path = uniquePath('locking-queue');
    const [a, b, c] = await clients.connectMany(3);
    const producer = new LockingQueue(a, path);
    await producer.put('low', 200);
    await producer.putAll(['high-1', 'high-2'], 1);
    expect(await producer.size()).toBe(3);

    const first = new LockingQueue(b, path);
    expect((await first.get())?.toString()).toBe('high-1');
    expect((await first.get())?.toString()).toBe('high-1');
    expect(await first.holdsLock()).toBe(true);

    const second = new LockingQueue(c, path);
    expect((await second.get())?.toString()).toBe('high-2');
    expect(await second.release()).toBe(true);
    expect((await second.get())?.toString()).toBe('high-2');
    expect(await second.consume()).toBe(true);
    expect((await second.get())?.toString()).toBe('low');
    expect(await second.consume()).toBe(true);
    expect(await second.get({ timeoutMs: 50 })).toBeNull();

    await expireSession(b);
    expect((await second.get({ timeoutMs: 5000 }))?.toString()).toBe('high-1');
    expect(await second.consume()).toBe(true);
    expect(await producer.size()).toBe(0);
    expect(await a.getChildren(`${path}/taken`)).toEqual([]);
  });
});

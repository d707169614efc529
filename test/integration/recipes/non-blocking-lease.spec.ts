import { MultiNonBlockingLease, NonBlockingLease } from '../../../lib/recipes';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

describe('NonBlockingLease / MultiNonBlockingLease (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('grants one holder until the lease ends, lets the holder renew, stores kazoo JSON', async () => {
    const path = uniquePath('lease');
    const [a, b] = await clients.connectMany(2);
    let now = new Date('2030-01-01T10:00:00Z');
    const clock = { now: () => now };
    const hourMs = 3600_000;
    expect(await new NonBlockingLease(a, path, { durationMs: hourMs, identifier: 'alpha', ...clock }).obtain()).toBe(
      true,
    );
    const stored = JSON.parse((await a.getData(`${path}/lease_holder`)).data.toString());
    expect(stored).toEqual({ version: 1, holder: 'alpha', end: '2030-01-01T11:00:00' });
    expect((await a.getData(`${path}/lease_holder`)).data.toString()).toBe(
      '{"version": 1, "holder": "alpha", "end": "2030-01-01T11:00:00"}',
    );
    expect(await new NonBlockingLease(b, path, { durationMs: hourMs, identifier: 'beta', ...clock }).obtain()).toBe(
      false,
    );
    now = new Date('2030-01-01T10:30:00Z');
    expect(await new NonBlockingLease(a, path, { durationMs: hourMs, identifier: 'alpha', ...clock }).obtain()).toBe(
      true,
    );
    now = new Date('2030-01-01T11:29:59Z');
    expect(await new NonBlockingLease(b, path, { durationMs: hourMs, identifier: 'beta', ...clock }).obtain()).toBe(
      false,
    );
    now = new Date('2030-01-01T11:30:00Z');
    expect(await new NonBlockingLease(b, path, { durationMs: hourMs, identifier: 'beta', ...clock }).obtain()).toBe(
      true,
    );
    // Only the holder record is left: the lock taken for the check is gone.
    expect(await a.getChildren(path)).toEqual(['lease_holder']);
  });

  it('MultiNonBlockingLease hands out at most `count` leases', async () => {
    const path = uniquePath('multi-lease');
    const sessions = await clients.connectMany(3);
    const results = [];
    for (const [i, client] of sessions.entries()) {
      results.push(
        await new MultiNonBlockingLease(client, path, { count: 2, durationMs: 60_000, identifier: `h${i}` }).obtain(),
      );
    }
    expect(results).toEqual([true, true, false]);
    expect((await sessions[0].getChildren(path)).sort()).toEqual(['0', '1']);
  });
});

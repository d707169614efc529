import { ZookeeperMethodActivityRegistry } from '../../../lib/nest/zookeeper-method-activity.registry';

describe('the decorated methods’ activity', () => {
  const add = (registry = new ZookeeperMethodActivityRegistry()) =>
    registry.add({ decorator: 'ZkLock', className: 'Reports', methodName: 'build', client: 'default', path: '/a' });

  it('counts runs and keeps the last outcome: sync, async, thrown, rejected, skipped, busy', async () => {
    const registry = new ZookeeperMethodActivityRegistry();
    const changes = jest.fn();
    registry.onChange(changes);
    const recorder = add(registry);
    expect(recorder.track(() => 7)).toBe(7);
    expect(recorder.snapshot()).toMatchObject({ runs: 1, running: 0, lastOutcome: 'ok' });

    let finish!: () => void;
    const running = recorder.track(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(recorder.snapshot()).toMatchObject({ runs: 2, running: 1 });
    finish();
    await running;
    await Promise.resolve();
    expect(recorder.snapshot()).toMatchObject({ running: 0, lastOutcome: 'ok' });

    expect(() =>
      recorder.track(() => {
        throw new Error('sync failure');
      }),
    ).toThrow('sync failure');
    expect(recorder.snapshot()).toMatchObject({ runs: 3, lastOutcome: 'error', lastError: 'sync failure' });
    await expect(recorder.track(() => Promise.reject(new Error('async failure')))).rejects.toThrow('async failure');
    await Promise.resolve();
    expect(recorder.snapshot()).toMatchObject({ runs: 4, running: 0, lastError: 'async failure' });

    recorder.note('skipped');
    expect(recorder.snapshot()).toMatchObject({ runs: 5, lastOutcome: 'skipped' });
    expect(recorder.snapshot().lastError).toBeUndefined();
    recorder.note('busy');
    recorder.fail(new Error('session expired'));
    expect(recorder.snapshot()).toMatchObject({ runs: 7, lastOutcome: 'error', lastError: 'session expired' });
    expect(Date.parse(recorder.snapshot().lastRunAt!)).not.toBeNaN();
    expect(changes.mock.calls.length).toBeGreaterThanOrEqual(7);
    expect(registry.list()).toEqual([recorder.snapshot()]);
  });

  it('remembers the last 8 computed paths, newest first, without repeats, and shows the last as the path', () => {
    const recorder = add();
    for (const id of [1, 2, 3, 2, 4, 5, 6, 7, 8, 9]) recorder.note('skipped', `/invoices/${id}`);
    expect(recorder.recentPaths).toEqual([9, 8, 7, 6, 5, 4, 2, 3].map((id) => `/invoices/${id}`));
    expect(recorder.snapshot().path).toBe('/invoices/9');
  });
});

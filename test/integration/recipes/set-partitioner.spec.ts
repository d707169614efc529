import { PartitionState, SetPartitioner, defaultPartitionFunction } from '../../../lib/recipes';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** kazoo's documented usage loop: release when asked, otherwise wait for the next state. */
async function drive(partitioner: SetPartitioner, stop: AbortSignal): Promise<void> {
  while (!stop.aborted && !partitioner.failed) {
    if (partitioner.release) await partitioner.releaseSet();
    else await partitioner.stateChanged({ signal: stop }).catch(() => undefined);
  }
}

/** Whether the acquired members' shares cover every item exactly once. */
function coversExactlyOnce(members: SetPartitioner[]): boolean {
  if (!members.every((member) => member.acquired)) return false;
  const all = members.flatMap((member) => member.partitions);
  return all.length === ITEMS.length && new Set(all).size === ITEMS.length;
}

describe('SetPartitioner (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('default partition function: every n-th sorted item from our index among sorted members', () => {
    expect(defaultPartitionFunction('m2', ['m3', 'm1', 'm2'], [5, 1, 4, 2, 3])).toEqual([2, 5]);
    expect(defaultPartitionFunction('gone', ['m1'], ['x'])).toEqual([]);
  });

  it('rebalances when a member joins and when it leaves, never sharing an item', async () => {
    const path = uniquePath('partitioner');
    const [a, b] = await clients.connectMany(2);
    const stop = new AbortController();
    const options = { timeBoundaryMs: 300, maxReactionTimeMs: 200 };
    const first = new SetPartitioner(a, path, { items: ITEMS, ...options, identifier: 'first' });
    const states: PartitionState[] = [];
    first.on('state', (state: PartitionState) => states.push(state));
    await first.start();
    const drivingFirst = drive(first, stop.signal);
    await waitFor('first owns everything', () => coversExactlyOnce([first]));
    expect(first.partitions.sort()).toEqual(ITEMS);

    const second = new SetPartitioner(b, path, { items: ITEMS, ...options, identifier: 'second' });
    await second.start();
    const drivingSecond = drive(second, stop.signal);
    await waitFor('shared between two', () => coversExactlyOnce([first, second]) && second.partitions.length > 0);
    expect(first.partitions.sort()).toEqual(['a', 'c', 'e']);
    expect(second.partitions.sort()).toEqual(['b', 'd', 'f']);
    expect(states).toEqual(expect.arrayContaining([PartitionState.ACQUIRED, PartitionState.RELEASE]));

    await second.finish();
    expect(second.failed).toBe(true);
    await waitFor('first owns everything again', () => coversExactlyOnce([first]) && first.partitions.length === 6);
    expect(await a.getChildren(`${path}/party`)).toHaveLength(1);

    await first.finish();
    stop.abort();
    await Promise.all([drivingFirst, drivingSecond]);
    expect(await a.getChildren(`${path}/party`)).toEqual([]);
    for (const item of ITEMS) expect(await a.getChildren(`${path}/locks/${item}`)).toEqual([]);
  });
});

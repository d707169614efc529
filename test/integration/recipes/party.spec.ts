import { InvalidArgumentError } from '../../../lib/client';
import { Party, ShallowParty } from '../../../lib/recipes';
import { expireSession } from '../../../lib/testing/expire-session';
import { waitFor } from '../../support/wait-for';
import { uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

describe('Party / ShallowParty (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it('Party: members see each other, join is idempotent, leave removes the node', async () => {
    const path = uniquePath('party');
    const [a, b] = await clients.connectMany(2);
    const alice = new Party(a, path, { identifier: 'alice' });
    const bob = new Party(b, path, { identifier: 'bob' });
    await alice.join();
    await alice.join();
    await bob.join();
    expect((await alice.members()).sort()).toEqual(['alice', 'bob']);
    expect(await bob.size()).toBe(2);
    expect((await a.getChildren(path)).every((name) => /^[0-9a-f]{32}__party__$/.test(name))).toBe(true);
    expect(await bob.leave()).toBe(true);
    expect(bob.participating).toBe(false);
    expect(await alice.members()).toEqual(['alice']);
    expect(await bob.leave()).toBe(false);
  });

  it('Party: a member whose session is lost says so, and re-joins on a new session', async () => {
    const path = uniquePath('party-lost');
    const [a, observer] = await clients.connectMany(2);
    const member = new Party(a, path, { identifier: 'phoenix' });
    const events: string[] = [];
    member.on('lost', () => events.push('lost'));
    member.on('joined', () => events.push('joined'));
    await member.join();
    await expireSession(a);
    expect(member.participating).toBe(false);
    expect(await new Party(observer, path).members()).toEqual([]);
    await a.connect();
    await waitFor('re-joined', () => member.participating);
    expect(await new Party(observer, path).members()).toEqual(['phoenix']);
    expect(events).toEqual(['joined', 'lost', 'joined']);
    await member.leave();
  });

  it('ShallowParty: identifiers live in the node names', async () => {
    const path = uniquePath('shallow-party');
    const [a, b] = await clients.connectMany(2);
    await new ShallowParty(a, path, { identifier: 'worker-1' }).join();
    await new ShallowParty(b, path, { identifier: 'worker-2' }).join();
    expect((await new ShallowParty(a, path).members()).sort()).toEqual(['worker-1', 'worker-2']);
    expect((await a.getChildren(path)).every((name) => /^[0-9a-f]{32}-worker-\d$/.test(name))).toBe(true);
    expect(() => new ShallowParty(a, path, { identifier: 'bad/name' })).toThrow(InvalidArgumentError);
  });
});

import { join } from 'node:path';
import { expireSession } from '../../../lib/testing/expire-session';
import { startFiftyRecipes, stopFiftyRecipes } from '../../support/fifty-recipes';
import { runScript } from '../../support/run-script';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { RecipeClients } from './recipe-clients';

/*
 * An application runs many recipes on one client: they all follow its 'state' event, yet Node must not print a
 * MaxListenersExceededWarning (a user would take it for a leak), and a stopped recipe must really let go of its listener.
 */

const HANG_GUARD_MS = 60000;

interface ChildResult {
  warnings: string[];
  before: number;
  running: number;
  after: number;
  waited: unknown[];
}

describe("fifty recipes on one client and its 'state' listeners (real server)", () => {
  const clients = new RecipeClients();
  afterEach(() => clients.closeAll());

  it(
    'no MaxListenersExceededWarning while they run, one listener for all of them, none left once they stop',
    async () => {
      // Its process, unlike jest's sandbox, hears its own warnings.
      const { code, output } = await runScript(join(__dirname, '..', '..', 'support', 'recipe-listener-warnings.ts'), {
        env: { ZK_SHARED_CONNECT: sharedConnectString() },
        hangGuardMs: HANG_GUARD_MS,
      });
      expect({ code, output: output.slice(-2000) }).toMatchObject({ code: 0 });
      const line = output.split('\n').find((l) => l.startsWith('RESULT '));
      const result = JSON.parse((line as string).slice('RESULT '.length)) as ChildResult;
      expect(result.warnings).toEqual([]);
      expect(result.running).toBe(result.before + 1);
      expect(result.after).toBe(result.before);
      expect(result.waited).toEqual([false, false, false, false, false]);
    },
    HANG_GUARD_MS + 10000,
  );

  it('every one of them still hears the session end, and lets go of its listener when stopped', async () => {
    const [client, holder] = await clients.connectMany(2);
    const root = uniquePath('fifty-recipes-expire');
    const before = client.listenerCount('state');
    const recipes = await startFiftyRecipes(client, holder, root);
    const terms = await Promise.all(recipes.elections.map((election) => election.awaitLeadership()));
    await expireSession(client);
    // Each held lock and each leader's term learns of the loss from its own state listener.
    expect(recipes.held.every((lock) => lock.lost.aborted)).toBe(true);
    expect(terms.every((term) => term.aborted)).toBe(true);
    // Waiters wake on LOST and fail on the gone session rather than wait on.
    expect(await Promise.all(recipes.waiters)).toEqual([false, false, false, false, false]);
    await stopFiftyRecipes(recipes);
    expect(client.listenerCount('state')).toBe(before);
    for (const lock of recipes.blockers) await lock.release();
    await holder.delete(root, { recursive: true });
  }, 30000);
});

import { ZooKeeperClient } from '../../lib/client';
import { startFiftyRecipes, stopFiftyRecipes } from './fifty-recipes';

/*
 * Run in a child process by test/integration/recipes/state-listeners.spec.ts: jest's sandbox has its own `process`, which
 * never hears the real one's 'warning' events. Runs fifty recipes on one client and prints one RESULT line: the
 * warnings the process emitted, and the client's 'state' listener count before, while they run, and after they stop.
 */

const connectString = process.env.ZK_SHARED_CONNECT as string;
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));

async function main(): Promise<void> {
  const client = new ZooKeeperClient({ connectString });
  const holder = new ZooKeeperClient({ connectString });
  await Promise.all([client.connect(), holder.connect()]);
  const root = `/t-recipe-listener-warnings-${process.pid}-${Date.now()}`;
  const before = client.listenerCount('state');
  const recipes = await startFiftyRecipes(client, holder, root);
  const running = client.listenerCount('state');
  const waited = await stopFiftyRecipes(recipes);
  const after = client.listenerCount('state');
  for (const lock of recipes.blockers) await lock.release();
  await client.delete(root, { recursive: true });
  await Promise.all([client.close(), holder.close()]);
  // Node emits a warning on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  process.stdout.write(`RESULT ${JSON.stringify({ warnings, before, running, after, waited })}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(`FAILED ${String(error)}\n`);
  process.exitCode = 1;
});

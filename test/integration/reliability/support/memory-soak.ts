/*
 * Memory soak, run by memory.spec.ts in a child process started with --expose-gc (jest cannot force a GC). Against
 * the real server in ZK_SHARED_CONNECT it does two halves of 50,000 operations and two halves of 500 reconnects, and
 * measures the heap after a forced GC before and after each half. A leak per operation or per reconnect grows the
 * heap linearly, so the second half of each pair must not add more than a small bound. Prints `MEMORY_RESULT <json>`.
 */
import { randomBytes } from 'node:crypto';
import { AddWatchMode, ConnectionState, CreateMode, NoNodeError, ZooKeeperClient } from '../../../../lib/client';
import { FaultProxy } from '../../../../lib/testing';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const collect = gc;

const connectString = process.env.ZK_SHARED_CONNECT;
if (!connectString) throw new Error('ZK_SHARED_CONNECT is not set');

const OPS_PER_HALF = 50000;
const RECONNECT_CLIENTS = 20;
const RECONNECTS_PER_HALF = 500;
const BATCH = 500;

/** MEMORY_SELF_CHECK=leak keeps one small object per operation, to check that the measurement catches it. */
const SELF_CHECK = process.env.MEMORY_SELF_CHECK === 'leak';
const leaked: object[] = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function heapAfterGc(): Promise<number> {
  // Several passes with turns of the event loop in between, so finalizers and weak callbacks run.
  for (let i = 0; i < 4; i++) {
    collect();
    await sleep(20);
  }
  // Buffers live outside the JS heap: a leaked socket or scratch buffer shows in `external`.
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** A mix of reads, writes, misses, errors and one-shot watches, `count` operations in batches. */
async function operations(client: ZooKeeperClient, root: string, count: number): Promise<number> {
  let done = 0;
  let fired = 0;
  while (done < count) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < BATCH; i++) {
      if (SELF_CHECK) leaked.push({ i });
      const kind = i % 10;
      if (kind < 4) batch.push(client.exists(`${root}/missing-${i}`));
      else if (kind < 6) batch.push(client.getData(`${root}/data`));
      else if (kind === 6) batch.push(client.setData(`${root}/data`, randomBytes(64)));
      else if (kind === 7)
        batch.push(client.getData(`${root}/missing`).catch((e: unknown) => e instanceof NoNodeError));
      else if (kind === 8) batch.push(client.getChildren(root));
      // A one-shot watch that the next setData fires (and so removes).
      else batch.push(client.getData(`${root}/data`, { watch: () => fired++ }));
    }
    batch.push(
      client.create(`${root}/e-`, 'x', { mode: CreateMode.EPHEMERAL_SEQUENTIAL }).then((path) => client.delete(path)),
    );
    await Promise.all(batch);
    done += batch.length + 1;
  }
  return fired;
}

async function reconnects(clients: ZooKeeperClient[], proxy: FaultProxy, count: number): Promise<number> {
  let seen = 0;
  while (seen < count) {
    const back = clients.map(
      (client) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no reconnect within 30 s')), 30000);
          const onState = (state: ConnectionState, previous: ConnectionState): void => {
            if (state !== ConnectionState.CONNECTED || previous !== ConnectionState.SUSPENDED) return;
            clearTimeout(timer);
            client.off('state', onState);
            resolve();
          };
          client.on('state', onState);
        }),
    );
    proxy.cut();
    await Promise.all(back);
    seen += clients.length;
    // One request each on the new connection.
    await Promise.all(clients.map((client) => client.exists('/')));
  }
  return seen;
}

async function main(): Promise<void> {
  const root = `/memory-${randomBytes(4).toString('hex')}`;
  const client = new ZooKeeperClient({ connectString: connectString as string });
  await client.connect();
  await client.create(root);
  await client.create(`${root}/data`, 'x');

  const started = Date.now();
  await operations(client, root, 5000);
  const beforeOps = await heapAfterGc();
  const fired1 = await operations(client, root, OPS_PER_HALF);
  const midOps = await heapAfterGc();
  const fired2 = await operations(client, root, OPS_PER_HALF);
  const afterOps = await heapAfterGc();

  const opsMs = Date.now() - started;
  const proxy = await FaultProxy.start(connectString as string);
  const clients = Array.from(
    { length: RECONNECT_CLIENTS },
    // A short session keeps the reconnect back-off short (it scales with the session timeout).
    () => new ZooKeeperClient({ connectString: proxy.connectString, sessionTimeoutMs: 1500 }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  // Watches to re-register on every reconnect: a persistent one and a one-shot one per client.
  await Promise.all(
    clients.map(async (c) => {
      await c.addWatch(root, AddWatchMode.PERSISTENT_RECURSIVE, () => undefined);
      await c.exists(`${root}/never`, { watch: () => undefined });
    }),
  );
  await reconnects(clients, proxy, 100);
  const beforeReconnects = await heapAfterGc();
  const reconnects1 = await reconnects(clients, proxy, RECONNECTS_PER_HALF);
  const midReconnects = await heapAfterGc();
  const reconnects2 = await reconnects(clients, proxy, RECONNECTS_PER_HALF);
  const afterReconnects = await heapAfterGc();
  const sessionsKept = clients.every((c) => c.state === ConnectionState.CONNECTED);

  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await client.delete(root, { recursive: true });
  await client.close();

  const result = {
    operations: 2 * OPS_PER_HALF,
    watchesFired: fired1 + fired2,
    reconnects: reconnects1 + reconnects2,
    sessionsKept,
    durationsMs: { operations: opsMs, reconnects: Date.now() - started - opsMs },
    heap: { beforeOps, midOps, afterOps, beforeReconnects, midReconnects, afterReconnects },
  };
  process.stdout.write(`MEMORY_RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(`MEMORY_FAILED ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * How many pipelined getData one session can get from the server, against several sessions of the same process:
 * `npm run bench:ceiling`. The benchmark's workloads use one session, as an application does; this shows whether the
 * server's per-connection processing, rather than the client, is what limits them. It runs ours only (the point is
 * the server), on a ZooKeeper started as the benchmark starts it (bench/default-server.ts) or on `ZK_CONNECT`.
 */
import { ZooKeeperClient } from '../lib/client';
import { startServer } from './default-server';
import { median } from './stats';

const ROUNDS = 3;
const COUNT = 100_000;
const WARMUP = 20_000;
const IN_FLIGHT = 1_000;
const NODES = 100;
const SESSION_COUNTS = [1, 4];

async function connect(connectString: string): Promise<ZooKeeperClient> {
  const client = new ZooKeeperClient({ connectString });
  await client.connect();
  return client;
}

/** `count` getData spread over the sessions, `IN_FLIGHT` outstanding in all; resolves with ops/s. */
async function pipelinedGets(clients: ZooKeeperClient[], paths: string[], count: number): Promise<number> {
  let next = 0;
  const lane = async (client: ZooKeeperClient): Promise<void> => {
    while (next < count) await client.getData(paths[next++ % paths.length]);
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => lane(clients[i % clients.length])));
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main(): Promise<void> {
  const server = await startServer(undefined);
  const { connectString } = server;
  const admin = await connect(connectString);
  const base = `/bench-ceiling-${process.pid}`;
  try {
    await admin.create(base, null);
    const paths = Array.from({ length: NODES }, (_, i) => `${base}/n${i}`);
    await Promise.all(paths.map((path) => admin.create(path, Buffer.alloc(100))));
    const rates = new Map<number, number[]>(SESSION_COUNTS.map((n) => [n, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const sessions of SESSION_COUNTS) {
        const clients = await Promise.all(Array.from({ length: sessions }, () => connect(connectString)));
        await pipelinedGets(clients, paths, WARMUP);
        const rate = await pipelinedGets(clients, paths, COUNT);
        await Promise.all(clients.map((client) => client.close()));
        rates.get(sessions)?.push(rate);
        process.stderr.write(`round ${round}/${ROUNDS}, ${sessions} session(s): ${Math.round(rate)} getData/s\n`);
      }
    }
    for (const [sessions, values] of rates) {
      console.log(
        `${sessions} session(s), ${IN_FLIGHT} in flight in all: median ${Math.round(median(values))} getData/s`,
      );
    }
  } finally {
    await admin.delete(base, { recursive: true }).catch(() => undefined);
    await admin.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

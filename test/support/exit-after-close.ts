import { createServer, type Socket } from 'node:net';
import { ConnectionState, ZooKeeperClient } from '../../lib/client';
import { expireSession, FaultProxy } from '../../lib/testing';
import { nextState } from './next-state';

/*
 * Run in a child process by test/integration/client/exit-after-close.spec.ts: uses clients in ways that keep timers,
 * sockets or a session going, closes them, prints ALL CLOSED and must then exit by itself (nothing here calls
 * process.exit but the SIGTERM handler). The spec's hang guard sends SIGTERM: the process then prints what is still
 * open, for the failure message.
 */

process.on('SIGTERM', () => {
  process.stdout.write(`STILL OPEN ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
  process.exit(1);
});

const connectString = process.env.ZK_SHARED_CONNECT as string;

/** More than 64 requests in flight: the connection pauses between reads, on a timer. */
async function pipelined(): Promise<void> {
  const client = new ZooKeeperClient({ connectString });
  await client.connect();
  await Promise.all(Array.from({ length: 1000 }, () => client.exists('/')));
  await client.close();
}

/** connect() from a 'state' listener on close()'s own LOST starts a new session; the next close() must end it. */
async function reconnectedFromLostListener(): Promise<void> {
  const client = new ZooKeeperClient({ connectString });
  await client.connect();
  const reconnected = new Promise<Promise<void>>((resolve) => client.once('state', () => resolve(client.connect())));
  await client.close();
  await await reconnected;
  await client.close();
}

/** Closed while its handshake is unanswered (the handshake timer and the socket). */
async function closedDuringHandshake(): Promise<void> {
  const silent = createServer();
  const accepted: Socket[] = [];
  const connected = new Promise<void>((resolve) =>
    silent.on('connection', (socket) => {
      accepted.push(socket);
      resolve();
    }),
  );
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const client = new ZooKeeperClient({ connectString: `127.0.0.1:${port}` });
  const connecting = client.connect().catch(() => undefined);
  await connected;
  await client.close();
  await connecting;
  for (const socket of accepted) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
}

/** Closed while SUSPENDED: reconnect attempts refused, a request queued (the reconnect loop's and the queue's timers). */
async function closedWhileSuspended(): Promise<void> {
  const proxy = await FaultProxy.start(connectString);
  const client = new ZooKeeperClient({ connectString: proxy.connectString });
  await client.connect();
  const suspended = nextState(client, ConnectionState.SUSPENDED);
  proxy.refuse();
  proxy.cut();
  await suspended;
  const queued = client.exists('/').catch(() => undefined);
  await client.close();
  await queued;
  await proxy.close();
}

/** Closed after its session expired. */
async function closedAfterExpiry(): Promise<void> {
  const client = new ZooKeeperClient({ connectString });
  await client.connect();
  await expireSession(client);
  await client.close();
}

async function main(): Promise<void> {
  await pipelined();
  await reconnectedFromLostListener();
  await closedDuringHandshake();
  await closedWhileSuspended();
  await closedAfterExpiry();
  process.stdout.write('ALL CLOSED\n');
}

main().catch((error: unknown) => {
  process.stdout.write(`FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

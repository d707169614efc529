/**
 * Uses a client (connect, write, read, watch, lock, close) without enabling OpenTelemetry, then prints the files of
 * `@opentelemetry` packages that got loaded as a JSON array: the test expects none.
 */
import { CreateMode, Lock, ZooKeeperClient } from '../../lib/client';

async function main(): Promise<void> {
  const client = new ZooKeeperClient({ connectString: process.env.ZK_SHARED_CONNECT as string });
  await client.connect();
  const path = `/otel-absent-${process.pid}`;
  await client.create(path, 'x', { mode: CreateMode.EPHEMERAL });
  await client.getData(path, { watch: () => undefined });
  await new Lock(client, `${path}-lock`).withLock(() => client.exists(path));
  await client.close();
  console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.includes('@opentelemetry'))));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { ZooKeeperClient, type ZooKeeperClientOptions } from '../../lib/client';
import { FakeZooKeeperServer } from './fake-server';

/** A fake server and a client connected to it: the fake records every request, so a test can prove none was sent. */
export interface FakeServerClient {
  fake: FakeZooKeeperServer;
  client: ZooKeeperClient;
}

/** Starts a fake server and connects a client to it with `options`. */
export async function connectToFakeServer(options: Partial<ZooKeeperClientOptions> = {}): Promise<FakeServerClient> {
  const fake = await FakeZooKeeperServer.start();
  const client = new ZooKeeperClient({ connectString: fake.connectString, ...options });
  await client.connect();
  return { fake, client };
}

/** Closes the client, then the fake server. */
export async function closeFakeServerClient({ fake, client }: FakeServerClient): Promise<void> {
  await client.close();
  await fake.close();
}

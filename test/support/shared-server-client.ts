import { ZooKeeperClient } from '../../lib/client';
import { sharedConnectString } from './zk';

/**
 * A client of the shared server for the calling describe, to read or write the tree from outside the apps under
 * test: registers a beforeAll that connects it and an afterAll that closes it.
 */
export function sharedServerClient(): ZooKeeperClient {
  const client = new ZooKeeperClient({ connectString: sharedConnectString() });
  beforeAll(() => client.connect());
  afterAll(() => client.close());
  return client;
}

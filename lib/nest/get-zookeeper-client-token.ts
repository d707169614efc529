import { ZooKeeperClient } from '../client';
import { DEFAULT_ZOOKEEPER_CLIENT_NAME } from './zookeeper.constants';

/**
 * The injection token of a client registered by `ZookeeperModule.forRoot({ name })`.
 *
 * The default client's token is the `ZooKeeperClient` class itself, so it can be injected by type as well.
 *
 * @publicApi
 */
export function getZookeeperClientToken(name: string = DEFAULT_ZOOKEEPER_CLIENT_NAME): string | typeof ZooKeeperClient {
  return name === DEFAULT_ZOOKEEPER_CLIENT_NAME ? ZooKeeperClient : `ZookeeperClient_${name}`;
}

import { Inject } from '@nestjs/common';
import { getZookeeperClientToken } from '../get-zookeeper-client-token';

/**
 * Injects the `ZooKeeperClient` registered under `name` (the default client when omitted).
 *
 * @example
 * constructor(@InjectZookeeper('audit') private readonly zk: ZooKeeperClient) {}
 *
 * @publicApi
 */
export const InjectZookeeper = (name?: string): PropertyDecorator & ParameterDecorator =>
  Inject(getZookeeperClientToken(name));

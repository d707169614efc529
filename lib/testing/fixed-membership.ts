import type { ZookeeperTestBackend, ZookeeperTestClusterHandle } from './test-server';
import { ZkTestingError } from './zk-testing.error';

/**
 * `addServer` and `removeServer` of a backend that cannot change the ensemble's membership: both reject with a
 * ZkTestingError that says so.
 */
export function fixedMembership(
  backend: ZookeeperTestBackend,
): Pick<ZookeeperTestClusterHandle, 'addServer' | 'removeServer'> {
  const refuse = (action: string): Promise<never> =>
    Promise.reject(
      new ZkTestingError(
        `cannot ${action}: the ${backend} backend does not support dynamic reconfiguration; ` +
          "use the local backend with ZookeeperTestCluster.start({ size, backend: 'local', reconfig: true })",
      ),
    );
  return {
    addServer: () => refuse('add a server'),
    removeServer: () => refuse('remove a server'),
  };
}

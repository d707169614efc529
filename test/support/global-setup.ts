import { ZookeeperTestCluster, ZookeeperTestClusterHandle } from '../../lib/testing';

declare global {
  var __sharedZookeeper: ZookeeperTestClusterHandle | undefined;
}

/** Starts the one standalone server most integration tests share; its address reaches the tests through the env. */
export default async function globalSetup(): Promise<void> {
  if (process.env.ZK_SHARED_CONNECT) return;
  const cluster = await ZookeeperTestCluster.start({ size: 1 });
  globalThis.__sharedZookeeper = cluster;
  process.env.ZK_SHARED_CONNECT = cluster.connectString;
}

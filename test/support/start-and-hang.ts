import { ZookeeperTestCluster } from '../../lib/testing';

// Starts a server, prints where its data lives, then waits to be killed: the reaper test SIGKILLs this process.
void ZookeeperTestCluster.start({ size: 1, backend: 'local' }).then((cluster) => {
  const dataDir = /zk-test-[^/]+/.exec((cluster.servers[0].logFile ?? '') + '')?.[0] ?? 'unknown';
  process.stdout.write(`DATA_DIR=${dataDir}\n`);
  setInterval(() => undefined, 60000);
});

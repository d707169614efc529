import { startContainerCluster } from './container-backend';
import { externalCluster } from './external-backend';
import { startLocalCluster } from './local-backend';
import type { LocalServerSettings } from './local-settings';
import type { ZookeeperTestBackend, ZookeeperTestClusterHandle } from './test-server';
import { ZkTestingError } from './zk-testing.error';

/** Options of {@link ZookeeperTestCluster.start}. */
export interface ZookeeperTestClusterOptions {
  /** Number of servers: 1 (standalone) or an odd ensemble. Default 1. */
  size?: 1 | 3 | 5;
  /**
   * `local` runs installed ZooKeeper JVMs (the default), `container` the official Docker image through testcontainers,
   * `external` the servers in `ZK_CONNECT`. Without a backend, `ZK_CONNECT` selects `external` (but for `reconfig`).
   */
  backend?: ZookeeperTestBackend;
  /** Settings of the local backend (tick time, session timeout bounds, extra zoo.cfg lines, JVM arguments). */
  local?: Partial<LocalServerSettings>;
  /** Image of the container backend. */
  image?: string;
  /**
   * Run the ensemble with dynamic reconfiguration on (local backend only): `reconfigEnabled=true`,
   * `standaloneEnabled=false` (so even one server forms an ensemble that can grow), the members with their client
   * addresses in a dynamic config file, and a superuser (`superAuth` on the handle) allowed to call `reconfig`. The
   * handle's `addServer` and `removeServer` then grow and shrink the running ensemble. Default false.
   */
  reconfig?: boolean;
}

/**
 * Real ZooKeeper servers for tests: a standalone server or an ensemble whose members can be stopped, killed and
 * restarted.
 *
 * @example
 * const cluster = await ZookeeperTestCluster.start({ size: 3 });
 * await cluster.servers[0].kill();
 * await cluster.stop();
 */
export const ZookeeperTestCluster = {
  /**
   * Starts the servers and resolves once every one of them is up (the external backend starts nothing: it only wraps
   * the servers in `ZK_CONNECT`). Throws for a `size` other than 1, 3 or 5, an unknown backend, the external backend
   * without `ZK_CONNECT`, or `reconfig` with the container or external backend; the local and container backends
   * throw when ZooKeeper (or a container runtime) cannot be found or a server does not start in time.
   */
  async start(options: ZookeeperTestClusterOptions = {}): Promise<ZookeeperTestClusterHandle> {
    const size = options.size ?? 1;
    if (![1, 3, 5].includes(size)) throw new ZkTestingError(`size must be 1, 3 or 5, got ${String(size)}`);
    // `ZK_CONNECT` names servers to share, which cannot be reconfigured: a reconfig cluster is started locally.
    const backend = options.backend ?? (process.env.ZK_CONNECT && options.reconfig !== true ? 'external' : 'local');
    if (options.reconfig === true && (backend === 'container' || backend === 'external')) {
      throw new ZkTestingError(
        `reconfig ensembles are supported by the local backend only, not by the ${backend} backend`,
      );
    }
    switch (backend) {
      case 'local':
        return startLocalCluster(size, options.local, options.reconfig === true);
      case 'container':
        return startContainerCluster(size, options.image);
      case 'external': {
        const connect = process.env.ZK_CONNECT;
        if (!connect) throw new ZkTestingError('the external backend needs ZK_CONNECT=host:port[,host:port...]');
        return externalCluster(connect);
      }
      default:
        throw new ZkTestingError(`unknown backend '${String(backend)}': use 'local', 'container' or 'external'`);
    }
  },
};

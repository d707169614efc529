import { Injectable, Module } from '@nestjs/common';
import { hostname } from 'node:os';
import type { ZookeeperModuleOptions, ZookeeperOptionsFactory } from '../../lib';

/**
 * The job service's configuration, read from the environment once (a stand-in for `@nestjs/config`, which this
 * sample does not need to install).
 */
@Injectable()
export class JobServiceConfig implements ZookeeperOptionsFactory {
  /** `host:port[,host:port…][/chroot]` of the ZooKeeper ensemble. */
  readonly zookeeperConnect = process.env.ZK_CONNECT ?? 'localhost:2181';
  readonly sessionTimeoutMs = Number(process.env.ZK_SESSION_TIMEOUT_MS ?? 4000);
  /** How this instance names itself in ZooKeeper and in its logs. */
  readonly instanceName = process.env.INSTANCE_NAME ?? `${hostname()}:${process.pid}`;
  readonly port = Number(process.env.PORT ?? 3000);

  createZookeeperOptions(): ZookeeperModuleOptions {
    return {
      connectString: this.zookeeperConnect,
      sessionTimeoutMs: this.sessionTimeoutMs,
      identity: this.instanceName,
      shutdownTimeoutMs: 5000,
    };
  }
}

@Module({ providers: [JobServiceConfig], exports: [JobServiceConfig] })
export class JobServiceConfigModule {}

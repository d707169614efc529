import { Injectable, Module } from '@nestjs/common';
import type { ZookeeperModuleOptions, ZookeeperOptionsFactory } from '../../../lib/nest';
import { sharedConnectString } from '../../support/zk';

/** Stands in for an application's configuration service (as `ConfigService` would). */
@Injectable()
export class ZookeeperConfig implements ZookeeperOptionsFactory {
  readonly connectString = sharedConnectString();
  readonly sessionTimeoutMs = 4000;
  factoryCalls = 0;

  createZookeeperOptions(): ZookeeperModuleOptions {
    this.factoryCalls += 1;
    return { connectString: this.connectString, sessionTimeoutMs: this.sessionTimeoutMs };
  }
}

@Module({ providers: [ZookeeperConfig], exports: [ZookeeperConfig] })
export class ZookeeperConfigModule {}

import type { DynamicModule, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { ZookeeperModule } from '../../../lib/nest';
import type { ZookeeperModuleOptions } from '../../../lib/nest';
import { sharedConnectString } from '../../support/zk';

/** Options of {@link startApp}: the module metadata of the app under test, plus the default client's options. */
export interface StartAppOptions extends ModuleMetadata {
  zookeeper?: Partial<ZookeeperModuleOptions>;
  /** Registers `ZookeeperModule.forRoot()` for the shared server unless false (tests that register their own). */
  withDefaultClient?: boolean;
}

/**
 * Compiles and initialises one application (an "instance" of the service under test) against the shared server.
 * Tests start several to play several processes: each has its own clients and sessions.
 */
export async function startApp(options: StartAppOptions): Promise<TestingModule> {
  const { zookeeper, withDefaultClient = true, imports = [], ...metadata } = options;
  const zookeeperImports: DynamicModule[] = withDefaultClient
    ? [ZookeeperModule.forRoot({ connectString: sharedConnectString(), ...zookeeper })]
    : [];
  const app = await Test.createTestingModule({ ...metadata, imports: [...zookeeperImports, ...imports] }).compile();
  return app.init();
}

/** Starts `count` instances of the same application. */
export function startApps(count: number, options: StartAppOptions): Promise<TestingModule[]> {
  return Promise.all(Array.from({ length: count }, () => startApp(options)));
}

/** Closes every app still open (safe to call on apps a test closed already). */
export async function closeApps(apps: TestingModule[]): Promise<void> {
  await Promise.all(apps.map((app) => app.close()));
}

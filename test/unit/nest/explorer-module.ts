import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { ZookeeperClientRegistry } from '../../../lib/nest/zookeeper-client.registry';
import { ZookeeperExplorer } from '../../../lib/nest/zookeeper.explorer';
import { ZookeeperMetadataAccessor } from '../../../lib/nest/zookeeper.metadata-accessor';
import { ZookeeperOrchestrator } from '../../../lib/nest/zookeeper.orchestrator';
import { ZookeeperMethodActivityRegistry } from '../../../lib/nest/zookeeper-method-activity.registry';

/**
 * The explorer with its collaborators, the real registry with no client in it, and `providers`; compiled, not yet
 * initialised. Enough for what the explorer checks before any client is used, and closing it opens no socket.
 */
export function compileExplorer(providers: (new (...args: never[]) => object)[]): Promise<TestingModule> {
  return Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      ZookeeperClientRegistry,
      ZookeeperMetadataAccessor,
      ZookeeperOrchestrator,
      ZookeeperMethodActivityRegistry,
      ZookeeperExplorer,
      ...providers,
    ],
  }).compile();
}

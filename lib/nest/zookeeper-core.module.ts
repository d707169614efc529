import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ZookeeperHealthIndicator } from './health/zookeeper.health-indicator';
import { ZookeeperClientRegistry } from './zookeeper-client.registry';
import { ZookeeperExplorer } from './zookeeper.explorer';
import { ZookeeperLeaderRegistry } from './zookeeper-leader.registry';
import { ZookeeperMetadataAccessor } from './zookeeper.metadata-accessor';
import { ZookeeperOrchestrator } from './zookeeper.orchestrator';
import { ZookeeperHoldingsTracker } from './zookeeper-holdings.tracker';
import { ZookeeperStatusService } from './zookeeper-status.service';
import { ZookeeperMethodActivityRegistry } from './zookeeper-method-activity.registry';

/**
 * What an application needs once however many clients it registers: every `ZookeeperModule.forRoot()` imports this
 * static module, and Nest instantiates a static module once per application, so decorated methods are explored and
 * run once.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    ZookeeperClientRegistry,
    ZookeeperMetadataAccessor,
    ZookeeperOrchestrator,
    ZookeeperExplorer,
    ZookeeperLeaderRegistry,
    ZookeeperHoldingsTracker,
    ZookeeperStatusService,
    ZookeeperHealthIndicator,
    ZookeeperMethodActivityRegistry,
  ],
  exports: [
    ZookeeperClientRegistry,
    ZookeeperLeaderRegistry,
    ZookeeperStatusService,
    ZookeeperHealthIndicator,
    ZookeeperMethodActivityRegistry,
    ZookeeperHoldingsTracker,
  ],
})
export class ZookeeperCoreModule {}

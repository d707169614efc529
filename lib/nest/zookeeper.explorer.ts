import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { bindDecoratedInstance } from './decorated-instance.binding';
import { scanMethods } from './decorated-methods';
import { ZookeeperMetadataAccessor } from './zookeeper.metadata-accessor';
import type { ZookeeperMethodMetadata } from './zookeeper.metadata-accessor';
import { INVALID_PATH, NON_STATIC_PROVIDER, methodRef } from './zookeeper.messages';
import { ZookeeperOrchestrator } from './zookeeper.orchestrator';
import type { DiscoveredMethod } from './zookeeper.orchestrator';
import { ZookeeperModuleError } from './zookeeper-module.error';

/** Decorator names, in the order the bootstrap error names the first one found. */
const DECORATOR_NAMES: Record<keyof ZookeeperMethodMetadata, string> = {
  zkLock: 'ZkLock',
  onLeader: 'OnLeader',
  leaderOnly: 'LeaderOnly',
  watchNode: 'WatchNode',
  watchChildren: 'WatchChildren',
};

/**
 * Finds the methods carrying ZooKeeper decorators on the application's controllers and providers when the module
 * initialises, and hands them to the orchestrator. Fails bootstrap, naming class and method, when one sits on a
 * request-scoped or transient provider, names a client that does not exist, or has an invalid path.
 */
@Injectable()
export class ZookeeperExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: ZookeeperMetadataAccessor,
    private readonly orchestrator: ZookeeperOrchestrator,
  ) {}

  /** Explores; on failure, closes the sessions already opened before the error propagates (see `abandonBootstrap`). */
  async onModuleInit(): Promise<void> {
    try {
      this.explore();
    } catch (error) {
      await this.orchestrator.abandonBootstrap(error);
    }
  }

  explore(): void {
    for (const { instance, isSingleton, className, methodName, method } of scanMethods(this.discovery, this.scanner)) {
      const metadata = this.accessor.getMetadata(method);
      if (!metadata) continue;
      if (!isSingleton) {
        const first = (Object.keys(DECORATOR_NAMES) as (keyof ZookeeperMethodMetadata)[]).find((k) => metadata[k]);
        throw new ZookeeperModuleError(NON_STATIC_PROVIDER(DECORATOR_NAMES[first ?? 'zkLock'], className, methodName));
      }
      this.register({ instance: instance as object, className, methodName }, metadata);
    }
  }

  private register(method: DiscoveredMethod, metadata: ZookeeperMethodMetadata): void {
    const where = methodRef(method.className, method.methodName);
    for (const [key, value] of Object.entries(metadata) as [keyof ZookeeperMethodMetadata, { path: unknown }][]) {
      if (value && key !== 'zkLock' && (typeof value.path !== 'string' || !value.path.startsWith('/'))) {
        throw new ZookeeperModuleError(INVALID_PATH(DECORATOR_NAMES[key], where, value.path));
      }
    }
    if (metadata.zkLock || metadata.leaderOnly) {
      bindDecoratedInstance(method.instance, this.orchestrator);
      this.orchestrator.trackInstance(method.instance);
    }
    if (metadata.zkLock) this.orchestrator.addZkLock(method, metadata.zkLock);
    if (metadata.leaderOnly) this.orchestrator.addLeaderOnly(method, metadata.leaderOnly);
    if (metadata.onLeader) this.orchestrator.addOnLeader(method, metadata.onLeader);
    if (metadata.watchNode) this.orchestrator.addWatchNode(method, metadata.watchNode);
    if (metadata.watchChildren) this.orchestrator.addWatchChildren(method, metadata.watchChildren);
  }
}

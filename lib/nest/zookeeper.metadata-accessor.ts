import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  LEADER_ONLY_METADATA,
  ON_LEADER_METADATA,
  WATCH_CHILDREN_METADATA,
  WATCH_NODE_METADATA,
  ZK_LOCK_METADATA,
} from './zookeeper.constants';
import type { LeaderOnlyMetadata } from './decorators/leader-only.decorator';
import type { OnLeaderMetadata } from './decorators/on-leader.decorator';
import type { WatchChildrenMetadata } from './decorators/watch-children.decorator';
import type { WatchNodeMetadata } from './decorators/watch-node.decorator';
import type { ZkLockMetadata } from './interfaces/zk-lock-options.interface';

/** Everything the ZooKeeper decorators put on one method. */
export interface ZookeeperMethodMetadata {
  zkLock?: ZkLockMetadata;
  onLeader?: OnLeaderMetadata;
  leaderOnly?: LeaderOnlyMetadata;
  watchNode?: WatchNodeMetadata;
  watchChildren?: WatchChildrenMetadata;
}

/** Reads the metadata of the ZooKeeper decorators off a method. */
@Injectable()
export class ZookeeperMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** The decorators' metadata on `method`, or `undefined` when it has none (or is not a function). */
  getMetadata(method: unknown): ZookeeperMethodMetadata | undefined {
    if (typeof method !== 'function') return undefined;
    const metadata: ZookeeperMethodMetadata = {
      zkLock: this.reflector.get<ZkLockMetadata | undefined>(ZK_LOCK_METADATA, method),
      onLeader: this.reflector.get<OnLeaderMetadata | undefined>(ON_LEADER_METADATA, method),
      leaderOnly: this.reflector.get<LeaderOnlyMetadata | undefined>(LEADER_ONLY_METADATA, method),
      watchNode: this.reflector.get<WatchNodeMetadata | undefined>(WATCH_NODE_METADATA, method),
      watchChildren: this.reflector.get<WatchChildrenMetadata | undefined>(WATCH_CHILDREN_METADATA, method),
    };
    return Object.values(metadata).some((value) => value !== undefined) ? metadata : undefined;
  }
}

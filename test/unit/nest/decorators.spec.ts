import 'reflect-metadata';
import { Get, Injectable } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { Cron, Interval } from '@nestjs/schedule';
import { ZooKeeperClient } from '../../../lib/client';
import { LeaderOnly, OnLeader, WatchChildren, WatchNode, ZkLock, getZookeeperClientToken } from '../../../lib/nest';
import { ZookeeperMetadataAccessor } from '../../../lib/nest/zookeeper.metadata-accessor';

const SCHEDULE_INTERVAL_OPTIONS = 'SCHEDULE_INTERVAL_OPTIONS';
const SCHEDULE_CRON_OPTIONS = 'SCHEDULE_CRON_OPTIONS';

@Injectable()
class Decorated {
  @ZkLock('/locks/above', { onBusy: 'skip', holdAtLeastMs: 100 })
  @Interval(1000)
  lockAbove(): string {
    return 'above';
  }

  @Interval(1000)
  @ZkLock('/locks/below')
  lockBelow(): string {
    return 'below';
  }

  @LeaderOnly('/election')
  @Cron('* * * * *')
  leaderAbove(): void {}

  @Get('route')
  @ZkLock((id: string) => `/locks/${id}`, { onBusy: 'throw', client: 'other' })
  route(_id: string): void {}

  @OnLeader('/election', { id: 'me', releaseOnReturn: true })
  lead(_signal: AbortSignal): void {}

  @WatchNode('/flags', { parse: 'json' })
  @WatchChildren('/members')
  watch(): void {}

  plain(): void {}
}

const accessor = new ZookeeperMetadataAccessor(new Reflector());
const proto = Decorated.prototype;

describe('decorators', () => {
  it('keep other decorators’ metadata on the wrapped method, in either order', () => {
    for (const method of [proto.lockAbove, proto.lockBelow]) {
      expect(Reflect.getMetadata(SCHEDULE_INTERVAL_OPTIONS, method)).toEqual({ timeout: 1000 });
    }
    expect(Reflect.getMetadata(SCHEDULE_CRON_OPTIONS, proto.leaderAbove)).toMatchObject({ cronTime: '* * * * *' });
    expect(Reflect.getMetadata(PATH_METADATA, proto.route)).toBe('route');
    expect(proto.lockAbove.name).toBe('lockAbove');
  });

  it('record their options for the explorer', () => {
    expect(accessor.getMetadata(proto.lockAbove)?.zkLock).toMatchObject({
      path: '/locks/above',
      onBusy: 'skip',
      holdAtLeastMs: 100,
      className: 'Decorated',
      methodName: 'lockAbove',
    });
    expect(accessor.getMetadata(proto.lockBelow)?.zkLock).toMatchObject({ path: '/locks/below', onBusy: 'wait' });
    const route = accessor.getMetadata(proto.route)?.zkLock;
    expect(route).toMatchObject({ onBusy: 'throw', client: 'other' });
    expect(typeof route?.path === 'function' && route.path('42')).toBe('/locks/42');
    expect(accessor.getMetadata(proto.leaderAbove)?.leaderOnly).toEqual({ path: '/election' });
    expect(accessor.getMetadata(proto.lead)?.onLeader).toEqual({ path: '/election', id: 'me', releaseOnReturn: true });
    expect(accessor.getMetadata(proto.watch)).toMatchObject({
      watchNode: { path: '/flags', parse: 'json' },
      watchChildren: { path: '/members' },
    });
    expect(accessor.getMetadata(proto.plain)).toBeUndefined();
    expect(accessor.getMetadata('not a function')).toBeUndefined();
  });

  it('reject invalid options when the class is defined', () => {
    expect(() => ZkLock('relative/path')).not.toThrow();
    expect(() => {
      class Bad {
        @ZkLock('relative/path')
        m(): void {}
      }
      return Bad;
    }).toThrow(/@ZkLock\(\) on Bad\.m\(\) needs an absolute ZooKeeper path/);
    expect(() => {
      class Bad {
        @ZkLock('/x', { onBusy: 'skip', waitTimeoutMs: 10 })
        m(): void {}
      }
      return Bad;
    }).toThrow(/waitTimeoutMs only applies to onBusy: 'wait'/);
    expect(() => {
      class Bad {
        @LeaderOnly('nope')
        m(): void {}
      }
      return Bad;
    }).toThrow(/@LeaderOnly\(\) on Bad\.m\(\) needs an absolute ZooKeeper path/);
  });

  it('guard direct calls on instances ZookeeperModule does not manage', () => {
    expect(() => new Decorated().leaderAbove()).toThrow(
      /@LeaderOnly\(\) on Decorated\.leaderAbove\(\) was called on an instance ZookeeperModule does not manage/,
    );
  });
});

describe('getZookeeperClientToken', () => {
  it('is the client class for the default client and a per-name string otherwise', () => {
    expect(getZookeeperClientToken()).toBe(ZooKeeperClient);
    expect(getZookeeperClientToken('default')).toBe(ZooKeeperClient);
    expect(getZookeeperClientToken('audit')).toBe('ZookeeperClient_audit');
  });
});

import { Controller, Inject, Module, UseGuards } from '@nestjs/common';
import type { CanActivate, DynamicModule, MiddlewareConsumer, NestModule, Type } from '@nestjs/common';
import type { Socket } from 'node:net';
import { ZookeeperCoreModule } from '../zookeeper-core.module';
import { ZookeeperModuleError } from '../zookeeper-module.error';
import { ZookeeperDashboardActions } from './zookeeper-dashboard.actions';
import { ZookeeperDashboardConnections } from './zookeeper-dashboard.connections';
import { ZookeeperDashboardController } from './zookeeper-dashboard.controller';
import {
  ConfigurableZookeeperDashboardModule,
  ZOOKEEPER_DASHBOARD_ASYNC_OPTIONS_TYPE,
  ZOOKEEPER_DASHBOARD_OPTIONS_TYPE,
} from './zookeeper-dashboard.module-definition';
import { ZookeeperDashboardService } from './zookeeper-dashboard.service';
import { ZookeeperDashboardUpdates } from './zookeeper-dashboard.updates';

/** The controller class one imported dashboard mounts. */
const DASHBOARD_CONTROLLER = Symbol('ZookeeperDashboardController');

/**
 * What `ZookeeperDashboardModule.forRoot()` takes: the options plus `path` and `guards`.
 *
 * @useDeclaredType
 * @publicApi
 */
export type ZookeeperDashboardRootOptions = typeof ZOOKEEPER_DASHBOARD_OPTIONS_TYPE;

/**
 * What `ZookeeperDashboardModule.forRootAsync()` takes: `imports`, `inject`, `useFactory` | `useClass` |
 * `useExisting`, with `path` and `guards` next to them (the routes are made before the factory runs).
 *
 * @useDeclaredType
 * @publicApi
 */
export type ZookeeperDashboardAsyncOptions = typeof ZOOKEEPER_DASHBOARD_ASYNC_OPTIONS_TYPE;

/**
 * A web page, served by the application, that shows coordination as it is in ZooKeeper: who leads each election and
 * who waits, who holds each lock with its fencing token and since when, who waits behind, semaphores, leases, parties
 * and partitioners (kazoo's and Curator's nodes too), this application's session and decorated methods, and a tree
 * browser. It updates live. It ships its page in the package: no front-end build, no CDN.
 *
 * It shows your fleet's coordination state and, with `allowActions`, changes it: protect it with `guards` (or a
 * global guard) and never expose it unauthenticated.
 *
 * @example
 * \@Module({
 *   imports: [
 *     ZookeeperModule.forRoot({ connectString: 'localhost:2181' }),
 *     ZookeeperDashboardModule.forRoot({ path: 'zookeeper', guards: [AdminGuard], locks: ['/locks/billing'] }),
 *   ],
 * })
 * export class AppModule {}
 *
 * @publicApi
 */
@Module({})
export class ZookeeperDashboardModule extends ConfigurableZookeeperDashboardModule implements NestModule {
  /** @internal Created by Nest, once per imported dashboard, with that dashboard's controller. */
  constructor(
    @Inject(DASHBOARD_CONTROLLER) private readonly controller: Type,
    @Inject(ZookeeperDashboardConnections) private readonly connections: ZookeeperDashboardConnections,
  ) {
    super();
  }

  /** Counts the connections of every request to the dashboard's routes, before any guard runs. */
  configure(consumer: MiddlewareConsumer): void {
    // A function, so the requests reach the provider whose shutdown hook ends their connections.
    consumer
      .apply((request: { socket?: Socket }, response: unknown, next: () => void) =>
        this.connections.use(request, response, next),
      )
      .forRoutes(this.controller);
  }

  /** From static options. */
  static override forRoot(options: ZookeeperDashboardRootOptions = {}): DynamicModule {
    return withRoutes(super.forRoot(options), options.path, options.guards);
  }

  /** From options made by `useFactory` (with `imports`/`inject`), `useClass` or `useExisting`. */
  static override forRootAsync(options: ZookeeperDashboardAsyncOptions): DynamicModule {
    return withRoutes(super.forRootAsync(options), options.path, options.guards);
  }
}

function withRoutes(
  module: DynamicModule,
  path: string | undefined,
  guards: (Type<CanActivate> | CanActivate)[] | undefined,
): DynamicModule {
  const route = (path ?? 'zookeeper').replace(/^\/+|\/+$/g, '');
  if (typeof path !== 'undefined' && (typeof path !== 'string' || route === '')) {
    throw new ZookeeperModuleError(`ZookeeperDashboardModule: "path" must name a route, such as 'zookeeper'`);
  }
  // A class per module, so two dashboards (two clients, two paths) keep their own route and guards.
  class MountedZookeeperDashboardController extends ZookeeperDashboardController {}
  Controller(route)(MountedZookeeperDashboardController);
  if (guards && guards.length > 0) UseGuards(...guards)(MountedZookeeperDashboardController);
  return {
    ...module,
    imports: [...(module.imports ?? []), ZookeeperCoreModule],
    controllers: [...(module.controllers ?? []), MountedZookeeperDashboardController],
    providers: [
      ...(module.providers ?? []),
      ZookeeperDashboardService,
      ZookeeperDashboardUpdates,
      ZookeeperDashboardActions,
      ZookeeperDashboardConnections,
      { provide: DASHBOARD_CONTROLLER, useValue: MountedZookeeperDashboardController },
    ],
  };
}

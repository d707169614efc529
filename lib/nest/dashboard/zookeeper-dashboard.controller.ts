import {
  Body,
  ForbiddenException,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
  Sse,
} from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { dashboardAsset, dashboardPage } from './dashboard-assets';
import type { ZookeeperDashboardSnapshot, ZookeeperDashboardTreeNode } from './zookeeper-dashboard-snapshot.interface';
import { ZookeeperDashboardActions } from './zookeeper-dashboard.actions';
import { ZookeeperDashboardService } from './zookeeper-dashboard.service';
import { ZookeeperDashboardUpdates } from './zookeeper-dashboard.updates';

/** The header the page sends with every action: a cross-site form cannot set it, so it stops forged requests. */
export const DASHBOARD_ACTION_HEADER = 'x-zookeeper-dashboard';

/** What the routes read of a request, on Express and Fastify alike. */
interface DashboardRequest {
  readonly url?: string;
  readonly originalUrl?: string;
  readonly ip?: string;
  readonly user?: unknown;
}

/** The body of an action. */
interface ActionBody {
  readonly path?: unknown;
  readonly node?: unknown;
  readonly confirm?: unknown;
}

/**
 * The dashboard's routes: the page and its two files, the JSON snapshot, the event stream, the tree, and the
 * actions. `ZookeeperDashboardModule` mounts a subclass of it at the configured path, with the configured guards.
 */
export class ZookeeperDashboardController {
  // Injected by token: the subclass the module mounts carries no class decorator of its own to emit parameter types.
  constructor(
    @Inject(ZookeeperDashboardService) private readonly dashboard: ZookeeperDashboardService,
    @Inject(ZookeeperDashboardUpdates) private readonly updates: ZookeeperDashboardUpdates,
    @Inject(ZookeeperDashboardActions) private readonly actions: ZookeeperDashboardActions,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(@Req() request: DashboardRequest): string {
    return dashboardPage(request.originalUrl ?? request.url);
  }

  @Get('assets/dashboard.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return dashboardAsset('dashboard.js');
  }

  @Get('assets/dashboard.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  style(): string {
    return dashboardAsset('dashboard.css');
  }

  @Get('assets/favicon.svg')
  @Header('Content-Type', 'image/svg+xml')
  icon(): string {
    return dashboardAsset('favicon.svg');
  }

  @Get('api/snapshot')
  @Header('Cache-Control', 'no-store')
  snapshot(): Promise<ZookeeperDashboardSnapshot> {
    return this.dashboard.snapshot();
  }

  @Sse('api/events')
  events(): Observable<MessageEvent> {
    // A browser's EventSource comes back as soon as its stream ends; an error status, unlike an empty stream, tells
    // it to stay away, so it does not keep the closing server's connection busy.
    if (this.updates.isClosed) throw new ServiceUnavailableException('The application is shutting down');
    return this.updates.snapshots().pipe(map((snapshot) => ({ data: snapshot })));
  }

  @Get('api/tree')
  @Header('Cache-Control', 'no-store')
  tree(@Query('path') path: unknown): Promise<ZookeeperDashboardTreeNode> {
    return this.dashboard.node(typeof path === 'string' && path !== '' ? path : '/');
  }

  @Post('api/actions/step-down')
  @HttpCode(200)
  async stepDown(
    @Body() body: ActionBody | undefined,
    @Headers(DASHBOARD_ACTION_HEADER) header: unknown,
    @Req() request: DashboardRequest,
  ): Promise<{ message: string }> {
    this.checkAction(header);
    return { message: await this.actions.stepDown(body?.path, actor(request)) };
  }

  @Post('api/actions/release')
  @HttpCode(200)
  async release(
    @Body() body: ActionBody | undefined,
    @Headers(DASHBOARD_ACTION_HEADER) header: unknown,
    @Req() request: DashboardRequest,
  ): Promise<{ message: string }> {
    this.checkAction(header);
    return { message: await this.actions.release(body?.path, body?.node, actor(request)) };
  }

  @Post('api/actions/delete')
  @HttpCode(200)
  async delete(
    @Body() body: ActionBody | undefined,
    @Headers(DASHBOARD_ACTION_HEADER) header: unknown,
    @Req() request: DashboardRequest,
  ): Promise<{ message: string }> {
    this.checkAction(header);
    return { message: await this.actions.delete(body?.path, body?.node, body?.confirm, actor(request)) };
  }

  private checkAction(header: unknown): void {
    if (!this.dashboard.actionsAllowed) {
      throw new ForbiddenException('The dashboard is read-only: its actions need the allowActions option');
    }
    if (header !== '1') throw new ForbiddenException(`Dashboard actions need the header ${DASHBOARD_ACTION_HEADER}: 1`);
  }
}

/** Who asked for an action, for the audit log: the authenticated user if a guard set one, and the address. */
function actor(request: DashboardRequest): string {
  const user = request.user as Record<string, unknown> | undefined;
  const name = ['username', 'name', 'email', 'sub', 'id']
    .map((key) => user?.[key])
    .find((value) => typeof value === 'string' || typeof value === 'number');
  const who = name === undefined ? 'an unauthenticated user' : `user ${String(name)}`;
  return `${who} from ${request.ip ?? 'an unknown address'}`;
}

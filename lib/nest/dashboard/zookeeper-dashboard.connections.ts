import { Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Socket } from 'node:net';
import type { Observable } from 'rxjs';

/**
 * Remembers the connections the dashboard's page uses, and ends them when the application shuts down. An open page
 * polls and reconnects its event stream on keep-alive connections, which an HTTP server that is closing keeps
 * serving: without this, `app.close()` would wait for as long as someone looks at the page.
 */
@Injectable()
export class ZookeeperDashboardConnections implements NestInterceptor, BeforeApplicationShutdown {
  private readonly sockets = new Set<Socket>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const socket = context.switchToHttp().getRequest<{ socket?: Socket }>().socket;
    if (socket && !socket.destroyed && !this.sockets.has(socket)) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    return next.handle();
  }

  /** After the event streams ended (module destroy), before the HTTP server closes: ends the page's connections. */
  beforeApplicationShutdown(): void {
    for (const socket of this.sockets) socket.end();
    this.sockets.clear();
  }
}

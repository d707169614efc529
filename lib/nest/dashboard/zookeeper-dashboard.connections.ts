import { Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Socket } from 'node:net';

/**
 * Remembers the connections the dashboard's page uses, and ends them when the application shuts down. An open page
 * polls and reconnects its event stream on keep-alive connections, which an HTTP server that is closing keeps
 * serving: without this, `app.close()` would wait for as long as someone looks at the page. A middleware rather than
 * an interceptor, so that requests a guard refuses (a page left open after a logout) are counted too.
 */
@Injectable()
export class ZookeeperDashboardConnections implements BeforeApplicationShutdown {
  private readonly sockets = new Set<Socket>();

  /** The middleware: notes the request's connection. */
  use(request: { socket?: Socket }, _response: unknown, next: () => void): void {
    const socket = request.socket;
    if (socket && !socket.destroyed && !this.sockets.has(socket)) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    next();
  }

  /** After the event streams ended (module destroy), before the HTTP server closes: ends the page's connections. */
  beforeApplicationShutdown(): void {
    for (const socket of this.sockets) socket.end();
    this.sockets.clear();
  }
}

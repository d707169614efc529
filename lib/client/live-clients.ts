import type { ClientStats } from './client-stats';
import type { ConnectionState } from './connection-state';

/** What observers read of a live client (the client itself, seen through what they use). */
export interface LiveClient {
  readonly state: ConnectionState;
  readonly closed: boolean;
  stats(): ClientStats;
}

/**
 * The clients of this process that are connected or reconnecting (every state but LOST), for observers that
 * sample them (OpenTelemetry's session-state and watch gauges). A client leaves when its session ends, so an
 * abandoned, closed or expired client is not kept alive by this set.
 */
export const liveClients = new Set<LiveClient>();

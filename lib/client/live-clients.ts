import type { ZooKeeperClient } from './zookeeper-client';

/**
 * The clients of this process that are connected or reconnecting (every state but LOST), for observers that
 * sample them (OpenTelemetry's session-state and watch gauges). A client leaves when its session ends, so an
 * abandoned, closed or expired client is not kept alive by this set.
 */
export const liveClients = new Set<ZooKeeperClient>();

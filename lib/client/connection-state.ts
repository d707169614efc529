/**
 * The client's view of its session, as kazoo tracks it: CONNECTED (or CONNECTED_READ_ONLY to a read-only server),
 * SUSPENDED (the connection is lost but the session may live; the client is reconnecting), LOST (no session: before
 * `connect()`, after expiry, after `close()`).
 */
export enum ConnectionState {
  CONNECTED = 'CONNECTED',
  CONNECTED_READ_ONLY = 'CONNECTED_READ_ONLY',
  SUSPENDED = 'SUSPENDED',
  LOST = 'LOST',
}

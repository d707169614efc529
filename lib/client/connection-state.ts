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

/**
 * Why the state changed, the third argument of the client's 'state' event: `'connected'` (a connection is up),
 * `'disconnected'` (the connection broke; SUSPENDED), and for LOST `'expired'` (the server expired the session),
 * `'closed'` (`close()` was called), `'auth-failed'` (the server refused an identity), `'connect-timeout'` (`connect()`
 * found no server within its timeout) or `'failed'` (the reconnect loop failed unexpectedly).
 */
export type StateChangeReason =
  | 'connected'
  | 'disconnected'
  | 'expired'
  | 'closed'
  | 'auth-failed'
  | 'connect-timeout'
  | 'failed';

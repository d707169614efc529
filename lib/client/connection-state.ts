/**
 * The client's view of its session, as kazoo tracks it: CONNECTED (or CONNECTED_READ_ONLY to a read-only server),
 * SUSPENDED (the connection is lost but the session may live; the client is reconnecting), LOST (no session: before
 * `connect()`, after expiry, after `close()`).
 */
export enum ConnectionState {
  /** Connected to a read-write server with a live session: requests are sent at once. */
  CONNECTED = 'CONNECTED',
  /** Connected to a read-only server (`readOnly: true`): reads work, writes fail with NotReadOnlyError. */
  CONNECTED_READ_ONLY = 'CONNECTED_READ_ONLY',
  /** The connection broke and the client is reconnecting; the session, its ephemerals and watches may still live. */
  SUSPENDED = 'SUSPENDED',
  /** No session: before `connect()`, and after the session expired, was closed or failed (see StateChangeReason). */
  LOST = 'LOST',
}

/**
 * Why the state changed, the third argument of the client's 'state' event: `'connected'` (a connection is up),
 * `'disconnected'` (the connection broke; SUSPENDED), and for LOST `'expired'` (the server expired the session),
 * `'closed'` (`close()` was called), `'auth-failed'` (the server refused an identity), `'connect-timeout'` (`connect()`
 * found no server within its timeout) or `'failed'` (the reconnect loop failed unexpectedly).
 */
export type StateChangeReason =
  'connected' | 'disconnected' | 'expired' | 'closed' | 'auth-failed' | 'connect-timeout' | 'failed';

import { randomBytes } from 'node:crypto';

/** The connect string of the standalone server started once per test run by global-setup. */
export function sharedConnectString(): string {
  const connect = process.env.ZK_SHARED_CONNECT;
  if (!connect) throw new Error('ZK_SHARED_CONNECT is not set: run integration tests through jest (global-setup)');
  return connect;
}

/** A fresh absolute path no other test uses, so tests sharing one server do not see each other's nodes. */
export function uniquePath(name = 'node'): string {
  return `/t-${name}-${randomBytes(6).toString('hex')}`;
}

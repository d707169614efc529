import { ConnectionState, ZooKeeperClient } from '../client';
import { ZkTestingError } from './zk-testing.error';

/**
 * Expires `client`'s session the way ZooKeeper's own tests do: a second connection presents the same session id and
 * password, then closes the session. Resolves once `client` has seen `LOST`; rejects if it has not within
 * `timeoutMs` (a hang guard, generous by default).
 */
export async function expireSession(client: ZooKeeperClient, options: { timeoutMs?: number } = {}): Promise<void> {
  const server = client.server;
  if (client.state === ConnectionState.LOST || server === undefined) {
    throw new ZkTestingError('expireSession needs a connected client');
  }
  const timeoutMs = options.timeoutMs ?? 60000;
  const twin = new ZooKeeperClient({
    connectString: server,
    session: { id: client.sessionId, password: client.sessionPassword },
    sessionTimeoutMs: client.negotiatedTimeoutMs,
  });
  try {
    await twin.connect();
  } catch (error) {
    await twin.close();
    throw error;
  }
  // Only closing the twin ends the session, so the client cannot see LOST before this listener is in place.
  const lost = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('state', onState);
      reject(
        new ZkTestingError(`session 0x${client.sessionId.toString(16)} was closed but the client did not report LOST`),
      );
    }, timeoutMs);
    const onState = (state: ConnectionState) => {
      if (state !== ConnectionState.LOST) return;
      clearTimeout(timer);
      client.off('state', onState);
      resolve();
    };
    client.on('state', onState);
  });
  await twin.close();
  await lost;
}

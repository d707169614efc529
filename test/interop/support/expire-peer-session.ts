import { ZooKeeperClient } from '../../../lib/client/zookeeper-client';

/**
 * Expires another process's session (a Java peer's, which reported its id and password) the way ZooKeeper's own
 * tests do: a second connection presents the same session and closes it.
 */
export async function expirePeerSession(connectString: string, idHex: string, passwordBase64: string): Promise<void> {
  const twin = new ZooKeeperClient({
    connectString,
    session: { id: BigInt(`0x${idHex}`), password: Buffer.from(passwordBase64, 'base64') },
    sessionTimeoutMs: 10000,
  });
  try {
    await twin.connect();
  } finally {
    await twin.close();
  }
}

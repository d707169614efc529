import type { EnsembleConfig, ReconfigChange } from '../client/zookeeper-client';
import { ZooKeeperClient } from '../client/zookeeper-client';
import { ErrorCode } from '../protocol/error-codes';
import { ZooKeeperError } from '../protocol/zookeeper-error';
import { ZkTestingError } from './zk-testing.error';

/**
 * How long a membership change keeps retrying what ZooKeeper reports as passing: another change still in progress,
 * a lost connection while the leader hands over, new voters not synced yet. ZooKeeper's own ReconfigTest gives up
 * after 30 tries a second apart.
 */
const RETRY_LIMIT_MS = 30000;
const RETRY_PAUSE_MS = 250;

const TRANSIENT = new Set<number>([
  ErrorCode.RECONFIGINPROGRESS,
  ErrorCode.NEWCONFIGNOQUORUM,
  ErrorCode.CONNECTIONLOSS,
  ErrorCode.OPERATIONTIMEOUT,
]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isTransient(error: unknown): boolean {
  return error instanceof ZooKeeperError && TRANSIENT.has(error.code);
}

/** Runs `attempt` until it succeeds, fails for good, or the retry limit passes (then the last error is thrown). */
async function retrying<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + RETRY_LIMIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (Date.now() >= deadline) {
        throw new ZkTestingError(`${what}: still failing after ${RETRY_LIMIT_MS} ms: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    await sleep(RETRY_PAUSE_MS);
  }
}

/**
 * A session authenticated as the cluster's superuser, on the servers of `connectString`, for as long as `work`
 * runs. The superuser is the one identity that may write `/zookeeper/config` without an ACL set for it.
 */
export async function asSuperUser<T>(
  connectString: string,
  credentials: string,
  work: (client: ZooKeeperClient) => Promise<T>,
): Promise<T> {
  const client = new ZooKeeperClient({ connectString, auth: [{ scheme: 'digest', credentials }] });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close();
  }
}

/** The committed membership, as the leader has it: `sync` first, since the server the client is on may lag. */
export function currentConfig(client: ZooKeeperClient): Promise<EnsembleConfig> {
  return retrying('reading /zookeeper/config', async () => {
    await client.sync('/');
    return client.getConfig();
  });
}

/**
 * Sends `change` until the leader commits it, retrying what passes. When a retry is due, the config is read first:
 * a change whose reply was lost with the connection may have been applied, and `done` tells whether it was.
 */
export function reconfigure(
  client: ZooKeeperClient,
  change: ReconfigChange,
  done: (config: EnsembleConfig) => boolean,
): Promise<EnsembleConfig> {
  let first = true;
  return retrying(`reconfig ${JSON.stringify(change)}`, async () => {
    if (!first) {
      const config = await currentConfig(client);
      if (done(config)) return config;
    }
    first = false;
    return client.reconfig(change);
  });
}

/**
 * Commits a write that changes nothing (a transaction of one `check` of `/` at any version) and waits for it. A
 * committed reconfig only means the leader sent out the activation; once a later write has committed, the new
 * configuration is active and a quorum of it is all the ensemble needs (zookeeperReconfig.md, "Progress
 * guarantees"), so a removed server may then be stopped. `sync` does not give that guarantee; a write does.
 */
export function confirmActivation(client: ZooKeeperClient): Promise<void> {
  return retrying('a write after the reconfig', async () => {
    await client.transaction().check('/', -1).commit();
  });
}

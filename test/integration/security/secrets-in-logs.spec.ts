import { AuthFailedError, NoAuthError, Perms, ZooKeeperClient } from '../../../lib/client';
import { ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { CapturingLogger, describe as describeError } from './support';

jest.setTimeout(60000);

const PASSWORD = 'Pa55-w0rd-must-never-leak';
const WRONG_PASSWORD = 'Wr0ng-pa55-must-never-leak';
const DIGEST_PASSWORD = 'd1gest-pa55-must-never-leak';

describe('credentials never appear in logs or errors', () => {
  let cluster: ZookeeperTestClusterHandle;
  const logger = new CapturingLogger();
  const errors: unknown[] = [];
  const clients: ZooKeeperClient[] = [];
  const make = (options: Partial<ConstructorParameters<typeof ZooKeeperClient>[0]>): ZooKeeperClient => {
    const client = new ZooKeeperClient({
      connectString: cluster.servers[0].tls!.connectString,
      tls: { ca: cluster.servers[0].tls!.caPem },
      logger,
      connectTimeoutMs: 5000,
      ...options,
    });
    clients.push(client);
    return client;
  };
  const capture = async (promise: Promise<unknown>): Promise<unknown> => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      errors.push(error);
      return error;
    }
  };

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({
      size: 1,
      backend: 'local',
      local: { tls: true, sasl: { users: { alice: PASSWORD } } },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await cluster?.stop();
  });

  it('over TLS + SASL: success, refusal, a wrong CA, request errors, reconnects and close', async () => {
    // Success over TLS with SASL and a digest identity, and a request error.
    const alice = make({
      sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: PASSWORD },
      auth: [{ scheme: 'digest', credentials: `dave:${DIGEST_PASSWORD}` }],
      sessionTimeoutMs: 20000,
    });
    await alice.connect();
    expect(await alice.whoAmI()).toContainEqual({ scheme: 'sasl', id: 'alice' });
    await alice.create('/secret-node', 'x', { acl: [{ perms: Perms.ALL, id: { scheme: 'sasl', id: 'alice' } }] });
    expect(await capture(alice.create('/secret-node', 'again'))).toBeDefined();
    expect(await capture(alice.getData('/missing/node'))).toBeDefined();

    // A connection loss and re-authentication.
    await cluster.servers[0].restart();
    await alice.setData('/secret-node', 'after restart');

    // A refused password.
    const mallory = make({ sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: WRONG_PASSWORD } });
    expect(await capture(mallory.connect())).toBeInstanceOf(AuthFailedError);
    expect(await capture(mallory.exists('/'))).toBeInstanceOf(AuthFailedError);

    // A client that does not trust the server's certificate.
    const untrusting = make({
      tls: {},
      connectTimeoutMs: 1500,
      sasl: { mechanism: 'DIGEST-MD5', username: 'alice', password: PASSWORD },
    });
    expect(await capture(untrusting.connect())).toBeDefined();

    // A plain client without the identity.
    const anonymous = make({ connectString: cluster.servers[0].connectString, tls: undefined });
    await anonymous.connect();
    expect(await capture(anonymous.getData('/secret-node'))).toBeInstanceOf(NoAuthError);

    await Promise.all(clients.map((client) => client.close()));
    expect(await capture(alice.getData('/secret-node'))).toBeDefined();

    // Something was logged at every level of interest, so the check below is not vacuous.
    expect(logger.lines.some((line) => line.startsWith('debug'))).toBe(true);
    expect(logger.lines.some((line) => line.startsWith('error') && /SASL/.test(line))).toBe(true);
    expect(errors.length).toBeGreaterThanOrEqual(6);

    const everything = logger.text + '\n' + errors.map(describeError).join('\n');
    for (const secret of [PASSWORD, WRONG_PASSWORD, DIGEST_PASSWORD]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
      expect(everything).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });
});

import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { fixedMembership } from './fixed-membership';
import { parseServerMode, sendFourLetterWord, ServerMode } from './four-letter-word';
import type { ZookeeperTestClusterHandle, ZookeeperTestServer } from './test-server';
import { ZkTestingError } from './zk-testing.error';

type Testcontainers = typeof import('testcontainers');

/** The official image; 3.8 matches the server Debian ships, so both backends test the same behaviour. */
export const DEFAULT_ZOOKEEPER_IMAGE = 'zookeeper:3.8';

function loadTestcontainers(): Testcontainers {
  try {
    // Loaded on demand: testcontainers is only needed by users of this backend.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('testcontainers') as Testcontainers;
  } catch {
    throw new ZkTestingError("The container backend needs the 'testcontainers' package: npm install -D testcontainers");
  }
}

/**
 * Tells whether a container runtime (Docker or compatible) is reachable. Resolves with `undefined` when it is,
 * otherwise with the reason, so tests can print why they are skipped.
 */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  let testcontainers: Testcontainers;
  try {
    testcontainers = loadTestcontainers();
  } catch (error) {
    return (error as Error).message;
  }
  try {
    await testcontainers.getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no container runtime reachable: ${(error as Error).message.split('\n')[0]}`;
  }
}

class ContainerServer implements ZookeeperTestServer {
  private container: StartedTestContainer | undefined;

  constructor(
    readonly id: number,
    private readonly launch: () => Promise<StartedTestContainer>,
  ) {}

  get host(): string {
    return this.require().getHost();
  }

  get clientPort(): number {
    return this.require().getMappedPort(2181);
  }

  get connectString(): string {
    return `${this.host}:${this.clientPort}`;
  }

  get running(): boolean {
    return this.container !== undefined;
  }

  private require(): StartedTestContainer {
    if (!this.container) throw new ZkTestingError(`container server ${this.id} is not running`);
    return this.container;
  }

  async start(): Promise<void> {
    if (!this.container) this.container = await this.launch();
  }

  async stop(): Promise<void> {
    const container = this.container;
    this.container = undefined;
    await container?.stop({ timeout: 10000 });
  }

  async kill(): Promise<void> {
    const container = this.container;
    this.container = undefined;
    await container?.stop({ timeout: 0 });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async mode(): Promise<ServerMode> {
    return parseServerMode(await this.fourLetterWord('srvr'));
  }

  fourLetterWord(word: string): Promise<string> {
    return sendFourLetterWord(this.host, this.clientPort, word);
  }
}

/**
 * Starts `size` servers from the official image on a private network. A restarted container gets a new mapped port,
 * so tests that restart servers of this backend read `connectString` again afterwards.
 */
export async function startContainerCluster(
  size: number,
  image = DEFAULT_ZOOKEEPER_IMAGE,
): Promise<ZookeeperTestClusterHandle> {
  const testcontainers = loadTestcontainers();
  const network: StartedNetwork = await new testcontainers.Network().start();
  const names = Array.from({ length: size }, (_, i) => `zk${i + 1}`);
  const serversLine = names.map((name, i) => `server.${i + 1}=${name}:2888:3888;2181`).join(' ');
  const servers = names.map(
    (name, i) =>
      new ContainerServer(i + 1, () =>
        new testcontainers.GenericContainer(image)
          .withNetwork(network)
          .withNetworkAliases(name)
          .withExposedPorts(2181)
          .withEnvironment({
            ZOO_MY_ID: String(i + 1),
            ...(size > 1 ? { ZOO_SERVERS: serversLine } : {}),
            ZOO_4LW_COMMANDS_WHITELIST: '*',
            ZOO_ADMINSERVER_ENABLED: 'false',
            ZOO_TICK_TIME: '250',
            ZOO_CFG_EXTRA: 'extendedTypesEnabled=true minSessionTimeout=500 maxSessionTimeout=60000',
          })
          .withWaitStrategy(testcontainers.Wait.forLogMessage(/binding to port|Started AdminServer|LEADING|FOLLOWING/))
          .start(),
      ),
  );
  await Promise.all(servers.map((server) => server.start()));
  let stopped = false;
  return {
    backend: 'container',
    servers,
    get connectString() {
      return servers
        .filter((s) => s.running)
        .map((s) => s.connectString)
        .join(',');
    },
    ...fixedMembership('container'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(servers.map((server) => server.kill()));
      await network.stop();
    },
  };
}

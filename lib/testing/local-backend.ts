import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findZookeeper, MISSING_ZOOKEEPER_MESSAGE, ZookeeperInstallation } from './find-zookeeper';
import { parseServerMode, sendFourLetterWord, ServerMode } from './four-letter-word';
import { freePorts } from './free-ports';
import { reapWithParent } from './process-reaper';
import { generateTestCertificates, saslServerSetup, tlsConfig, type LocalSaslSettings } from './security-material';
import type { ZookeeperTestClusterHandle, ZookeeperTestServer, ZookeeperTestServerTls } from './test-server';
import { ZkTestingError } from './zk-testing.error';

/** Settings of servers the local backend runs. */
export interface LocalServerSettings {
  /**
   * ZooKeeper's tick in ms (default 250); sessions may last from 2 ticks to `maxSessionTimeoutMs`. Short so expiry
   * tests are quick.
   */
  tickTimeMs: number;
  /** The longest session timeout the servers grant, in ms (zoo.cfg `maxSessionTimeout`; default 60000). */
  maxSessionTimeoutMs: number;
  /** How long `start()` waits for servers to serve. */
  startTimeoutMs: number;
  /** Extra lines for zoo.cfg. */
  extraConfig: Record<string, string | number | boolean>;
  /** Extra JVM arguments (heap, system properties). */
  jvmArgs: string[];
  /**
   * Serve TLS too: a `secureClientPort` (Netty, PEM stores) with a certificate for 127.0.0.1 from a CA generated with
   * `openssl` for this cluster; each server's `tls` gives the port, the CA PEM and its connect string. Default false.
   */
  tls: boolean;
  /** Accept SASL DIGEST-MD5 logins of these users (a JAAS `Server` section), optionally requiring them. */
  sasl?: LocalSaslSettings;
}

const DEFAULTS: LocalServerSettings = {
  tickTimeMs: 250,
  maxSessionTimeoutMs: 60000,
  startTimeoutMs: 60000,
  extraConfig: {},
  jvmArgs: [],
  tls: false,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ports {
  client: number;
  quorum: number;
  election: number;
  /** The `secureClientPort`, when the cluster serves TLS. */
  secure?: number;
}

class LocalServer implements ZookeeperTestServer {
  readonly host = '127.0.0.1';
  readonly logFile: string;
  /** The TLS endpoint, when the cluster serves TLS. */
  readonly tls?: ZookeeperTestServerTls;
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    private readonly ports: Ports,
    private readonly dir: string,
    private readonly configFile: string,
    private readonly installation: ZookeeperInstallation,
    private readonly settings: LocalServerSettings,
    private readonly isQuorumReady: () => Promise<boolean>,
    caPem?: string,
  ) {
    this.logFile = join(dir, 'server.log');
    if (ports.secure !== undefined && caPem !== undefined) {
      this.tls = { port: ports.secure, caPem, connectString: `${this.host}:${ports.secure}` };
    }
  }

  get clientPort(): number {
    return this.ports.client;
  }

  get connectString(): string {
    return `${this.host}:${this.ports.client}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  async start(): Promise<void> {
    if (this.process) return;
    this.launch();
    await this.waitUntilServing();
  }

  /** Spawns the JVM without waiting; the cluster starts all members before waiting for a quorum. */
  launch(): void {
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      'java',
      [
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-Dzookeeper.admin.enableServer=false',
        '-Dzookeeper.4lw.commands.whitelist=*',
        '-Dzookeeper.forceSync=no',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=info',
        ...this.settings.jvmArgs,
        '-cp',
        this.installation.classPath.join(':'),
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        this.configFile,
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    reapWithParent(child);
    this.process = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        if (this.process === child) this.process = undefined;
        resolve();
      });
      child.once('error', () => {
        if (this.process === child) this.process = undefined;
        resolve();
      });
    });
  }

  async waitUntilServing(): Promise<void> {
    const deadline = Date.now() + this.settings.startTimeoutMs;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.process) throw this.startFailure('the Java process exited');
      try {
        const ruok = await sendFourLetterWord(this.host, this.ports.client, 'ruok', 1000);
        if (ruok === 'imok') {
          const mode = parseServerMode(await sendFourLetterWord(this.host, this.ports.client, 'srvr', 1000));
          if (mode !== 'not serving' && (await this.isQuorumReady())) return;
          lastProblem = `mode ${mode}`;
        } else {
          lastProblem = `ruok answered '${ruok}'`;
        }
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      await sleep(100);
    }
    throw this.startFailure(`not serving after ${this.settings.startTimeoutMs} ms (${lastProblem})`);
  }

  private startFailure(reason: string): ZkTestingError {
    let tail = '';
    try {
      tail = readFileSync(this.logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      tail = '(log file unreadable)';
    }
    return new ZkTestingError(
      `ZooKeeper server ${this.id} on port ${this.ports.client} failed to start: ${reason}.\n` +
        `Log file: ${this.logFile}\n--- last lines ---\n${tail}`,
    );
  }

  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
  }

  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill(signal);
    const forced = setTimeout(() => child.kill('SIGKILL'), 10000);
    await this.exited;
    clearTimeout(forced);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async mode(): Promise<ServerMode> {
    return parseServerMode(await this.fourLetterWord('srvr'));
  }

  fourLetterWord(word: string): Promise<string> {
    return sendFourLetterWord(this.host, this.ports.client, word);
  }

  removeData(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function configText(
  id: number,
  dataDir: string,
  all: Ports[],
  settings: LocalServerSettings,
  security: Record<string, string | number | boolean>,
): string {
  const own = all[id - 1];
  const lines: Record<string, string | number | boolean> = {
    tickTime: settings.tickTimeMs,
    initLimit: 40,
    syncLimit: 20,
    dataDir,
    clientPort: own.client,
    clientPortAddress: '127.0.0.1',
    maxClientCnxns: 0,
    minSessionTimeout: settings.tickTimeMs * 2,
    maxSessionTimeout: settings.maxSessionTimeoutMs,
    'admin.enableServer': false,
    '4lw.commands.whitelist': '*',
    extendedTypesEnabled: true,
    standaloneEnabled: true,
    reconfigEnabled: false,
    preAllocSize: 1024,
    'autopurge.purgeInterval': 0,
    ...security,
    ...settings.extraConfig,
  };
  const text = Object.entries(lines).map(([key, value]) => `${key}=${String(value)}`);
  if (all.length > 1) {
    all.forEach((ports, index) => text.push(`server.${index + 1}=127.0.0.1:${ports.quorum}:${ports.election}`));
  }
  return text.join('\n') + '\n';
}

/** Starts `size` ZooKeeper JVMs on loopback, each with its own data directory, ports and log file. */
export async function startLocalCluster(
  size: number,
  overrides: Partial<LocalServerSettings> = {},
): Promise<ZookeeperTestClusterHandle> {
  const installation = findZookeeper();
  if (!installation) throw new ZkTestingError(MISSING_ZOOKEEPER_MESSAGE);
  const settings: LocalServerSettings = { ...DEFAULTS, ...overrides };
  const root = mkdtempSync(join(tmpdir(), 'zk-test-'));
  const perServer = settings.tls ? 4 : 3;
  const flat = await freePorts(size * perServer);
  const ports: Ports[] = Array.from({ length: size }, (_, i) => ({
    client: flat[i * perServer],
    quorum: flat[i * perServer + 1],
    election: flat[i * perServer + 2],
    secure: settings.tls ? flat[i * perServer + 3] : undefined,
  }));
  const certificates = settings.tls ? generateTestCertificates(join(root, 'tls')) : undefined;
  let saslConfig: Record<string, string | boolean> = {};
  if (settings.sasl !== undefined) {
    const sasl = saslServerSetup(join(root, 'jaas.conf'), settings.sasl);
    saslConfig = sasl.config;
    settings.jvmArgs = [...sasl.jvmArgs, ...settings.jvmArgs];
  }

  const servers: LocalServer[] = [];
  const quorumReady = async (): Promise<boolean> => {
    if (size === 1) return true;
    const modes = await Promise.all(
      servers.filter((s) => s.running).map((s) => s.mode().catch((): ServerMode => 'not serving')),
    );
    return modes.includes('leader');
  };
  for (let id = 1; id <= size; id++) {
    const dir = join(root, `server-${id}`);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), `${id}\n`);
    const configFile = join(dir, 'zoo.cfg');
    const own = ports[id - 1];
    const security = {
      ...saslConfig,
      ...(certificates && own.secure !== undefined ? tlsConfig(own.secure, certificates) : {}),
    };
    writeFileSync(configFile, configText(id, dataDir, ports, settings, security));
    servers.push(new LocalServer(id, own, dir, configFile, installation, settings, quorumReady, certificates?.caPem));
  }

  let stopped = false;
  const stopAll = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(servers.map((server) => server.kill()));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    servers.forEach((server) => server.launch());
    await Promise.all(servers.map((server) => server.waitUntilServing()));
  } catch (error) {
    // Keep the logs for the printed path; remove only the processes.
    stopped = true;
    await Promise.all(servers.map((server) => server.kill()));
    throw error;
  }

  return {
    backend: 'local',
    servers,
    connectString: servers.map((server) => server.connectString).join(','),
    stop: stopAll,
  };
}

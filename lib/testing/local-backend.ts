import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asSuperUser, confirmActivation, currentConfig, reconfigure } from './ensemble-reconfig';
import { findZookeeper, MISSING_ZOOKEEPER_MESSAGE, type ZookeeperInstallation } from './find-zookeeper';
import type { ServerMode } from './four-letter-word';
import { freePorts } from './free-ports';
import {
  dynamicConfigText,
  memberSpec,
  staticConfigText,
  type EnsembleLayout,
  type LocalPorts,
  type MemberRole,
} from './local-config';
import { LocalServer } from './local-server';
import { DEFAULT_LOCAL_SETTINGS, type LocalServerSettings } from './local-settings';
import { generateTestCertificates, saslServerSetup, tlsConfig, type TestCertificates } from './security-material';
import { createSuperUser, type SuperUser } from './super-user';
import type {
  AddServerOptions,
  RemoveServerOptions,
  ZookeeperTestAuth,
  ZookeeperTestClusterHandle,
  ZookeeperTestServer,
} from './test-server';
import { ZkTestingError } from './zk-testing.error';

/** What the servers of one local cluster share. */
interface ClusterContext {
  root: string;
  installation: ZookeeperInstallation;
  settings: LocalServerSettings;
  certificates: TestCertificates | undefined;
  saslConfig: Record<string, string | boolean>;
  /** The superuser of a reconfigurable cluster; undefined for a static one. */
  superUser: SuperUser | undefined;
}

/** The members a new server is told about: the static ports of all, or the dynamic `server.<id>=…` lines. */
type Membership = { kind: 'static'; members: readonly LocalPorts[] } | { kind: 'dynamic'; specs: readonly string[] };

async function allocatePorts(count: number, tls: boolean): Promise<LocalPorts[]> {
  const perServer = tls ? 4 : 3;
  const flat = await freePorts(count * perServer);
  return Array.from({ length: count }, (_, i) => ({
    client: flat[i * perServer],
    quorum: flat[i * perServer + 1],
    election: flat[i * perServer + 2],
    secure: tls ? flat[i * perServer + 3] : undefined,
  }));
}

/** The servers of one local cluster, its membership, and the changes made to it. */
class LocalCluster implements ZookeeperTestClusterHandle {
  readonly backend = 'local' as const;
  readonly superAuth?: ZookeeperTestAuth;
  /** The members now, in id order. */
  private members: LocalServer[] = [];
  /** Every server this cluster ever started, removed ones included: `stop()` kills them all. */
  private readonly started: LocalServer[] = [];
  private nextId = 1;
  /** Membership changes run one at a time: each reads the membership the previous one left. */
  private changes: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly context: ClusterContext) {
    if (context.superUser !== undefined) {
      this.superAuth = { scheme: 'digest', credentials: context.superUser.credentials };
    }
  }

  get servers(): readonly ZookeeperTestServer[] {
    return [...this.members];
  }

  get connectString(): string {
    return this.members.map((server) => server.connectString).join(',');
  }

  /** Creates the first `size` servers and starts them together (an ensemble elects a leader once most are up). */
  async startInitial(size: number): Promise<void> {
    const ports = await allocatePorts(size, this.context.settings.tls);
    const ids = ports.map(() => this.nextId++);
    const membership: Membership =
      this.context.superUser === undefined
        ? { kind: 'static', members: ports }
        : { kind: 'dynamic', specs: ids.map((id, i) => memberSpec(id, ports[i], 'participant')) };
    this.members = ids.map((id, i) => this.createServer(id, ports[i], membership));
    try {
      this.members.forEach((server) => server.launch());
      await Promise.all(this.members.map((server) => server.waitUntilServing()));
    } catch (error) {
      // Keep the logs for the printed path; remove only the processes.
      this.stopped = true;
      await Promise.all(this.started.map((server) => server.kill()));
      throw error;
    }
  }

  /** Writes a server's directory (myid, zoo.cfg and, when reconfigurable, zoo.cfg.dynamic); it is not started. */
  private createServer(id: number, ports: LocalPorts, membership: Membership): LocalServer {
    const { root, installation, settings, certificates, saslConfig, superUser } = this.context;
    const dir = join(root, `server-${id}`);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), `${id}\n`);
    const configFile = join(dir, 'zoo.cfg');
    // ZooKeeper later writes its own `zoo.cfg.dynamic.<version>` files and points zoo.cfg at the newest, so a restart
    // boots from the membership the server last committed.
    const dynamicFile = join(dir, 'zoo.cfg.dynamic');
    if (membership.kind === 'dynamic') writeFileSync(dynamicFile, dynamicConfigText(membership.specs));
    const layout: EnsembleLayout = membership.kind === 'static' ? membership : { kind: 'dynamic', dynamicFile };
    const security = {
      ...saslConfig,
      ...(certificates && ports.secure !== undefined ? tlsConfig(ports.secure, certificates) : {}),
    };
    writeFileSync(configFile, staticConfigText(dataDir, ports, layout, settings, security));
    const server = new LocalServer(
      id,
      ports,
      dir,
      configFile,
      installation,
      superUser === undefined ? settings : { ...settings, jvmArgs: [superUser.jvmArg, ...settings.jvmArgs] },
      () => this.hasLeader(),
      certificates?.caPem,
    );
    this.started.push(server);
    return server;
  }

  /** Whether one of the running servers leads (a lone static server serves without one). */
  private async hasLeader(): Promise<boolean> {
    if (this.context.superUser === undefined && this.started.length === 1) return true;
    const modes = await Promise.all(
      this.started.filter((s) => s.running).map((s) => s.mode().catch((): ServerMode => 'not serving')),
    );
    return modes.includes('leader');
  }

  private reconfigurable(action: string): SuperUser {
    if (this.stopped) throw new ZkTestingError(`cannot ${action}: the cluster was stopped`);
    const superUser = this.context.superUser;
    if (superUser === undefined) {
      throw new ZkTestingError(
        `cannot ${action}: the cluster was started without dynamic reconfiguration; ` +
          'start it with ZookeeperTestCluster.start({ size, reconfig: true })',
      );
    }
    return superUser;
  }

  /** Runs a membership change after the ones before it, whether they succeeded or not. */
  private serialized<T>(change: () => Promise<T>): Promise<T> {
    const next = this.changes.then(change, change);
    this.changes = next.catch(() => undefined);
    return next;
  }

  /** The members that run, as a connect string: a session for a change must not land on a stopped server. */
  private runningConnectString(except?: LocalServer): string {
    const running = this.members.filter((server) => server.running && server !== except);
    if (running.length === 0) throw new ZkTestingError('no member of the cluster is running');
    return running.map((server) => server.connectString).join(',');
  }

  addServer(options: AddServerOptions = {}): Promise<ZookeeperTestServer> {
    try {
      const superUser = this.reconfigurable('add a server');
      const role: MemberRole = options.role ?? 'participant';
      if (role !== 'participant' && role !== 'observer') {
        throw new ZkTestingError(`role must be 'participant' or 'observer', got '${String(role)}'`);
      }
      return this.serialized(() => this.join(superUser, role));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async join(superUser: SuperUser, role: MemberRole): Promise<ZookeeperTestServer> {
    const connectString = this.runningConnectString();
    const [ports] = await allocatePorts(1, this.context.settings.tls);
    const id = this.nextId++;
    const spec = memberSpec(id, ports, role);
    // The joiner must know the current members (the leader at least) to find the leader; it learns the committed
    // config from it and rewrites its own files with it.
    const current = await asSuperUser(connectString, superUser.credentials, currentConfig);
    const specs = [...current.members.map((member) => member.spec), spec];
    const server = this.createServer(id, ports, { kind: 'dynamic', specs });
    try {
      // Before the reconfig it serves as a non-voting follower, an observer too: it took the leader's config, which
      // does not list it, and restarted as a participant.
      await server.start();
      await asSuperUser(connectString, superUser.credentials, (client) =>
        reconfigure(client, { joining: [spec] }, (config) => config.members.some((member) => member.id === id)),
      );
      // A joining observer restarts once more on learning it is one; a participant keeps serving as a follower.
      await server.waitUntilServing((mode) =>
        role === 'observer' ? mode === 'observer' : mode === 'follower' || mode === 'leader',
      );
    } catch (error) {
      // Not a member: a restart would find a config without itself and could not boot.
      await server.kill();
      throw error;
    }
    this.members = [...this.members, server].sort((a, b) => a.id - b.id);
    return server;
  }

  removeServer(server: ZookeeperTestServer | number, options: RemoveServerOptions = {}): Promise<void> {
    try {
      const superUser = this.reconfigurable('remove a server');
      const id = typeof server === 'number' ? server : server.id;
      return this.serialized(() => this.leave(superUser, id, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async leave(superUser: SuperUser, id: number, options: RemoveServerOptions): Promise<void> {
    const leaving = this.members.find((member) => member.id === id);
    if (leaving === undefined) throw new ZkTestingError(`server ${id} is not a member of this cluster`);
    // Through the members that stay: the leaving one keeps serving only until it is stopped.
    await asSuperUser(this.runningConnectString(leaving), superUser.credentials, async (client) => {
      await reconfigure(client, { leaving: [id] }, (config) => !config.members.some((member) => member.id === id));
      await confirmActivation(client);
    });
    this.members = this.members.filter((member) => member !== leaving);
    try {
      await options.beforeStop?.();
    } finally {
      await leaving.stop();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.started.map((server) => server.kill()));
    rmSync(this.context.root, { recursive: true, force: true });
  }
}

/**
 * Starts `size` ZooKeeper JVMs on loopback, each with its own data directory, ports and log file. With `reconfig`,
 * the ensemble runs with dynamic reconfiguration on (members in dynamic config files, a superuser to change them)
 * and can grow and shrink.
 */
export async function startLocalCluster(
  size: number,
  overrides: Partial<LocalServerSettings> = {},
  reconfig = false,
): Promise<ZookeeperTestClusterHandle> {
  const installation = findZookeeper();
  if (!installation) throw new ZkTestingError(MISSING_ZOOKEEPER_MESSAGE);
  const settings: LocalServerSettings = { ...DEFAULT_LOCAL_SETTINGS, ...overrides };
  const root = mkdtempSync(join(tmpdir(), 'zk-test-'));
  const certificates = settings.tls ? generateTestCertificates(join(root, 'tls')) : undefined;
  let saslConfig: Record<string, string | boolean> = {};
  if (settings.sasl !== undefined) {
    const sasl = saslServerSetup(join(root, 'jaas.conf'), settings.sasl);
    saslConfig = sasl.config;
    settings.jvmArgs = [...sasl.jvmArgs, ...settings.jvmArgs];
  }
  const superUser = reconfig ? createSuperUser() : undefined;
  const cluster = new LocalCluster({ root, installation, settings, certificates, saslConfig, superUser });
  await cluster.startInitial(size);
  return cluster;
}

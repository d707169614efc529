import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ZookeeperInstallation } from './find-zookeeper';
import { parseServerMode, sendFourLetterWord, ServerMode } from './four-letter-word';
import type { LocalPorts } from './local-config';
import type { LocalServerSettings } from './local-settings';
import { reapWithParent } from './process-reaper';
import type { ZookeeperTestServer, ZookeeperTestServerTls } from './test-server';
import { ZkTestingError } from './zk-testing.error';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One ZooKeeper JVM of a local cluster: its process, ports, data directory and log file. */
export class LocalServer implements ZookeeperTestServer {
  readonly host = '127.0.0.1';
  readonly logFile: string;
  /** The TLS endpoint, when the cluster serves TLS. */
  readonly tls?: ZookeeperTestServerTls;
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    private readonly ports: LocalPorts,
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

  /**
   * Resolves once the server answers `ruok`, reports a mode `accept` takes (any serving one by default) and the
   * ensemble has a leader; throws, with the log's tail, when the process exits or `startTimeoutMs` passes.
   */
  async waitUntilServing(accept: (mode: ServerMode) => boolean = (mode) => mode !== 'not serving'): Promise<void> {
    const deadline = Date.now() + this.settings.startTimeoutMs;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.process) throw this.startFailure('the Java process exited');
      try {
        const ruok = await sendFourLetterWord(this.host, this.ports.client, 'ruok', 1000);
        if (ruok === 'imok') {
          const mode = parseServerMode(await sendFourLetterWord(this.host, this.ports.client, 'srvr', 1000));
          if (accept(mode) && (await this.isQuorumReady())) return;
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

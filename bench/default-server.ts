/**
 * The ZooKeeper server the benchmark runs against, started the way its users start it: Debian's
 * `zkServer.sh start-foreground` with Debian's default zoo.cfg plus only what the benchmark needs (each line says
 * why), and no JVM flags of ours. Or the servers of `ZK_CONNECT`, which the benchmark neither starts nor restarts.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseServerMode, sendFourLetterWord } from '../lib/testing';
import { reapWithParent } from '../lib/testing/process-reaper';

const DEBIAN_SCRIPT = '/usr/share/zookeeper/bin/zkServer.sh';
const LOG = join(__dirname, '.build', 'zookeeper-server.log');
const START_TIMEOUT_MS = 60000;
const STOP_TIMEOUT_MS = 10000;
/**
 * The only environment zkServer.sh gets. Everything else is dropped, so that nothing of the caller's environment
 * adds JVM flags: JVMFLAGS, SERVER_JVMFLAGS and ZK_SERVER_HEAP (read by zkServer.sh and zkEnv.sh), JAVA_TOOL_OPTIONS,
 * JDK_JAVA_OPTIONS and _JAVA_OPTIONS (read by the JVM itself), ZOO_NOEXEC (which would keep bash as the parent).
 */
const PASSED_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'TZ', 'TMPDIR', 'JAVA_HOME'];

/** One zoo.cfg line; `reason` says why it is not Debian's default. */
export interface ConfigLine {
  key: string;
  value: string;
  reason?: string;
}

/** How the server runs, for the report. */
export interface ServerSetup {
  /** ZooKeeper's version and mode as `srvr` reports them, and where it runs. */
  server: string;
  /** The command that started it, or `ZK_CONNECT=…` for servers the benchmark does not run. */
  command: string;
  /** The first line of `java -version` of the server's JVM; null when the benchmark did not start it. */
  jvm: string | null;
  /** The JVM's command line as /proc shows it, so every flag it runs with is on record. */
  jvmCommandLine: string | null;
  /** zoo.cfg as written; null when the benchmark did not start the server. */
  zooCfg: ConfigLine[] | null;
  /** The environment variables passed to zkServer.sh; every other one is dropped. */
  environment: string[] | null;
  /** Where the server's stdout and stderr go. */
  log: string | null;
  /** Whose CPU is reported as the server's, or why none is. */
  serverCpu: string;
}

export interface BenchServer {
  readonly connectString: string;
  /** The server JVM's pid when it runs on this machine (its CPU is then measured); it changes on restart. */
  readonly pid: number | null;
  readonly setup: ServerSetup;
  /** Why the server cannot be restarted; undefined when it can. */
  readonly cannotRestart: string | undefined;
  /** Stops the server and starts it again on the same dataDir and port; resolves with the new pid once it serves. */
  restart(): Promise<number | null>;
  /** Stops the server the benchmark started and removes its data; does nothing for ZK_CONNECT. */
  stop(): Promise<void>;
}

/** The Markdown header's account of the server: what runs, how it was started, on which JVM, with which zoo.cfg. */
export function describeSetup(setup: ServerSetup): string {
  if (setup.zooCfg === null) return `${setup.server}, named by ZK_CONNECT; server CPU: ${setup.serverCpu}`;
  const config = setup.zooCfg.map((line) => `${line.key}=${line.value}`).join(', ');
  return (
    `${setup.server}, started as its users start it: \`${setup.command}\` (no JVM flags of ours), ` +
    `on ${setup.jvm ?? 'an unknown JVM'}; zoo.cfg: ${config}`
  );
}

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
export function clockTicksPerSecond(): number {
  const getconf = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(getconf.stdout?.trim());
  if (getconf.status !== 0 || !Number.isInteger(ticks) || ticks <= 0) {
    throw new Error(`getconf CLK_TCK failed: ${getconf.error?.message ?? (getconf.stderr || getconf.stdout)}`);
  }
  return ticks;
}

/** The server: ZK_CONNECT's when set (with `serverPid`, a local server the user started), else one started here. */
export async function startServer(serverPid: number | undefined): Promise<BenchServer> {
  const connect = process.env.ZK_CONNECT;
  if (connect) return connectedServer(connect, serverPid);
  if (serverPid !== undefined) throw new Error('--server-pid names the server of ZK_CONNECT; set ZK_CONNECT too');
  const server = new ScriptServer(findScript(), await freePort());
  try {
    await server.start();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function findScript(): string {
  if (existsSync(DEBIAN_SCRIPT)) return DEBIAN_SCRIPT;
  const home = process.env.ZOOKEEPER_HOME;
  const fromHome = home ? join(home, 'bin', 'zkServer.sh') : undefined;
  if (fromHome !== undefined && existsSync(fromHome)) return fromHome;
  throw new Error(
    `No ZooKeeper server to start: there is no ${DEBIAN_SCRIPT} (Debian: apt-get install zookeeper), and ` +
      `${fromHome ? `no ${fromHome}` : 'ZOOKEEPER_HOME (an Apache ZooKeeper release) is not set'}. ` +
      'Or set ZK_CONNECT=host:port to use a server you run.',
  );
}

/** A port nobody listens on, on any address (the server binds all of them, as Debian's zoo.cfg has it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function zooCfg(dataDir: string, clientPort: number): ConfigLine[] {
  return [
    // Debian's /etc/zookeeper/conf/zoo.cfg as installed:
    { key: 'tickTime', value: '2000' },
    { key: 'initLimit', value: '10' },
    { key: 'syncLimit', value: '5' },
    {
      key: 'dataDir',
      value: dataDir,
      reason: 'a fresh temporary directory, removed at the end (Debian: /tmp/zookeeper)',
    },
    { key: 'clientPort', value: String(clientPort), reason: 'a free port (Debian: 2181, which may be taken)' },
    // Added:
    {
      key: 'admin.enableServer',
      value: 'false',
      reason: "the AdminServer's port 8080 (Jetty) would collide with whatever else listens there",
    },
    {
      key: 'maxClientCnxns',
      value: '0',
      reason: 'many-sessions opens 1,000 sessions from one process, one address; the default allows 60 per address',
    },
  ];
}

async function srvr(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return sendFourLetterWord(host, port, 'srvr', timeoutMs);
}

function describeSrvr(answer: string, where: string): string {
  const version = /Zookeeper version: ([^,\s-]+)/.exec(answer)?.[1] ?? 'unknown version';
  return `ZooKeeper ${version}, ${parseServerMode(answer)}, ${where}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads /proc/<pid>/<file>; /proc is what the adapters measure the server's CPU from. */
function procFile(pid: number, file: string): string {
  return readFileSync(`/proc/${pid}/${file}`, 'utf8');
}

/** The server the benchmark starts and stops: zkServer.sh start-foreground, which execs the JVM. */
class ScriptServer implements BenchServer {
  readonly connectString: string;
  readonly cannotRestart = undefined;
  readonly setup: ServerSetup;
  private readonly dir: string;
  private readonly configFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private logFlags = 'w';

  constructor(
    private readonly script: string,
    private readonly port: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'zk-bench-'));
    this.configFile = join(this.dir, 'zoo.cfg');
    this.connectString = `127.0.0.1:${port}`;
    const config = zooCfg(join(this.dir, 'data'), port);
    writeFileSync(
      this.configFile,
      config.map((line) => `${line.reason ? `# ${line.reason}\n` : ''}${line.key}=${line.value}\n`).join(''),
    );
    this.setup = {
      server: 'ZooKeeper (not started yet)',
      command: `${script} start-foreground ${this.configFile}`,
      jvm: null,
      jvmCommandLine: null,
      zooCfg: config,
      environment: PASSED_ENV.filter((name) => process.env[name] !== undefined),
      log: LOG,
      serverCpu: 'the JVM started by zkServer.sh (same pid: the script execs java)',
    };
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<void> {
    mkdirSync(dirname(LOG), { recursive: true });
    const log = openSync(LOG, this.logFlags);
    this.logFlags = 'a';
    const env = Object.fromEntries(
      PASSED_ENV.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
    );
    const child = spawn(this.script, ['start-foreground', this.configFile], { stdio: ['ignore', log, log], env });
    closeSync(log);
    reapWithParent(child);
    this.child = child;
    let gone = false;
    this.exited = new Promise((resolve) => {
      const done = () => {
        gone = true;
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    let problem = 'no answer yet';
    while (Date.now() < deadline) {
      if (gone) throw this.startFailure('zkServer.sh exited');
      try {
        const answer = await srvr('127.0.0.1', this.port, 1000);
        if (parseServerMode(answer) !== 'not serving') {
          this.checkJvm(child.pid, answer);
          return;
        }
        problem = 'srvr: not serving yet';
      } catch (error) {
        problem = (error as Error).message;
      }
      await sleep(100);
    }
    throw this.startFailure(`not serving after ${START_TIMEOUT_MS / 1000} s (${problem})`);
  }

  /** The adapters measure the spawned pid: it must be the JVM itself, which it is when zkServer.sh execs java. */
  private checkJvm(pid: number | undefined, srvrAnswer: string): void {
    const commandLine = pid === undefined ? [] : procFile(pid, 'cmdline').split('\0').filter(Boolean);
    if (pid === undefined || !commandLine.includes('org.apache.zookeeper.server.quorum.QuorumPeerMain')) {
      throw this.startFailure(
        `pid ${pid} is not the server's JVM but '${commandLine.join(' ')}'; zkServer.sh did not exec java`,
      );
    }
    if (this.setup.jvm === null) {
      const java = readlinkSync(`/proc/${pid}/exe`);
      const version = spawnSync(java, ['-version'], { encoding: 'utf8' });
      this.setup.jvm = `${java}: ${version.stderr.split('\n')[0].trim()}`;
      this.setup.jvmCommandLine = commandLine.join(' ');
      this.setup.server = describeSrvr(srvrAnswer, 'on this machine');
    }
  }

  private startFailure(reason: string): Error {
    let tail: string;
    try {
      tail = readFileSync(LOG, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      tail = '(log unreadable)';
    }
    return new Error(`ZooKeeper (${this.setup.command}) failed to start: ${reason}\nLog ${LOG}, last lines:\n${tail}`);
  }

  /** SIGTERM, as systemd or a user's Ctrl-C stops it; SIGKILL if it has not exited after STOP_TIMEOUT_MS. */
  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(forced);
  }

  async restart(): Promise<number | null> {
    await this.terminate();
    await this.start();
    return this.pid;
  }

  async stop(): Promise<void> {
    await this.terminate();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Servers someone else runs: queried with srvr, never restarted; measured only with the pid the user gives. */
async function connectedServer(connectString: string, pid: number | undefined): Promise<BenchServer> {
  const first = connectString.split('/')[0].split(',')[0].trim();
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(first);
  if (!match) throw new Error(`ZK_CONNECT's first entry '${first}' is not host:port`);
  const answer = await srvr(match[1], Number(match[2])).catch((error: Error) => `(srvr failed: ${error.message})`);
  if (pid !== undefined && !existsSync(`/proc/${pid}/stat`)) {
    throw new Error(`--server-pid ${pid}: there is no such process on this machine`);
  }
  return {
    connectString,
    pid: pid ?? null,
    cannotRestart: 'the servers of ZK_CONNECT are not run by the benchmark, so it cannot restart them',
    setup: {
      server: describeSrvr(answer, `at ${connectString}`),
      command: `ZK_CONNECT=${connectString}`,
      jvm: null,
      jvmCommandLine: pid === undefined ? null : procFile(pid, 'cmdline').split('\0').join(' ').trim(),
      zooCfg: null,
      environment: null,
      log: null,
      serverCpu: pid === undefined ? 'not measured (give --server-pid for a server on this machine)' : `pid ${pid}`,
    },
    restart: () => Promise.reject(new Error('the benchmark cannot restart the servers of ZK_CONNECT')),
    stop: () => Promise.resolve(),
  };
}

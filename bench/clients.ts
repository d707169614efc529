/**
 * How to prepare and start each client's adapter, and why a client cannot run here. Node adapters are compiled
 * with tsc into bench/.build so that the plain JavaScript is measured, not ts-node; the Java adapter is compiled
 * with javac against Debian's jars; kazoo runs on the system Python that has python3-kazoo.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ClientName } from './workloads';

const REPO = join(__dirname, '..');
const BUILD = join(__dirname, '.build');
const ADAPTERS = join(__dirname, 'adapters');

/** The command that runs one adapter process; the workload spec is appended as the last argument. */
export interface AdapterCommand {
  command: string;
  args: string[];
  /** A Node adapter: Node options (such as --cpu-prof) may go before `args`. */
  node: boolean;
}

export type Preparation = { ready: AdapterCommand } | { skipped: string };

export interface ClientDefinition {
  /** What the client is, for the report. */
  description: string;
  prepare(log: (line: string) => void): Preparation;
}

function commandWorks(command: string, args: string[]): boolean {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

function firstLines(text: string, count: number): string {
  return text.split('\n').filter(Boolean).slice(0, count).join(' | ');
}

/**
 * Compiles one Node adapter (bench/adapters/`adapter`.ts) and what it imports with the project's compiler settings,
 * incrementally.
 */
function compileNodeAdapter(client: ClientName, log: (line: string) => void, adapter: string = client): Preparation {
  const outDir = join(BUILD, client);
  mkdirSync(BUILD, { recursive: true });
  const tsconfig = join(BUILD, `tsconfig.${client}.json`);
  const fromBuild = (path: string) => relative(BUILD, path);
  writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        extends: fromBuild(join(REPO, 'tsconfig.json')),
        compilerOptions: {
          rootDir: fromBuild(REPO),
          outDir: fromBuild(outDir),
          declaration: false,
          sourceMap: false,
          incremental: true,
          tsBuildInfoFile: fromBuild(join(BUILD, `${client}.tsbuildinfo`)),
          types: ['node'],
        },
        files: [fromBuild(join(ADAPTERS, `${adapter}.ts`))],
        include: [fromBuild(join(ADAPTERS, '*.d.ts'))],
      },
      null,
      2,
    ),
  );
  log(`compiling the ${client} adapter (tsc)`);
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) {
    return { skipped: `the adapter does not compile: ${firstLines(tsc.stdout + tsc.stderr, 3)}` };
  }
  return {
    ready: {
      command: process.execPath,
      args: ['--expose-gc', join(outDir, 'bench', 'adapters', `${adapter}.js`)],
      node: true,
    },
  };
}

const JAVA_LIBS = '/usr/share/java';
// zookeeper.jar's manifest Class-Path brings its dependencies (jute, netty, jackson for the adapter's JSON);
// slf4j-nop silences the logging-binding warning; Curator's manifests bring Guava.
const ZOOKEEPER_JARS = ['zookeeper.jar', 'slf4j-nop.jar'];
const CURATOR_JARS = ['curator-recipes.jar', 'curator-framework.jar', 'curator-client.jar'];

function upToDate(outputs: string[], inputs: string[]): boolean {
  if (!outputs.every((output) => existsSync(output))) return false;
  const mtime = (file: string) => statSync(file).mtimeMs;
  return Math.min(...outputs.map(mtime)) >= Math.max(...inputs.map(mtime));
}

function prepareJava(log: (line: string) => void): Preparation {
  if (!existsSync(join(JAVA_LIBS, 'zookeeper.jar'))) {
    return { skipped: `no ${JAVA_LIBS}/zookeeper.jar (Debian: apt-get install libzookeeper-java)` };
  }
  if (!commandWorks('javac', ['-version']) || !commandWorks('java', ['-version'])) {
    return { skipped: 'no JDK: java and javac must be on PATH (Debian: apt-get install default-jdk-headless)' };
  }
  const withCurator = CURATOR_JARS.every((jar) => existsSync(join(JAVA_LIBS, jar)));
  const jars = [...ZOOKEEPER_JARS, ...(withCurator ? CURATOR_JARS : [])]
    .map((jar) => join(JAVA_LIBS, jar))
    .filter((jar) => existsSync(jar));
  const sources = ['JavaBench.java', ...(withCurator ? ['CuratorLockLoop.java'] : [])].map((file) =>
    join(ADAPTERS, file),
  );
  const outDir = join(BUILD, withCurator ? 'java-curator' : 'java');
  const classes = sources.map((source) => join(outDir, source.slice(ADAPTERS.length + 1).replace(/java$/, 'class')));
  if (upToDate(classes, sources)) {
    log(`the Java adapter is up to date in ${relative(REPO, outDir)}`);
  } else {
    log(`compiling the Java adapter (javac${withCurator ? ', with Curator' : ', without Curator'})`);
    mkdirSync(outDir, { recursive: true });
    const javac = spawnSync('javac', ['-implicit:none', '-d', outDir, '-cp', jars.join(':'), ...sources], {
      encoding: 'utf8',
    });
    if (javac.status !== 0) {
      return { skipped: `the adapter does not compile: ${firstLines(javac.stdout + javac.stderr, 3)}` };
    }
  }
  return { ready: { command: 'java', args: ['-cp', [outDir, ...jars].join(':'), 'JavaBench'], node: false } };
}

const PYTHON = '/usr/bin/python3';

function prepareKazoo(): Preparation {
  if (!existsSync(PYTHON)) return { skipped: `no ${PYTHON}` };
  if (!commandWorks(PYTHON, ['-c', 'import kazoo'])) {
    return { skipped: `kazoo is not importable by ${PYTHON} (Debian: apt-get install python3-kazoo)` };
  }
  return { ready: { command: PYTHON, args: [join(ADAPTERS, 'kazoo_bench.py')], node: false } };
}

function nodeModuleMissing(name: string): boolean {
  try {
    require.resolve(name);
    return false;
  } catch {
    return true;
  }
}

/** Peers that are no dependency of the repository (CI must not build them), installed on demand by npm. */
const PEERS = join(BUILD, 'peers');
const ZOOKEEPER_PACKAGE = join(PEERS, 'node_modules', 'zookeeper');
/** The `zookeeper` package's version; ZOOKEEPER_NATIVE_VERSION=x.y.z tries another one. */
const ZOOKEEPER_NATIVE_VERSION = process.env.ZOOKEEPER_NATIVE_VERSION ?? '7.3.0';

function installedVersion(packageDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs the `zookeeper` package (its install script builds the C client with node-gyp) when it is missing. */
function prepareZookeeperNative(log: (line: string) => void): Preparation {
  const wanted = ZOOKEEPER_NATIVE_VERSION;
  if (installedVersion(ZOOKEEPER_PACKAGE) === wanted) {
    log(`zookeeper@${wanted} is installed in ${relative(REPO, PEERS)}`);
  } else {
    log(`installing zookeeper@${wanted} into ${relative(REPO, PEERS)} (npm; node-gyp builds the C client)`);
    mkdirSync(PEERS, { recursive: true });
    // npm 11 runs a dependency's install script only with the project's consent, which this package.json gives.
    const manifest = {
      private: true,
      description: 'bench peers, installed by bench/clients.ts',
      allowScripts: { zookeeper: true },
    };
    writeFileSync(join(PEERS, 'package.json'), JSON.stringify(manifest, null, 2));
    // node-gyp would download Node's headers; the ones installed with Node are used when they are there.
    const nodeDir = dirname(dirname(process.execPath));
    const headers = existsSync(join(nodeDir, 'include', 'node', 'common.gypi')) ? [`--nodedir=${nodeDir}`] : [];
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', PEERS, `zookeeper@${wanted}`, '--no-audit', '--no-fund', ...headers],
      { encoding: 'utf8', timeout: 600000 },
    );
    if (npm.error !== undefined || npm.status !== 0) {
      const errors = (npm.stderr ?? '').split('\n').filter((line) => line.startsWith('npm error'));
      const why = npm.error?.message ?? firstLines(errors.length > 0 ? errors.join('\n') : (npm.stderr ?? ''), 3);
      return { skipped: `npm install zookeeper@${wanted} failed: ${why}` };
    }
  }
  // Loading it loads the native binding, which a failed or missing build does not provide.
  const loadIt = `try { require(${JSON.stringify(ZOOKEEPER_PACKAGE)}) } catch (e) { console.error(e.message); process.exit(1) }`;
  const probe = spawnSync(process.execPath, ['-e', loadIt], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return { skipped: `the zookeeper package does not load: ${firstLines(probe.stderr, 3)}` };
  }
  return compileNodeAdapter('zookeeper', log, 'zookeeper-native');
}

export const CLIENT_DEFINITIONS: Record<ClientName, ClientDefinition> = {
  ours: {
    description: 'nestjs-zookeeper (this repository), compiled JavaScript on Node',
    prepare: (log) => compileNodeAdapter('ours', log),
  },
  'ours-channel': {
    description: 'ours with a subscriber counting the events of its request TracingChannel (diagnostics_channel)',
    prepare: (log) => compileNodeAdapter('ours-channel', log),
  },
  'ours-otel': {
    description: 'ours with enableOpenTelemetry(): the OpenTelemetry SDK with its defaults and in-memory exporters',
    prepare: (log) => compileNodeAdapter('ours-otel', log),
  },
  'raw-socket': {
    description: 'the floor: net.connect and hand-framed requests, no client library (serial-get, pipelined-get)',
    prepare: (log) => compileNodeAdapter('raw-socket', log),
  },
  'node-zookeeper-client': {
    description: 'node-zookeeper-client on Node',
    prepare: (log) =>
      nodeModuleMissing('node-zookeeper-client')
        ? { skipped: 'node-zookeeper-client is not installed (npm install)' }
        : compileNodeAdapter('node-zookeeper-client', log),
  },
  zookeeper: {
    description: 'the zookeeper npm package (Node binding of the ZooKeeper C client), installed on demand',
    prepare: prepareZookeeperNative,
  },
  'zookeeper-java': {
    description: 'the official ZooKeeper Java client (Curator InterProcessMutex for lock-loop)',
    prepare: prepareJava,
  },
  kazoo: {
    description: 'kazoo on CPython (threading handler)',
    prepare: prepareKazoo,
  },
};

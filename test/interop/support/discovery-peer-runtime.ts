import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const JAVA_DIR = '/usr/share/java';

/** The jars peers/DiscoveryPeer.java compiles and runs with (Debian's libcurator-discovery-java and what it needs). */
const DISCOVERY_JARS = [
  'curator-client.jar',
  'curator-framework.jar',
  'curator-recipes.jar',
  'zookeeper.jar',
  'zookeeper-jute.jar',
  'guava.jar',
  'slf4j-api.jar',
  'slf4j-nop.jar',
  'jackson-core.jar',
  'jackson-databind.jar',
  'jackson-annotations.jar',
];

/** Debian names the x-discovery jar after the module; any of these is it. */
function discoveryJar(): string | undefined {
  if (!existsSync(JAVA_DIR)) return undefined;
  const names = readdirSync(JAVA_DIR);
  return (
    ['curator-x-discovery.jar', 'curator-discovery.jar'].find((name) => names.includes(name)) ??
    names.find((name) => /^curator-(x-)?discovery-[\d.]+\.jar$/.test(name))
  );
}

/** Why the Curator x-discovery interop cannot run here, or `undefined` when it can. */
export function curatorDiscoveryProblem(): string | undefined {
  const missing = DISCOVERY_JARS.filter((jar) => !existsSync(join(JAVA_DIR, jar)));
  if (discoveryJar() === undefined) missing.unshift('curator-x-discovery*.jar');
  if (missing.length > 0) {
    return `missing ${missing.join(', ')} in ${JAVA_DIR} (apt-get install libcurator-discovery-java)`;
  }
  for (const tool of ['javac', 'java']) {
    if (spawnSync(tool, ['-version'], { encoding: 'utf8' }).error !== undefined) return `${tool} is not installed`;
  }
  return undefined;
}

/** The discovery peer compiled into a fresh temporary directory; `dispose()` removes it. */
export interface CompiledDiscoveryPeer {
  /** The program to run (`java`). */
  command: string;
  /** Its arguments for one run of the peer. */
  args: (...peerArgs: string[]) => string[];
  /** Removes the compiled classes. */
  dispose(): void;
}

/** Compiles peers/DiscoveryPeer.java with javac against the installed Curator, ZooKeeper and Jackson jars. */
export function compileDiscoveryPeer(): CompiledDiscoveryPeer {
  const jars = [discoveryJar() as string, ...DISCOVERY_JARS];
  const classpath = jars.map((jar) => join(JAVA_DIR, jar)).join(':');
  const outDir = mkdtempSync(join(tmpdir(), 'discovery-peer-'));
  const source = join(__dirname, '..', 'peers', 'DiscoveryPeer.java');
  const compiled = spawnSync('javac', ['-cp', classpath, '-d', outDir, source], { encoding: 'utf8' });
  if (compiled.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`javac failed: ${compiled.stderr}`);
  }
  return {
    command: 'java',
    args: (...peerArgs) => ['-cp', `${outDir}:${classpath}`, 'DiscoveryPeer', ...peerArgs],
    dispose: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

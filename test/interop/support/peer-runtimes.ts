import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's interpreter, which is where python3-kazoo is installed (another python3 on PATH may lack it). */
export const PYTHON = '/usr/bin/python3';

/** The kazoo peer script. */
export const KAZOO_PEER = join(__dirname, '..', 'peers', 'kazoo_peer.py');

const JAVA_DIR = '/usr/share/java';
const CURATOR_JARS = [
  'curator-client.jar',
  'curator-framework.jar',
  'curator-recipes.jar',
  'zookeeper.jar',
  'zookeeper-jute.jar',
  'guava.jar',
  'slf4j-api.jar',
  'slf4j-nop.jar',
];

/** Why kazoo interop cannot run here, or `undefined` when it can. */
export function kazooProblem(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const probe = spawnSync(PYTHON, ['-c', 'import kazoo.client'], { encoding: 'utf8' });
  if (probe.status !== 0) return `python3-kazoo is not installed for ${PYTHON} (apt-get install python3-kazoo)`;
  return undefined;
}

/** Why Curator interop cannot run here, or `undefined` when it can. */
export function curatorProblem(): string | undefined {
  const missing = CURATOR_JARS.filter((jar) => !existsSync(join(JAVA_DIR, jar)));
  if (missing.length > 0)
    return `missing ${missing.join(', ')} in ${JAVA_DIR} (apt-get install libcurator-recipes-java)`;
  for (const tool of ['javac', 'java']) {
    if (spawnSync(tool, ['-version'], { encoding: 'utf8' }).error !== undefined) return `${tool} is not installed`;
  }
  return undefined;
}

/** The Curator peer compiled into a fresh temporary directory; `dispose()` removes it. */
export interface CompiledCuratorPeer {
  command: string;
  args: (mode: string, ...rest: string[]) => string[];
  dispose(): void;
}

/** Compiles peers/CuratorPeer.java with javac against the installed Curator and ZooKeeper jars. */
export function compileCuratorPeer(): CompiledCuratorPeer {
  const classpath = CURATOR_JARS.map((jar) => join(JAVA_DIR, jar)).join(':');
  const outDir = mkdtempSync(join(tmpdir(), 'curator-peer-'));
  const source = join(__dirname, '..', 'peers', 'CuratorPeer.java');
  const compiled = spawnSync('javac', ['-cp', classpath, '-d', outDir, source], { encoding: 'utf8' });
  if (compiled.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`javac failed: ${compiled.stderr}`);
  }
  return {
    command: 'java',
    args: (mode, ...rest) => ['-cp', `${outDir}:${classpath}`, 'CuratorPeer', mode, ...rest],
    dispose: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

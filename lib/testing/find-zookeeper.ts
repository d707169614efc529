import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where a ZooKeeper server's jars were found, and the Java class path that runs it. */
export interface ZookeeperInstallation {
  /** `ZOOKEEPER_HOME` (an Apache release) or `debian` (the `zookeeper` package). */
  source: 'ZOOKEEPER_HOME' | 'debian';
  /** Entries for `java -cp`. */
  classPath: string[];
}

const DEBIAN_JAR = '/usr/share/java/zookeeper.jar';
// Debian's zookeeper.jar names its dependencies in its manifest Class-Path, which the JVM follows; only a logging
// backend is missing from it, and the server's log is what a failed start prints.
const DEBIAN_LOGGER = '/usr/share/java/slf4j-simple.jar';
// The manifest names netty-handler and netty-transport but not the jars they need in turn; without them the Netty
// server factory (the one that serves `secureClientPort`) fails to load. Added when present.
const DEBIAN_NETTY_EXTRAS = [
  '/usr/share/java/netty-codec.jar',
  '/usr/share/java/netty-resolver.jar',
  '/usr/share/java/netty-transport-native-unix-common.jar',
];

/**
 * Finds an installed ZooKeeper server: `ZOOKEEPER_HOME` first (its `lib/*.jar` and top-level jars), then Debian's
 * `zookeeper` package. Returns `undefined` when neither is present.
 */
export function findZookeeper(env: NodeJS.ProcessEnv = process.env): ZookeeperInstallation | undefined {
  const home = env.ZOOKEEPER_HOME;
  if (home) {
    const jars = [home, join(home, 'lib')]
      .filter((dir) => existsSync(dir))
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((name) => name.endsWith('.jar'))
          .map((name) => join(dir, name)),
      );
    if (jars.some((jar) => /zookeeper-\d[^/]*\.jar$/.test(jar))) {
      const conf = join(home, 'conf');
      return { source: 'ZOOKEEPER_HOME', classPath: existsSync(conf) ? [conf, ...jars] : jars };
    }
  }
  if (existsSync(DEBIAN_JAR)) {
    const extras = [DEBIAN_LOGGER, ...DEBIAN_NETTY_EXTRAS].filter((jar) => existsSync(jar));
    return { source: 'debian', classPath: [DEBIAN_JAR, ...extras] };
  }
  return undefined;
}

/** The message printed when no ZooKeeper is installed: exactly what to install. */
export const MISSING_ZOOKEEPER_MESSAGE =
  'No ZooKeeper server found. Install one of:\n' +
  '  - Debian/Ubuntu: apt-get install -y --no-install-recommends zookeeper   (or run scripts/ensure-zookeeper.sh as root)\n' +
  '  - an Apache ZooKeeper release, with ZOOKEEPER_HOME pointing at it\n' +
  'or set ZK_CONNECT=host:port to use servers you already run, or use the container backend where Docker runs.';

/**
 * Adapter for the `zookeeper` npm package, a Node binding of the ZooKeeper C client (its single-threaded flavour,
 * driven from Node's event loop), with its documented Promise API and the options of its README. The package is not
 * a dependency of this repository: bench/clients.ts installs it on demand into bench/.build/peers, found from here.
 */
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NodeSession, runAdapter } from './node-driver';

interface ZooKeeperConfig {
  connect: string;
  timeout: number;
  debug_level: number;
  host_order_deterministic: boolean;
}

/** The part of the package's API the adapter uses (the package's own declarations type everything as `any`). */
interface ZooKeeper extends EventEmitter {
  /** The C client's zoo_recv_timeout: the session timeout the server granted, once connected. */
  readonly timeout: number;
  init(config: ZooKeeperConfig): ZooKeeper;
  create(path: string, data: Buffer, flags: number): Promise<string>;
  get(path: string, watch: boolean): Promise<unknown>;
  w_get(path: string, watchCb: (type: number, state: number, path: string) => void): Promise<unknown>;
  set(path: string, data: Buffer, version: number): Promise<unknown>;
  delete_(path: string, version: number): Promise<unknown>;
  get_children(path: string, watch: boolean): Promise<string[]>;
  close(): void;
}

interface ZooKeeperPackage {
  new (config: ZooKeeperConfig): ZooKeeper;
  constants: { ZOO_LOG_LEVEL_WARN: number; ZOO_PERSISTENT: number; ZOO_CHANGED_EVENT: number };
}

/** bench/.build/peers/node_modules/zookeeper, looked for upwards from the compiled adapter in bench/.build. */
function packageDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'peers', 'node_modules', 'zookeeper');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  throw new Error('the zookeeper package is not installed in bench/.build/peers');
}

const load = createRequire(join(packageDir(), 'package.json'));
const ZooKeeper = load('./') as ZooKeeperPackage;
const { version } = load('./package.json') as { version: string };
const { ZOO_CHANGED_EVENT, ZOO_LOG_LEVEL_WARN, ZOO_PERSISTENT } = ZooKeeper.constants;
/** The C client's "any version" for set and delete (the package turns an omitted version into 0). */
const ANY_VERSION = -1;

class NativeSession implements NodeSession {
  constructor(private readonly client: ZooKeeper) {}

  create(path: string, data: Buffer): Promise<string> {
    return this.client.create(path, data, ZOO_PERSISTENT);
  }

  getData(path: string): Promise<unknown> {
    return this.client.get(path, false);
  }

  watchData(path: string, onChange: () => void): Promise<unknown> {
    return this.client.w_get(path, (type) => {
      if (type === ZOO_CHANGED_EVENT) onChange();
    });
  }

  setData(path: string, data: Buffer): Promise<unknown> {
    return this.client.set(path, data, ANY_VERSION);
  }

  delete(path: string): Promise<unknown> {
    return this.client.delete_(path, ANY_VERSION);
  }

  getChildren(path: string): Promise<string[]> {
    return this.client.get_children(path, false);
  }

  async close(): Promise<void> {
    // The C client's close sends CloseSession and waits for the server's answer before it returns.
    this.client.close();
  }

  negotiatedTimeoutMs(): number {
    return this.client.timeout;
  }
}

void runAdapter<NativeSession>({
  version,
  async connect(connectString, sessionTimeoutMs) {
    const config: ZooKeeperConfig = {
      connect: connectString,
      timeout: sessionTimeoutMs,
      // The C client logs every connection at INFO to stderr; warnings and errors are kept.
      debug_level: ZOO_LOG_LEVEL_WARN,
      host_order_deterministic: false,
    };
    const client = new ZooKeeper(config);
    const connected = once(client, 'connect');
    client.init(config);
    await connected;
    return new NativeSession(client);
  },
  lock: 'the zookeeper package has no lock recipe',
});

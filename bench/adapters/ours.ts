/** Adapter for this repository's client (ZooKeeperClient) and Lock recipe, with default options. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EventType, ZooKeeperClient } from '../../lib/client';
import { Lock } from '../../lib/recipes';
import { NodeClient, NodeSession, runAdapter } from './node-driver';

/** The repository's version; the adapter runs from bench/.build, so look upwards for our package.json. */
function ownVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nestjs-zookeeper') return pkg.version ?? 'unknown';
    }
  }
  return 'unknown';
}

class OursSession implements NodeSession {
  constructor(readonly client: ZooKeeperClient) {}

  create(path: string, data: Buffer): Promise<string> {
    return this.client.create(path, data);
  }

  getData(path: string): Promise<unknown> {
    return this.client.getData(path);
  }

  watchData(path: string, onChange: () => void): Promise<unknown> {
    return this.client.getData(path, {
      watch: (event) => {
        if (event.type === EventType.NODE_DATA_CHANGED) onChange();
      },
    });
  }

  setData(path: string, data: Buffer): Promise<unknown> {
    return this.client.setData(path, data);
  }

  delete(path: string): Promise<void> {
    return this.client.delete(path);
  }

  getChildren(path: string): Promise<string[]> {
    return this.client.getChildren(path);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  negotiatedTimeoutMs(): number {
    return this.client.negotiatedTimeoutMs;
  }
}

/** Ours as the node driver runs it; ours-channel.ts and ours-otel.ts run it too, with their subscriber on. */
export const ours: NodeClient<OursSession> = {
  version: ownVersion(),
  async connect(connectString, sessionTimeoutMs) {
    const client = new ZooKeeperClient({ connectString, sessionTimeoutMs });
    await client.connect();
    return new OursSession(client);
  },
  lock: (session, path) => {
    const lock = new Lock(session.client, path);
    return {
      async acquire() {
        await lock.acquire();
      },
      release: () => lock.release(),
    };
  },
};

// Only as the `ours` adapter itself: the variants that import it subscribe first, then run it.
if (require.main === module) void runAdapter(ours);

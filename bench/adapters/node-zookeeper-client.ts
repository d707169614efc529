/** Adapter for node-zookeeper-client: its callback API wrapped in promises, with the library's default options. */
import { createRequire } from 'node:module';
import { Callback, Client, createClient, Event } from 'node-zookeeper-client';
import { NodeSession, runAdapter } from './node-driver';

const { version } = createRequire(__filename)('node-zookeeper-client/package.json') as { version: string };

function call<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, result) => (error ? reject(error) : resolve(result))));
}

class NzkSession implements NodeSession {
  constructor(private readonly client: Client) {}

  create(path: string, data: Buffer): Promise<string> {
    return call((callback) => this.client.create(path, data, callback));
  }

  getData(path: string): Promise<Buffer> {
    return call((callback) => this.client.getData(path, undefined, callback));
  }

  watchData(path: string, onChange: () => void): Promise<Buffer> {
    const watcher = (event: Event) => {
      if (event.getType() === Event.NODE_DATA_CHANGED) onChange();
    };
    return call((callback) => this.client.getData(path, watcher, callback));
  }

  setData(path: string, data: Buffer): Promise<unknown> {
    return call((callback) => this.client.setData(path, data, callback));
  }

  delete(path: string): Promise<void> {
    return call<void>((callback) => this.client.remove(path, (error) => callback(error, undefined)));
  }

  getChildren(path: string): Promise<string[]> {
    return call((callback) => this.client.getChildren(path, callback));
  }

  async close(): Promise<void> {
    const disconnected = new Promise((resolve) => this.client.once('disconnected', resolve));
    this.client.close();
    await disconnected;
  }

  negotiatedTimeoutMs(): number {
    // The library replaces the timeout it asked for with the server's answer once connected.
    return this.client.getSessionTimeout();
  }
}

void runAdapter<NzkSession>({
  version,
  async connect(connectString, sessionTimeoutMs) {
    const client = createClient(connectString, { sessionTimeout: sessionTimeoutMs });
    const connected = new Promise((resolve) => client.once('connected', resolve));
    client.connect();
    await connected;
    return new NzkSession(client);
  },
  lock: 'node-zookeeper-client has no lock recipe',
});

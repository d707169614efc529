import { fixedMembership } from './fixed-membership';
import { parseServerMode, sendFourLetterWord, ServerMode } from './four-letter-word';
import type { ZookeeperTestClusterHandle, ZookeeperTestServer } from './test-server';
import { ZkTestingError } from './zk-testing.error';

class ExternalServer implements ZookeeperTestServer {
  readonly running = true;

  constructor(
    readonly id: number,
    readonly host: string,
    readonly clientPort: number,
  ) {}

  get connectString(): string {
    return `${this.host}:${this.clientPort}`;
  }

  private refuse(action: string): Promise<never> {
    return Promise.reject(
      new ZkTestingError(`cannot ${action} server ${this.connectString}: the external backend does not run it`),
    );
  }

  start(): Promise<void> {
    return this.refuse('start');
  }

  stop(): Promise<void> {
    return this.refuse('stop');
  }

  kill(): Promise<void> {
    return this.refuse('kill');
  }

  restart(): Promise<void> {
    return this.refuse('restart');
  }

  async mode(): Promise<ServerMode> {
    return parseServerMode(await this.fourLetterWord('srvr'));
  }

  fourLetterWord(word: string): Promise<string> {
    return sendFourLetterWord(this.host, this.clientPort, word);
  }
}

/** Wraps servers someone already runs (`ZK_CONNECT=host:port,...`); they can be queried, not stopped. */
export function externalCluster(connectString: string): ZookeeperTestClusterHandle {
  const hosts = connectString.split('/')[0].split(',').filter(Boolean);
  if (hosts.length === 0) throw new ZkTestingError(`ZK_CONNECT '${connectString}' names no server`);
  const servers = hosts.map((entry, index) => {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(entry.trim());
    if (!match) throw new ZkTestingError(`ZK_CONNECT entry '${entry}' is not host:port`);
    return new ExternalServer(index + 1, match[1], Number(match[2]));
  });
  return {
    backend: 'external',
    servers,
    connectString,
    ...fixedMembership('external'),
    async stop() {},
  };
}

import { Injectable, Logger } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, ZookeeperConfigSource } from '../../lib/client';
import type { ZookeeperConfigChange, ZookeeperConfigTree } from '../../lib/client';
import { OnConfigChange, ZookeeperConfigModule, zookeeperConfig } from '../../lib';
import type { ZookeeperConfigLoader } from '../../lib';
import { expireSession } from '../../lib/testing';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';

jest.setTimeout(60_000);

@Injectable()
class DbSettings {
  readonly changes: ZookeeperConfigChange[] = [];
  readonly all: string[] = [];

  @OnConfigChange('db')
  onDb(change: ZookeeperConfigChange): void {
    this.changes.push(change);
  }

  @OnConfigChange()
  onAny(change: ZookeeperConfigChange): void {
    this.all.push(change.key);
    if (change.key === 'explode') throw new Error('this handler throws on purpose');
  }
}

describe('zookeeperConfig() with @nestjs/config', () => {
  const writer = sharedServerClient();
  let app: TestingModule | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function write(context: string, properties: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(properties)) {
      await writer.create(`${context}/${key.replaceAll('.', '/')}`, value, { makeParents: true });
    }
  }

  async function start(loader: ZookeeperConfigLoader): Promise<TestingModule> {
    app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ load: [loader], ignoreEnvFile: true }), ZookeeperConfigModule.forRoot(loader)],
      providers: [DbSettings],
    }).compile();
    return app.init();
  }

  it('loads the four contexts by precedence, and ConfigService and @OnConfigChange follow changes', async () => {
    const root = uniquePath('config');
    await write(`${root}/application`, { 'db.url': 'shared', 'db.user': 'app', 'db.pool.size': '4' });
    await write(`${root}/application,dev`, { 'db.pool.size': '8' });
    await write(`${root}/orders`, { 'db.url': 'orders', 'db.user': 'orders-user' });
    await write(`${root}/orders,dev`, { 'db.url': 'orders-dev' });
    const loader = zookeeperConfig({
      connectString: sharedConnectString(),
      root,
      application: 'orders',
      profiles: ['dev'],
    });
    const started = await start(loader);
    const config = started.get(ConfigService);
    const settings = started.get(DbSettings);
    expect(config.get('db.url')).toBe('orders-dev');
    expect(config.get('db.user')).toBe('orders-user');
    expect(config.get('db.pool.size')).toBe('8');
    expect(config.get('db')).toEqual({ url: 'orders-dev', user: 'orders-user', pool: { size: '8' } });

    await writer.setData(`${root}/orders,dev/db/url`, 'orders-dev-2');
    await waitFor('ConfigService to read the new value', () => config.get('db.url') === 'orders-dev-2');
    await writer.delete(`${root}/orders/db/user`);
    await waitFor('the shared user back', () => config.get('db.user') === 'app');
    await writer.delete(`${root}/application/db/user`);
    await waitFor('the deleted key gone', () => config.get('db.user') === undefined);
    await waitFor('the subscriber to hear the three changes', () => settings.changes.length === 3);
    expect(settings.changes).toEqual([
      { key: 'db.url', value: 'orders-dev-2', previous: 'orders-dev' },
      { key: 'db.user', value: 'app', previous: 'orders-user' },
      { key: 'db.user', value: undefined, previous: 'app' },
    ]);
    expect(config.get('db')).toEqual({ url: 'orders-dev-2', pool: { size: '8' } });

    // Every db.* key gone, then back: ConfigService holds the same db object throughout, emptied and refilled.
    await writer.delete(`${root}/orders,dev/db`, { recursive: true });
    await writer.delete(`${root}/orders/db`, { recursive: true });
    await writer.delete(`${root}/application/db`, { recursive: true });
    await writer.delete(`${root}/application,dev/db`, { recursive: true });
    await waitFor(
      'every db key gone',
      () => config.get('db.url') === undefined && config.get('db.pool.size') === undefined,
    );
    await write(`${root}/orders`, { 'db.url': 'back' });
    await waitFor('db.url back', () => config.get('db.url') === 'back');
    expect(config.get('db')).toEqual({ url: 'back' });
    settings.changes.length = 0;

    // A throwing handler is logged; the others still run.
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await write(`${root}/orders`, { explode: 'yes' });
    await write(`${root}/orders`, { 'db.timeout': '30' });
    await waitFor('the change after the throwing handler', () => settings.changes.length === 1);
    expect(settings.all.slice(-2)).toEqual(['explode', 'db.timeout']);
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining('DbSettings.onAny() threw: this handler throws on purpose'),
    ]);
    errors.mockRestore();
  });

  it('keeps ConfigService current across a session expiry and the new session', async () => {
    const root = uniquePath('config');
    await write(`${root}/orders`, { 'db.url': 'before' });
    const loader = zookeeperConfig({ connectString: sharedConnectString(), root, application: 'orders' });
    const started = await start(loader);
    const config = started.get(ConfigService);
    const source = started.get(ZookeeperConfigSource);
    expect(source).toBe(loader.source);
    const expired = source.client.sessionId;

    await expireSession(source.client);
    await waitFor(
      'a new session',
      () => source.client.state === ConnectionState.CONNECTED && source.client.sessionId !== expired,
    );
    await writer.setData(`${root}/orders/db/url`, 'after');
    await waitFor('ConfigService after the new session', () => config.get('db.url') === 'after');
    expect(started.get(DbSettings).changes).toEqual([{ key: 'db.url', value: 'after', previous: 'before' }]);
  });

  it('puts the tree under a namespace, where top-level keys follow too, and closes its client at shutdown', async () => {
    const root = uniquePath('config');
    await write(`${root}/orders`, { timeout: '10' });
    const loader = zookeeperConfig({
      connectString: sharedConnectString(),
      root,
      application: 'orders',
      namespace: 'zk',
    });
    const started = await start(loader);
    const config = started.get(ConfigService);
    expect(config.get('zk.timeout')).toBe('10');
    const tree = started.get<string, ZookeeperConfigTree>(loader.KEY as string);
    expect(tree).toBe(loader.source?.config);

    await writer.setData(`${root}/orders/timeout`, '20');
    await waitFor('the namespaced top-level key', () => config.get('zk.timeout') === '20');
    const client = loader.source?.client;
    await started.close();
    app = undefined;
    expect(client?.closed).toBe(true);
    expect(loader.source).toBeUndefined();
  });
});

import { firstValueFrom, take, toArray } from 'rxjs';
import { ConnectionState, ZooKeeperClient, ZookeeperConfigSource } from '../../../lib/client';
import type { ZookeeperConfigChange } from '../../../lib/client';
import { expireSession } from '../../../lib/testing';
import { sharedServerClient } from '../../support/shared-server-client';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';

jest.setTimeout(60_000);

describe('ZookeeperConfigSource on a real server', () => {
  const writer = sharedServerClient();
  const sources: ZookeeperConfigSource[] = [];
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.close()));
  });

  /** Writes `properties` (dotted key → value) under `context`, creating the nodes and their parents. */
  async function write(context: string, properties: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(properties)) {
      await writer.create(`${context}/${key.replaceAll('.', '/')}`, value, { makeParents: true });
    }
  }

  async function open(root: string, extra: { profiles?: string[] } = {}): Promise<ZookeeperConfigSource> {
    const source = await ZookeeperConfigSource.open({
      connectString: sharedConnectString(),
      root,
      application: 'orders',
      profiles: extra.profiles ?? ['dev'],
    });
    sources.push(source);
    return source;
  }

  it('merges the four contexts, the most specific winning, as flat keys and nested objects', async () => {
    const root = uniquePath('config');
    await write(`${root}/application`, { 'db.url': 'shared', 'db.user': 'app', 'pool.size': '5', level: 'info' });
    await write(`${root}/application,dev`, { 'db.url': 'shared-dev', 'pool.size': '8' });
    await write(`${root}/orders`, { 'db.url': 'orders', level: 'warn' });
    await write(`${root}/orders,dev`, { 'db.url': 'orders-dev' });
    // Spring's key rules: a leaf without data is '', a node without data but with children is only a folder, a node
    // with data and children is a key and so are its children.
    await writer.create(`${root}/orders/empty`, null);
    await writer.create(`${root}/orders/feature`, 'on');
    await writer.create(`${root}/orders/feature/beta`, 'off');
    await writer.create(`${root}/other/db/url`, 'another app', { makeParents: true });

    const source = await open(root);
    expect(source.contexts.map((context) => context.path)).toEqual([
      `${root}/orders,dev`,
      `${root}/orders`,
      `${root}/application,dev`,
      `${root}/application`,
    ]);
    expect(source.properties()).toEqual({
      'db.url': 'orders-dev',
      'db.user': 'app',
      empty: '',
      feature: 'on',
      'feature.beta': 'off',
      level: 'warn',
      'pool.size': '8',
    });
    expect(source.config).toEqual({
      db: { url: 'orders-dev', user: 'app' },
      empty: '',
      feature: { beta: 'off' },
      level: 'warn',
      pool: { size: '8' },
    });
  });

  it('reports changes, additions and deletions, falling back to a less specific context, and updates in place', async () => {
    const root = uniquePath('config');
    await write(`${root}/application`, { 'db.url': 'shared' });
    await write(`${root}/orders`, { 'db.url': 'orders', 'db.user': 'orders-user' });
    const source = await open(root);
    const db = source.config.db;
    const changes: ZookeeperConfigChange[] = [];
    source.on('change', (change) => changes.push(change));
    const dbChanges = firstValueFrom(source.changes$('db').pipe(take(3), toArray()));

    await writer.setData(`${root}/orders/db/url`, 'orders-2');
    await waitFor('the changed value', () => source.get('db.url') === 'orders-2');
    await writer.delete(`${root}/orders/db/url`);
    await waitFor('the shared value back', () => source.get('db.url') === 'shared');
    await writer.delete(`${root}/orders/db/user`);
    await waitFor('the deleted key gone', () => source.get('db.user') === undefined);
    await write(`${root}/orders,dev`, { timeout: '30' });
    await waitFor('the added key', () => source.get('timeout') === '30');

    expect(changes).toEqual([
      { key: 'db.url', value: 'orders-2', previous: 'orders' },
      { key: 'db.url', value: 'shared', previous: 'orders-2' },
      // With both children gone, orders/db is a leaf without data: Spring reads that as the key `db` = ''.
      { key: 'db', value: '', previous: undefined },
      { key: 'db.user', value: undefined, previous: 'orders-user' },
      { key: 'timeout', value: '30', previous: undefined },
    ]);
    expect(await dbChanges).toEqual(changes.slice(0, 3));
    expect(source.properties()).toEqual({ db: '', 'db.url': 'shared', timeout: '30' });
    expect(source.config).toEqual({ db: { url: 'shared' }, timeout: '30' });
    expect(source.config.db).toBe(db);
  });

  it('catches up with what changed while its session was lost, once the client connects again', async () => {
    const root = uniquePath('config');
    await write(`${root}/orders`, { 'db.url': 'before', 'db.user': 'u' });
    const client = new ZooKeeperClient({ connectString: sharedConnectString() });
    await client.connect();
    const source = new ZookeeperConfigSource(client, { root, application: 'orders' });
    sources.push(source);
    try {
      await source.start();
      expect(source.properties()).toEqual({ 'db.url': 'before', 'db.user': 'u' });

      await expireSession(client);
      expect(client.state).toBe(ConnectionState.LOST);
      await writer.setData(`${root}/orders/db/url`, 'during');
      await writer.delete(`${root}/orders/db/user`);
      await write(`${root}/application`, { level: 'debug' });
      await client.connect();
      await waitFor('the view after the new session', () => source.get('db.url') === 'during' && source.get('level'));
      expect(source.properties()).toEqual({ 'db.url': 'during', level: 'debug' });

      // And the watches work on the new session.
      await writer.setData(`${root}/orders/db/url`, 'after');
      await waitFor('a change on the new session', () => source.get('db.url') === 'after');
    } finally {
      await source.close();
      await client.close();
    }
  });

  it('opens a new session by itself after an expiry when it owns its client', async () => {
    const root = uniquePath('config');
    await write(`${root}/orders`, { 'db.url': 'before' });
    const source = await open(root, { profiles: [] });
    const expired = source.client.sessionId;
    await expireSession(source.client);
    await waitFor(
      'a new session',
      () => source.client.state === ConnectionState.CONNECTED && source.client.sessionId !== expired,
    );
    await writer.setData(`${root}/orders/db/url`, 'after');
    await waitFor('the change on the new session', () => source.get('db.url') === 'after');
    expect(source.config).toEqual({ db: { url: 'after' } });
  });
});

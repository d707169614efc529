import {
  AddWatchMode,
  CreateMode,
  CREATOR_ALL_ACL,
  digestAcl,
  EventType,
  NoAuthError,
  Perms,
  READ_ACL_UNSAFE,
  type WatchedEvent,
  type ZooKeeperClient,
} from '../../../lib/client';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox } from './support';

jest.setTimeout(60000);

describe('chroot (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let plain: ZooKeeperClient;
  let rooted: ZooKeeperClient;
  let chroot: string;

  beforeAll(async () => {
    chroot = uniquePath('chroot');
    plain = await clients.connect();
    await plain.create(chroot);
    rooted = await clients.connect({ connectString: `${sharedConnectString()}${chroot}` });
  });
  afterAll(async () => {
    await plain.delete(chroot, { recursive: true });
    await clients.closeAll();
  });

  it('maps paths in and out, including sequential names', async () => {
    expect(rooted.chroot).toBe(chroot);
    expect(await rooted.create('/a', 'x')).toBe('/a');
    expect((await plain.getData(`${chroot}/a`)).data.toString()).toBe('x');
    const seq = await rooted.create('/a/s-', null, { mode: CreateMode.EPHEMERAL_SEQUENTIAL });
    expect(seq).toMatch(/^\/a\/s-\d{10}$/);
    expect(await rooted.getChildren('/')).toEqual(['a']);
    expect(await rooted.sync('/a')).toBe('/a');
    expect(await rooted.getEphemerals('/a')).toEqual([seq]);
    expect((await rooted.exists('/'))?.numChildren).toBe(1);
  });

  it('maps transaction results and watch events', async () => {
    const results = await rooted.transaction().create('/t', null).create('/t/s-', null, { mode: 2 }).commit();
    expect(results[0]).toMatchObject({ type: 'create', path: '/t' });
    expect(results[1]).toMatchObject({ type: 'create', path: expect.stringMatching(/^\/t\/s-\d{10}$/) });

    const data = new Inbox<WatchedEvent>();
    const recursive = new Inbox<WatchedEvent>();
    await rooted.getData('/t', { watch: data.push });
    await rooted.addWatch('/', AddWatchMode.PERSISTENT_RECURSIVE, recursive.push);
    await plain.setData(`${chroot}/t`, 'changed');
    expect(await data.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: '/t' });
    expect(await recursive.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: '/t' });
  });
});

describe('ACLs and authentication (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let root: string;

  beforeAll(async () => {
    root = uniquePath('acl');
    const admin = await clients.connect();
    await admin.create(root);
  });
  afterAll(async () => {
    const admin = await clients.connect({
      auth: [
        { scheme: 'digest', credentials: 'alice:secret' },
        { scheme: 'digest', credentials: 'bob:pw' },
      ],
    });
    await admin.delete(root, { recursive: true });
    await clients.closeAll();
  });

  it('lets the digest identity in and keeps another session out with NoAuthError', async () => {
    const alice = await clients.connect({ auth: [{ scheme: 'digest', credentials: 'alice:secret' }] });
    await alice.create(`${root}/private`, 'mine', { acl: [digestAcl('alice', 'secret', Perms.ALL)] });
    expect((await alice.getData(`${root}/private`)).data.toString()).toBe('mine');
    expect(await alice.whoAmI()).toEqual(expect.arrayContaining([{ scheme: 'digest', id: 'alice' }]));

    const stranger = await clients.connect();
    const error = await stranger.getData(`${root}/private`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAuthError);
    expect(error).toMatchObject({ path: `${root}/private`, op: 'getData' });

    const wrong = await clients.connect({ auth: [{ scheme: 'digest', credentials: 'alice:wrong' }] });
    await expect(wrong.setData(`${root}/private`, 'x')).rejects.toBeInstanceOf(NoAuthError);
  });

  it('adds auth at run time and honours CREATOR_ALL and read-only ACLs', async () => {
    const bob = await clients.connect();
    await bob.addAuth('digest', 'bob:pw');
    await bob.create(`${root}/bob`, 'b', { acl: CREATOR_ALL_ACL });
    const { acl } = await bob.getAcl(`${root}/bob`);
    expect(acl).toEqual([digestAcl('bob', 'pw', Perms.ALL)]);
    await bob.create(`${root}/public`, 'p', { acl: READ_ACL_UNSAFE });

    const stranger = await clients.connect();
    await expect(stranger.getData(`${root}/bob`)).rejects.toBeInstanceOf(NoAuthError);
    expect((await stranger.getData(`${root}/public`)).data.toString()).toBe('p');
    await expect(stranger.setData(`${root}/public`, 'x')).rejects.toBeInstanceOf(NoAuthError);
  });
});

import {
  ClientClosedError,
  ConnectionState,
  CreateMode,
  EventType,
  KeeperState,
  OperationTimeoutError,
  SessionExpiredError,
  ZooKeeperClient,
  type WatchedEvent,
} from '../../../lib/client';
import { expireSession, FaultProxy } from '../../../lib/testing';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox, recordTransitions, waitForState } from './support';

jest.setTimeout(60000);

describe('session lifecycle (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let observer: ZooKeeperClient;
  let root: string;

  beforeAll(async () => {
    observer = await clients.connect();
    root = uniquePath('session');
    await observer.create(root);
  });
  afterAll(async () => {
    await observer.delete(root, { recursive: true });
    await clients.closeAll();
  });

  it('starts LOST, reports each transition once in order, and negotiates a timeout', async () => {
    const client = clients.create({ sessionTimeoutMs: 4000 });
    expect(client.state).toBe(ConnectionState.LOST);
    expect(client.sessionId).toBe(0n);
    const transitions = recordTransitions(client);
    const states: ConnectionState[] = [];
    const subscription = client.state$.subscribe((state) => states.push(state));
    await client.connect();
    await client.connect();
    expect(client.negotiatedTimeoutMs).toBe(4000);
    expect(client.sessionId).not.toBe(0n);
    expect(client.sessionPassword).toHaveLength(16);
    expect(client.server).toBe(sharedConnectString());
    await client.close();
    await client.close();
    subscription.unsubscribe();
    expect(transitions).toEqual(['LOST->CONNECTED', 'CONNECTED->LOST']);
    expect(states).toEqual(['LOST', 'CONNECTED', 'LOST']);
  });

  it('close() ends the session at once: its ephemerals go and later requests fail with ClientClosedError', async () => {
    const client = await clients.connect();
    await client.create(`${root}/eph-close`, null, { mode: CreateMode.EPHEMERAL });
    const gone = new Inbox<WatchedEvent>();
    await observer.exists(`${root}/eph-close`, { watch: gone.push });
    const inFlight = client.getData(root);
    const closing = client.close();
    expect((await inFlight).stat).toBeDefined();
    await closing;
    expect((await gone.next()).type).toBe(EventType.NODE_DELETED);
    await expect(client.getData(root)).rejects.toBeInstanceOf(ClientClosedError);
    // Calls with nothing to send are refused the same way, not answered with an empty result.
    await expect(client.multiRead([])).rejects.toMatchObject({ name: 'ClientClosedError', op: 'multiRead' });
    await expect(client.transaction().commit()).rejects.toMatchObject({ name: 'ClientClosedError', op: 'transaction' });
    expect(client.state).toBe(ConnectionState.LOST);
  });

  it('expireSession moves the client to LOST; its ephemerals are gone and a new session can start', async () => {
    const client = await clients.connect();
    await client.create(`${root}/eph-expire`, null, { mode: CreateMode.EPHEMERAL });
    const watcher = new Inbox<WatchedEvent>();
    await client.getChildren(root, { watch: watcher.push });
    const transitions = recordTransitions(client);
    await expireSession(client);
    expect(client.state).toBe(ConnectionState.LOST);
    expect(transitions[transitions.length - 1]).toBe('SUSPENDED->LOST');
    expect(await watcher.next()).toEqual({ type: EventType.NONE, state: KeeperState.EXPIRED, path: '' });
    expect(await observer.exists(`${root}/eph-expire`)).toBeNull();
    const error = await client.create(`${root}/after`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ op: 'create', path: `${root}/after` });

    const fresh = await clients.connect();
    expect(await fresh.create(`${root}/eph-expire`, null, { mode: CreateMode.EPHEMERAL })).toBe(`${root}/eph-expire`);
  });

  it('resumes a session in another client from its id and password', async () => {
    const proxy = await FaultProxy.start(sharedConnectString());
    try {
      const original = await clients.connect({ connectString: proxy.connectString });
      await original.create(`${root}/eph-handover`, 'x', { mode: CreateMode.EPHEMERAL });
      // Make the original unreachable so it cannot take the session back.
      proxy.refuse();
      proxy.cut();
      await waitForState(original, ConnectionState.SUSPENDED);
      const successor = await clients.connect({
        session: { id: original.sessionId, password: original.sessionPassword },
      });
      expect(successor.sessionId).toBe(original.sessionId);
      expect((await successor.exists(`${root}/eph-handover`))?.ephemeralOwner).toBe(original.sessionId);
      await successor.delete(`${root}/eph-handover`);
      await original.close();
    } finally {
      await proxy.close();
    }
  });

  it('rejects connect() with OperationTimeoutError when no server answers, and stays LOST', async () => {
    const proxy = await FaultProxy.start(sharedConnectString());
    proxy.refuse();
    try {
      const client = new ZooKeeperClient({ connectString: proxy.connectString, connectTimeoutMs: 1000 });
      const transitions = recordTransitions(client);
      await expect(client.connect()).rejects.toBeInstanceOf(OperationTimeoutError);
      expect(client.state).toBe(ConnectionState.LOST);
      expect(transitions).toEqual([]);
      await client.close();
    } finally {
      await proxy.close();
    }
  });
});

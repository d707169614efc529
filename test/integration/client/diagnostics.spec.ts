import diagnosticsChannel from 'node:diagnostics_channel';
import {
  AddWatchMode,
  ClientClosedError,
  ConnectionLossError,
  ConnectionState,
  ErrorCode,
  EventType,
  KeeperState,
  NoNodeError,
  diagnosticsChannels,
  type ConnectionAttemptMessage,
  type ConnectionCloseMessage,
  type ConnectionOpenMessage,
  type RequestQueuedMessage,
  type RequestTraceContext,
  type RequestUnqueuedMessage,
  type SessionStateMessage,
  type WatchedEvent,
  type WatchEventMessage,
  type ZooKeeperClient,
} from '../../../lib/client';
import { FaultProxy, expireSession } from '../../../lib/testing';
import { ChannelRecorder } from '../../support/channel-recorder';
import { waitFor } from '../../support/wait-for';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, Inbox, waitForState } from './support';

jest.setTimeout(60000);

type TraceEvent = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error';

/** One event of the request TracingChannel: the context object itself, and a copy of its fields at that moment. */
interface Traced {
  readonly event: TraceEvent;
  readonly context: RequestTraceContext;
  readonly snapshot: Partial<RequestTraceContext>;
}

/** Subscribes to all five events of the request TracingChannel until `stop()`. */
class TraceRecorder {
  readonly events: Traced[] = [];
  private readonly channel = diagnosticsChannel.tracingChannel<RequestTraceContext>(diagnosticsChannels.request);
  private readonly handlers = {
    start: (context: RequestTraceContext) => this.push('start', context),
    end: (context: RequestTraceContext) => this.push('end', context),
    asyncStart: (context: RequestTraceContext) => this.push('asyncStart', context),
    asyncEnd: (context: RequestTraceContext) => this.push('asyncEnd', context),
    error: (context: RequestTraceContext) => this.push('error', context),
  };
  private subscribed = true;

  constructor() {
    this.channel.subscribe(this.handlers);
  }

  private push(event: TraceEvent, context: RequestTraceContext): void {
    this.events.push({ event, context, snapshot: { ...context } });
  }

  /** The events of `client`'s requests of operation `op`, oldest first. */
  of(client: ZooKeeperClient, op: string): Traced[] {
    return this.events.filter((traced) => traced.context.client === client && traced.context.op === op);
  }

  stop(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    this.channel.unsubscribe(this.handlers);
  }
}

/** The request's length on the wire for a getData/exists of `serverPath`: prefix, xid, type, path, watch flag. */
function pathWatchRequestBytes(serverPath: string): number {
  return 4 + 4 + 4 + 4 + Buffer.byteLength(serverPath) + 1;
}

/** The length of a getData reply carrying `dataBytes` bytes: prefix, reply header, data, Stat (68 bytes). */
function getDataReplyBytes(dataBytes: number): number {
  return 4 + 16 + 4 + dataBytes + 68;
}

/** A reply that is a header alone (an error reply): prefix and header. */
const HEADER_ONLY_REPLY_BYTES = 4 + 16;

const hex = (client: ZooKeeperClient): string => `0x${client.sessionId.toString(16)}`;

/** The major and minor version of the shared server, from `srvr`. */
async function serverVersion(client: ZooKeeperClient): Promise<[number, number]> {
  const srvr = await client.fourLetterWord('srvr');
  const match = /Zookeeper version: (\d+)\.(\d+)/.exec(srvr);
  if (match === null) throw new Error(`no version in srvr output: ${srvr}`);
  return [Number(match[1]), Number(match[2])];
}

const ALL_PLAIN_CHANNELS = [
  diagnosticsChannels.sessionState,
  diagnosticsChannels.connectionAttempt,
  diagnosticsChannels.connectionOpen,
  diagnosticsChannels.connectionClose,
  diagnosticsChannels.requestQueued,
  diagnosticsChannels.requestUnqueued,
  diagnosticsChannels.watchEvent,
];

describe('diagnostics channels of the client (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  let observer: ZooKeeperClient;
  let root: string;
  let recorder: ChannelRecorder;

  beforeAll(async () => {
    observer = await clients.connect();
  });
  beforeEach(async () => {
    root = uniquePath('diag');
    await observer.create(root);
    recorder = new ChannelRecorder(ALL_PLAIN_CHANNELS);
  });
  afterEach(async () => {
    recorder.stop();
    await observer.delete(root, { recursive: true });
  });
  afterAll(() => clients.closeAll());

  describe('request tracing (nestjs-zookeeper:request)', () => {
    let traces: TraceRecorder;
    beforeEach(() => {
      traces = new TraceRecorder();
    });
    afterEach(() => traces.stop());

    it('traces a getData with start, end, asyncStart, asyncEnd on one context filled in from the wire', async () => {
      const client = await clients.connect();
      const path = `${root}/node`;
      await client.create(path, 'hello');
      const result = await client.getData(path);

      const events = traces.of(client, 'getData');
      expect(events.map((traced) => traced.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      const context = events[0].context;
      for (const traced of events) expect(traced.context).toBe(context);
      expect(context.client).toBe(client);
      expect(context).toMatchObject({
        op: 'getData',
        path,
        isWrite: false,
        server: client.server,
        sessionId: hex(client),
        resultCode: ErrorCode.OK,
      });
      expect(context.sessionId).toBe(`0x${client.sessionId.toString(16)}`);
      expect(Number.isInteger(context.xid)).toBe(true);
      expect(context.xid).toBeGreaterThan(0);
      expect(context.bytesOut).toBe(pathWatchRequestBytes(path));
      expect(context.bytesIn).toBe(getDataReplyBytes(Buffer.byteLength('hello')));
      expect(typeof context.zxid).toBe('bigint');
      expect(context.zxid as bigint).toBeGreaterThan(0n);
      expect(context.zxid as bigint).toBeLessThanOrEqual(client.lastZxid);
      expect(context.result).toBe(result);
      expect('error' in context).toBe(false);

      // Filled in as the request goes: nothing from the wire at start; written (xid, bytes out) by the synchronous
      // end; answered (result code, bytes in, result) by asyncStart.
      const [start, end, asyncStart] = events.map((traced) => traced.snapshot);
      expect(start.xid).toBeUndefined();
      expect(start.resultCode).toBeUndefined();
      expect(end.xid).toBe(context.xid);
      expect(end.bytesOut).toBe(context.bytesOut);
      expect(end.resultCode).toBeUndefined();
      expect(end.result).toBeUndefined();
      expect(asyncStart.resultCode).toBe(ErrorCode.OK);
      expect(asyncStart.bytesIn).toBe(context.bytesIn);
      expect(asyncStart.result).toBe(result);
    });

    it('counts the bytes of the reply: a node with more data gives a larger bytesIn', async () => {
      const client = await clients.connect();
      await client.create(`${root}/small`, 'x');
      await client.create(`${root}/large`, Buffer.alloc(1000, 7));
      await client.getData(`${root}/small`);
      await client.getData(`${root}/large`);
      const [small, large] = traces
        .of(client, 'getData')
        .filter((traced) => traced.event === 'asyncEnd')
        .map((traced) => traced.context);
      expect(small.path).toBe(`${root}/small`);
      expect(large.path).toBe(`${root}/large`);
      expect(large.bytesIn as number).toBeGreaterThan(small.bytesIn as number);
      expect((large.bytesIn as number) - (small.bytesIn as number)).toBe(999);
      expect(large.bytesOut).toBe(small.bytesOut);
    });

    it('reports the path relative to the chroot, while the bytes written carry the server path', async () => {
      const chroot = `${root}/jail`;
      await observer.create(chroot);
      const rooted = await clients.connect({ connectString: `${sharedConnectString()}${chroot}` });
      await rooted.create('/inside', 'abc');
      await rooted.getData('/inside');
      const [context] = traces
        .of(rooted, 'getData')
        .filter((traced) => traced.event === 'asyncEnd')
        .map((traced) => traced.context);
      expect(context.path).toBe('/inside');
      expect(context.bytesOut).toBe(pathWatchRequestBytes(`${chroot}/inside`));
      expect(context.resultCode).toBe(ErrorCode.OK);
      expect(context.sessionId).toBe(hex(rooted));
      const [created] = traces.of(rooted, 'create').map((traced) => traced.context);
      expect(created.path).toBe('/inside');
      expect(created.result).toBe('/inside');
    });

    it('publishes error with NONODE for a getData of a missing node', async () => {
      const client = await clients.connect();
      const path = `${root}/missing`;
      const rejection = await client.getData(path).catch((error: unknown) => error);
      expect(rejection).toBeInstanceOf(NoNodeError);

      const events = traces.of(client, 'getData');
      expect(events.map((traced) => traced.event)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
      const context = events[0].context;
      for (const traced of events) expect(traced.context).toBe(context);
      expect(context).toMatchObject({ op: 'getData', path, resultCode: ErrorCode.NONODE, server: client.server });
      expect(ErrorCode.NONODE).toBe(-101);
      expect(context.error).toBeInstanceOf(NoNodeError);
      expect(context.error).toBe(rejection);
      expect(context.bytesIn).toBe(HEADER_ONLY_REPLY_BYTES);
      expect(context.xid).toBeGreaterThan(0);
      expect('result' in context).toBe(false);
    });

    it('reports the zxid of a create, a write', async () => {
      const client = await clients.connect();
      const path = `${root}/created`;
      expect(await client.create(path, 'v')).toBe(path);
      const events = traces.of(client, 'create');
      expect(events.map((traced) => traced.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      const context = events[0].context;
      expect(context).toMatchObject({ op: 'create', path, isWrite: true, resultCode: ErrorCode.OK, result: path });
      expect(typeof context.zxid).toBe('bigint');
      expect(context.zxid as bigint).toBeGreaterThan(0n);
      // The zxid of the transaction that created the node.
      expect((await observer.exists(path))?.czxid).toBe(context.zxid);
    });

    it('resolves an exists of a missing node with null: NONODE as the result code, no error event', async () => {
      const client = await clients.connect();
      const path = `${root}/absent`;
      expect(await client.exists(path)).toBeNull();
      const events = traces.of(client, 'exists');
      expect(events.map((traced) => traced.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      const context = events[0].context;
      expect(context).toMatchObject({ op: 'exists', path, resultCode: ErrorCode.NONODE, result: null });
      expect('error' in context).toBe(false);
      expect(context.bytesIn).toBe(HEADER_ONLY_REPLY_BYTES);
    });

    it('stops tracing once unsubscribed, and requests still work', async () => {
      const client = await clients.connect();
      const path = `${root}/after`;
      await client.create(path, 'still here');
      await client.getData(path);
      expect(traces.of(client, 'getData').map((traced) => traced.event)).toEqual([
        'start',
        'end',
        'asyncStart',
        'asyncEnd',
      ]);
      traces.stop();
      const before = traces.events.length;
      expect((await client.getData(path)).data.toString()).toBe('still here');
      await expect(client.getData(`${root}/nothing`)).rejects.toBeInstanceOf(NoNodeError);
      expect(await client.exists(`${root}/nothing`)).toBeNull();
      expect(traces.events.length).toBe(before);
    });
  });

  describe('session state (nestjs-zookeeper:session:state)', () => {
    it('publishes CONNECTED on connect, then SUSPENDED and LOST with reason expired when the session expires', async () => {
      const client = clients.create();
      await client.connect();
      const sessionId = hex(client);
      const server = client.server;
      const connected = recorder.of<SessionStateMessage>(diagnosticsChannels.sessionState, client);
      expect(connected).toHaveLength(1);
      expect(connected[0].client).toBe(client);
      expect(connected[0]).toMatchObject({
        state: ConnectionState.CONNECTED,
        previous: ConnectionState.LOST,
        reason: 'connected',
        sessionId,
        server,
      });

      await expireSession(client);
      const messages = recorder.of<SessionStateMessage>(diagnosticsChannels.sessionState, client);
      const lost = messages.filter((message) => message.state === ConnectionState.LOST);
      expect(lost).toHaveLength(1);
      expect(messages[messages.length - 1]).toBe(lost[0]);
      expect(lost[0]).toMatchObject({ reason: 'expired', sessionId, server: undefined });
      expect(lost[0].client).toBe(client);
      // The client heard of the expiry after its connection was dropped: it was SUSPENDED in between.
      expect(lost[0].previous).toBe(ConnectionState.SUSPENDED);
      const suspended = messages.filter((message) => message.state === ConnectionState.SUSPENDED);
      expect(suspended.length).toBeGreaterThan(0);
      for (const message of suspended) expect(message).toMatchObject({ reason: 'disconnected', server: undefined });
    });

    it('publishes LOST with reason closed on close()', async () => {
      const client = await clients.connect();
      const sessionId = hex(client);
      await client.close();
      const messages = recorder.of<SessionStateMessage>(diagnosticsChannels.sessionState, client);
      expect(messages.map((message) => [message.previous, message.state, message.reason])).toEqual([
        [ConnectionState.LOST, ConnectionState.CONNECTED, 'connected'],
        [ConnectionState.CONNECTED, ConnectionState.LOST, 'closed'],
      ]);
      expect(messages[1].client).toBe(client);
      expect(messages[1]).toMatchObject({ sessionId, server: undefined });
    });
  });

  describe('through a fault proxy', () => {
    let proxy: FaultProxy;
    beforeEach(async () => {
      proxy = await FaultProxy.start(sharedConnectString());
    });
    afterEach(() => proxy.close());

    /** A connected client behind the proxy, then SUSPENDED with the proxy refusing to let it back. */
    async function suspendedClient(options: { sessionTimeoutMs?: number } = {}): Promise<ZooKeeperClient> {
      const client = await clients.connect({ connectString: proxy.connectString, ...options });
      proxy.refuse();
      const suspended = waitForState(client, ConnectionState.SUSPENDED);
      proxy.cut();
      await suspended;
      return client;
    }

    it('publishes the first attempt and open of connect(), with no cause and not as a reconnect', async () => {
      const client = await clients.connect({ connectString: proxy.connectString });
      const attempts = recorder.of<ConnectionAttemptMessage>(diagnosticsChannels.connectionAttempt, client);
      const opens = recorder.of<ConnectionOpenMessage>(diagnosticsChannels.connectionOpen, client);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({
        server: proxy.connectString,
        attempt: 1,
        reconnect: false,
        cause: undefined,
      });
      expect(opens).toHaveLength(1);
      expect(opens[0]).toMatchObject({
        server: proxy.connectString,
        sessionId: hex(client),
        negotiatedTimeoutMs: client.negotiatedTimeoutMs,
        readOnly: false,
        attempts: 1,
        reconnect: false,
      });
      expect(opens[0].client).toBe(client);
      expect(recorder.about(client).map((recorded) => recorded.channel)).toEqual([
        diagnosticsChannels.connectionAttempt,
        diagnosticsChannels.connectionOpen,
        diagnosticsChannels.sessionState,
      ]);
    });

    it('publishes close (with its error), a reconnect attempt caused by it, and an open of the same session', async () => {
      const client = await clients.connect({ connectString: proxy.connectString });
      const sessionId = hex(client);
      const mark = recorder.about(client).length;
      proxy.cut();
      await waitFor('the reconnect to open', () =>
        recorder.of<ConnectionOpenMessage>(diagnosticsChannels.connectionOpen, client).find((m) => m.reconnect),
      );
      await waitForState(client, ConnectionState.CONNECTED);

      const after = recorder
        .about(client)
        .slice(mark)
        .filter((recorded) => recorded.channel !== diagnosticsChannels.sessionState);
      expect(after.map((recorded) => recorded.channel)).toEqual([
        diagnosticsChannels.connectionClose,
        diagnosticsChannels.connectionAttempt,
        diagnosticsChannels.connectionOpen,
      ]);
      const close = after[0].message as ConnectionCloseMessage;
      const attempt = after[1].message as ConnectionAttemptMessage;
      const open = after[2].message as ConnectionOpenMessage;
      expect(close.client).toBe(client);
      expect(close).toMatchObject({ server: proxy.connectString, sessionId });
      expect(close.error).toBeInstanceOf(Error);
      expect(attempt).toMatchObject({ server: proxy.connectString, attempt: 1, reconnect: true });
      expect(attempt.cause).toBeInstanceOf(Error);
      expect(attempt.cause).toBe(close.error);
      expect(open).toMatchObject({ server: proxy.connectString, sessionId, reconnect: true, attempts: 1 });
      expect(hex(client)).toBe(sessionId);

      // The state channel interleaves: SUSPENDED right after the close, CONNECTED right after the open.
      expect(
        recorder
          .about(client)
          .slice(mark)
          .map((recorded) =>
            recorded.channel === diagnosticsChannels.sessionState
              ? (recorded.message as SessionStateMessage).state
              : recorded.channel,
          ),
      ).toEqual([
        diagnosticsChannels.connectionClose,
        ConnectionState.SUSPENDED,
        diagnosticsChannels.connectionAttempt,
        diagnosticsChannels.connectionOpen,
        ConnectionState.CONNECTED,
      ]);
    });

    it('numbers failed reconnect attempts and gives the open the count it took', async () => {
      const client = await suspendedClient();
      const sessionId = hex(client);
      await waitFor(
        'three refused attempts',
        () =>
          recorder
            .of<ConnectionAttemptMessage>(diagnosticsChannels.connectionAttempt, client)
            .filter((m) => m.reconnect).length >= 3,
      );
      proxy.allow();
      const open = await waitFor('the reconnect to open', () =>
        recorder.of<ConnectionOpenMessage>(diagnosticsChannels.connectionOpen, client).find((m) => m.reconnect),
      );
      const attempts = recorder
        .of<ConnectionAttemptMessage>(diagnosticsChannels.connectionAttempt, client)
        .filter((m) => m.reconnect);
      expect(attempts.map((m) => m.attempt)).toEqual(attempts.map((_, i) => i + 1));
      for (const attempt of attempts) expect(attempt.cause).toBeInstanceOf(Error);
      // Each refused attempt is the cause of the next one.
      const closes = recorder.of<ConnectionCloseMessage>(diagnosticsChannels.connectionClose, client);
      expect(closes).toHaveLength(1);
      expect(attempts[0].cause).toBe(closes[0].error);
      expect(attempts[1].cause).not.toBe(closes[0].error);
      expect(open).toMatchObject({ sessionId, reconnect: true, attempts: attempts.length });
    });

    it('publishes request:queued for a request made while SUSPENDED and request:unqueued sent once back', async () => {
      const client = await suspendedClient();
      const path = `${root}/queued`;
      await observer.create(path, 'waited');
      const sessionId = hex(client);

      const pending = client.getData(path);
      const queued = recorder.of<RequestQueuedMessage>(diagnosticsChannels.requestQueued, client);
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ op: 'getData', path, queued: 1 });
      expect(queued[0].client).toBe(client);
      expect(recorder.of(diagnosticsChannels.requestUnqueued, client)).toHaveLength(0);
      expect(client.stats()).toMatchObject({
        state: ConnectionState.SUSPENDED,
        sessionId,
        server: undefined,
        queued: 1,
        inFlight: 0,
      });

      const second = client.exists(`${root}/other`);
      expect(recorder.of<RequestQueuedMessage>(diagnosticsChannels.requestQueued, client)[1]).toMatchObject({
        op: 'exists',
        path: `${root}/other`,
        queued: 2,
      });

      proxy.allow();
      expect((await pending).data.toString()).toBe('waited');
      expect(await second).toBeNull();
      const unqueued = recorder.of<RequestUnqueuedMessage>(diagnosticsChannels.requestUnqueued, client);
      expect(unqueued.map((m) => [m.op, m.path, m.outcome])).toEqual([
        ['getData', path, 'sent'],
        ['exists', `${root}/other`, 'sent'],
      ]);
      for (const message of unqueued) {
        expect(message.client).toBe(client);
        expect(message.waitedMs).toBeGreaterThanOrEqual(0);
      }
      // Queued before unqueued, and unqueued before the connection counts as CONNECTED again.
      const channelsInOrder = recorder.about(client).map((recorded) => recorded.channel);
      expect(channelsInOrder.indexOf(diagnosticsChannels.requestQueued)).toBeLessThan(
        channelsInOrder.indexOf(diagnosticsChannels.requestUnqueued),
      );
      expect(client.stats().queued).toBe(0);
    });

    it('traces a request that waited for a connection: filled in when it is finally written and answered', async () => {
      const traces = new TraceRecorder();
      try {
        const client = await suspendedClient();
        const path = `${root}/traced-later`;
        await observer.create(path, 'eventually');
        const pending = client.getData(path);
        const early = traces.of(client, 'getData');
        expect(early.map((traced) => traced.event)).toEqual(['start', 'end']);
        // Not written yet: no xid, no server, nothing counted.
        for (const key of ['xid', 'server', 'sessionId', 'bytesOut'] as const)
          expect(early[1].snapshot[key]).toBeUndefined();
        proxy.allow();
        const result = await pending;
        const events = traces.of(client, 'getData');
        expect(events.map((traced) => traced.event)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
        const context = events[0].context;
        expect(context).toMatchObject({
          server: client.server,
          sessionId: hex(client),
          resultCode: ErrorCode.OK,
          bytesOut: pathWatchRequestBytes(path),
          bytesIn: getDataReplyBytes(Buffer.byteLength('eventually')),
        });
        expect(context.xid).toBeGreaterThan(0);
        expect(context.result).toBe(result);
      } finally {
        traces.stop();
      }
    });

    it('traces a request whose connection broke before the reply: error, a written xid, no result code', async () => {
      const traces = new TraceRecorder();
      try {
        const client = await clients.connect({ connectString: proxy.connectString });
        proxy.stall();
        const pending = client.getData(`${root}/unanswered`).catch((error: unknown) => error);
        proxy.cut();
        proxy.resume();
        const rejection = await pending;
        expect(rejection).toBeInstanceOf(ConnectionLossError);
        const events = traces.of(client, 'getData');
        expect(events.map((traced) => traced.event)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
        const context = events[0].context;
        expect(context.error).toBe(rejection);
        expect(context.xid).toBeGreaterThan(0);
        expect(context.bytesOut).toBe(pathWatchRequestBytes(`${root}/unanswered`));
        expect(context.resultCode).toBeUndefined();
        expect(context.bytesIn).toBeUndefined();
        expect(context.zxid).toBeUndefined();
        await waitForState(client, ConnectionState.CONNECTED);
      } finally {
        traces.stop();
      }
    });

    it("publishes request:unqueued 'failed' for a waiting request when the client is closed", async () => {
      const client = await suspendedClient();
      const path = `${root}/never`;
      const pending = client.getData(path).catch((error: unknown) => error);
      expect(recorder.of(diagnosticsChannels.requestQueued, client)).toHaveLength(1);
      await client.close();
      expect(await pending).toBeInstanceOf(ClientClosedError);
      const unqueued = recorder.of<RequestUnqueuedMessage>(diagnosticsChannels.requestUnqueued, client);
      expect(unqueued).toHaveLength(1);
      expect(unqueued[0]).toMatchObject({ op: 'getData', path, outcome: 'failed' });
      expect(unqueued[0].waitedMs).toBeGreaterThanOrEqual(0);
    });

    it("publishes request:unqueued 'timed-out' when no connection comes back within the session timeout", async () => {
      // The shared server's minimum session timeout is small (2 ticks): a short session keeps the wait short.
      const client = await suspendedClient({ sessionTimeoutMs: 1000 });
      const path = `${root}/late`;
      const pending = client.getData(path).catch((error: unknown) => error);
      expect(recorder.of(diagnosticsChannels.requestQueued, client)).toHaveLength(1);
      expect(await pending).toBeInstanceOf(ConnectionLossError);
      const unqueued = recorder.of<RequestUnqueuedMessage>(diagnosticsChannels.requestUnqueued, client);
      expect(unqueued).toHaveLength(1);
      expect(unqueued[0]).toMatchObject({ op: 'getData', path, outcome: 'timed-out' });
      expect(unqueued[0].client).toBe(client);
      // It waited at least the negotiated timeout (the deadline it was given when queued).
      expect(unqueued[0].waitedMs).toBeGreaterThanOrEqual(client.negotiatedTimeoutMs);
      expect(client.stats().queued).toBe(0);
    });
  });

  describe('watch events (nestjs-zookeeper:watch:event)', () => {
    it('publishes a data watch firing with the client-relative path and its listener count', async () => {
      const chroot = `${root}/jail`;
      await observer.create(chroot);
      const rooted = await clients.connect({ connectString: `${sharedConnectString()}${chroot}` });
      await rooted.create('/watched', 'v1');
      const events = new Inbox<WatchedEvent>();
      await rooted.getData('/watched', { watch: events.push });
      const stat = await observer.setData(`${chroot}/watched`, 'v2');
      expect(await events.next()).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path: '/watched' });

      const messages = recorder.of<WatchEventMessage>(diagnosticsChannels.watchEvent, rooted);
      expect(messages).toHaveLength(1);
      const [message] = messages;
      expect(message.client).toBe(rooted);
      expect(message).toMatchObject({
        type: EventType.NODE_DATA_CHANGED,
        state: KeeperState.SYNC_CONNECTED,
        path: '/watched',
        listeners: 1,
      });
      const [major, minor] = await serverVersion(observer);
      if (major > 3 || (major === 3 && minor >= 9)) {
        // 3.9 and later put the event's zxid in the notification header.
        expect(message.zxid).toBe(stat.mzxid);
        // The write was made by a client of this process and its reply came first: its latency is known.
        expect(typeof message.latencyMs).toBe('number');
      } else {
        // Before 3.9 the notification header carries -1: no zxid, so no latency either.
        expect(message.zxid).toBeUndefined();
        expect(message.latencyMs).toBeUndefined();
      }
    });

    it('counts every listener the event is delivered to, and publishes nothing for other clients', async () => {
      const client = await clients.connect();
      const path = `${root}/shared`;
      await client.create(path);
      const first = new Inbox<WatchedEvent>();
      const second = new Inbox<WatchedEvent>();
      await client.getData(path, { watch: first.push });
      await client.exists(path, { watch: second.push });
      await observer.setData(path, 'changed');
      await first.next();
      await second.next();
      const messages = recorder.of<WatchEventMessage>(diagnosticsChannels.watchEvent, client);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ type: EventType.NODE_DATA_CHANGED, path, listeners: 2 });
      expect(recorder.of(diagnosticsChannels.watchEvent, observer)).toHaveLength(0);
    });
  });

  describe('client.stats()', () => {
    it('reports the session, the requests in flight and the watches held by kind', async () => {
      const client = await clients.connect();
      const idle = client.stats();
      expect(idle).toEqual({
        state: ConnectionState.CONNECTED,
        sessionId: hex(client),
        server: client.server,
        negotiatedTimeoutMs: client.negotiatedTimeoutMs,
        lastZxid: `0x${client.lastZxid.toString(16)}`,
        inFlight: 0,
        queued: 0,
        watches: { data: 0, exist: 0, child: 0, persistent: 0, persistentRecursive: 0 },
      });
      expect(idle.negotiatedTimeoutMs).toBeGreaterThan(0);
      expect(idle.lastZxid).toMatch(/^0x[0-9a-f]+$/);
      expect(idle.server).toMatch(/:\d+$/);

      const path = `${root}/busy`;
      await client.create(path, 'data');
      expect(client.stats().lastZxid).toBe(`0x${client.lastZxid.toString(16)}`);
      expect(BigInt(client.stats().lastZxid)).toBeGreaterThan(BigInt(idle.lastZxid));

      // Issued without awaiting: each is written at once and none can be answered before this turn ends.
      const reads = Array.from({ length: 50 }, () => client.getData(path));
      expect(client.stats().inFlight).toBe(50);
      await Promise.all(reads);
      expect(client.stats().inFlight).toBe(0);

      await client.create(`${root}/a`);
      await client.create(`${root}/b`);
      const noop = (): void => undefined;
      const fired = new Inbox<WatchedEvent>();
      await client.getData(`${root}/a`, { watch: fired.push });
      await client.exists(`${root}/b`, { watch: noop });
      await client.exists(`${root}/not-yet`, { watch: noop });
      await client.getChildren(root, { watch: noop });
      await client.addWatch(`${root}/b`, AddWatchMode.PERSISTENT, noop);
      await client.addWatch(root, AddWatchMode.PERSISTENT_RECURSIVE, noop);
      expect(client.stats().watches).toEqual({ data: 2, exist: 1, child: 1, persistent: 1, persistentRecursive: 1 });

      // A one-shot watch that fired is no longer held.
      await observer.setData(`${root}/a`, 'changed');
      await fired.next();
      expect(client.stats().watches).toEqual({ data: 1, exist: 1, child: 1, persistent: 1, persistentRecursive: 1 });

      await client.close();
      expect(client.stats()).toMatchObject({
        state: ConnectionState.LOST,
        sessionId: '0x0',
        server: undefined,
        inFlight: 0,
        queued: 0,
        watches: { data: 0, exist: 0, child: 0, persistent: 0, persistentRecursive: 0 },
      });
    });
  });
});

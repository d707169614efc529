import fc from 'fast-check';
import {
  ConnectionLossError,
  ConnectionState,
  ProtocolError,
  ZooKeeperClient,
  ZooKeeperError,
  type ZooKeeperLogger,
} from '../../../lib/client';
import {
  FakeZooKeeperServer,
  frame,
  misbehaviour,
  replyFrame,
  type FakeAnswer,
  type FakeRequest,
} from '../../support/fake-server';
import { nextState } from '../../support/next-state';

/*
 * A peer that breaks the protocol (a fake server on loopback, never a claim about real ZooKeeper): the client must
 * turn it into a typed error on the requests involved, report it, drop the connection, reconnect, and keep its
 * session when the (next) server accepts it.
 */

jest.setTimeout(20000);
/** Below the test timeout, so a hang names the state the client is stuck in. */
const STATE_LIMIT_MS = 15000;

const OP_CREATE = 1;

/** A logger that keeps every line, all levels, with its meta rendered. */
function capturingLogger(): { logger: ZooKeeperLogger; lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string, ...meta: unknown[]) =>
      lines.push(`${level} ${message} ${meta.map((m) => String(m)).join(' ')}`);
  return { logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') }, lines };
}

/** The ProtocolError behind an error: itself, or the cause of the ConnectionLossError it led to. */
function protocolErrorOf(error: unknown): ProtocolError | undefined {
  if (error instanceof ProtocolError) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof ProtocolError ? cause : undefined;
}

type Misbehaviour = (request: FakeRequest) => FakeAnswer;

const protocolViolations: [string, Misbehaviour][] = [
  ['garbage bytes', misbehaviour.garbage],
  ['a frame too short for a reply header', misbehaviour.truncatedRecord],
  ['a length of 2^31-1', misbehaviour.oversizedLength],
  ['a negative length', misbehaviour.negativeLength],
  ['a reply for an xid never sent', misbehaviour.wrongXid],
  ['an unknown reserved xid', misbehaviour.unknownReservedXid],
  ['a notification that does not decode', misbehaviour.badNotification],
  ['a reply body that does not decode', misbehaviour.undecodableBody],
];

describe('a server that breaks the protocol', () => {
  let fake: FakeZooKeeperServer;
  const clients: ZooKeeperClient[] = [];

  beforeEach(async () => {
    fake = await FakeZooKeeperServer.start();
    fake.grantedTimeoutMs = 1500;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await fake.close();
  });

  function newClient(logger?: ZooKeeperLogger): ZooKeeperClient {
    const client = new ZooKeeperClient({ connectString: fake.connectString, sessionTimeoutMs: 1500, logger });
    clients.push(client);
    return client;
  }

  it.each(protocolViolations)(
    '%s: the request fails with a typed error, the client reports it, reconnects and keeps its session',
    async (_name, misbehave) => {
      const { logger, lines } = capturingLogger();
      // Only the first connection misbehaves; the next one answers properly.
      fake.behaviour = (request, connection) => (connection === 1 ? misbehave(request) : { kind: 'nonode' });
      const client = newClient(logger);
      await client.connect();
      const session = client.sessionId;
      const transitions: string[] = [];
      client.on('state', (state, previous) => transitions.push(`${previous}->${state}`));
      const suspended = nextState(client, ConnectionState.SUSPENDED, STATE_LIMIT_MS);
      const reconnected = suspended.then(() => nextState(client, ConnectionState.CONNECTED, STATE_LIMIT_MS));

      const error = await client.getData('/x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZooKeeperError);
      expect(error instanceof ProtocolError || error instanceof ConnectionLossError).toBe(true);
      expect(protocolErrorOf(error)).toBeInstanceOf(ProtocolError);
      expect((error as ZooKeeperError).mayBeApplied).toBe(false);

      await reconnected;
      expect(transitions).toEqual(['CONNECTED->SUSPENDED', 'SUSPENDED->CONNECTED']);
      expect(client.sessionId).toBe(session);
      expect(fake.handshakes[1].sessionId).toBe(session);
      expect(fake.handshakes[1].passwd).toEqual(client.sessionPassword);
      expect(await client.exists('/x')).toBeNull();
      expect(lines.some((line) => line.includes('MARSHALLINGERROR'))).toBe(true);
    },
  );

  it('a connection closed in the middle of a reply: ConnectionLossError, reconnect, same session', async () => {
    fake.behaviour = (request, connection) =>
      connection === 1 ? misbehaviour.closeMidFrame(request) : { kind: 'nonode' };
    const client = newClient();
    await client.connect();
    const session = client.sessionId;
    const reconnected = nextState(client, ConnectionState.SUSPENDED, STATE_LIMIT_MS).then(() =>
      nextState(client, ConnectionState.CONNECTED, STATE_LIMIT_MS),
    );
    await expect(client.exists('/x')).rejects.toBeInstanceOf(ConnectionLossError);
    await reconnected;
    expect(client.sessionId).toBe(session);
    expect(await client.exists('/x')).toBeNull();
  });

  it('half a frame and then silence: the read timeout drops the connection and the client reconnects', async () => {
    fake.behaviour = (_request, connection) => (connection === 1 ? misbehaviour.stalledFrame() : { kind: 'nonode' });
    const client = newClient();
    await client.connect();
    const session = client.sessionId;
    const reconnected = nextState(client, ConnectionState.SUSPENDED, STATE_LIMIT_MS).then(() =>
      nextState(client, ConnectionState.CONNECTED, STATE_LIMIT_MS),
    );
    const error = await client.exists('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLossError);
    await reconnected;
    expect(client.sessionId).toBe(session);
    expect(fake.accepted).toBe(2);
  });

  it('every request in flight fails at once; writes say they may have been applied, reads that they were not', async () => {
    // Say nothing until the third request has arrived, then answer the first with garbage.
    fake.behaviour = (request, connection) => {
      if (connection > 1) return { kind: 'nonode' };
      return fake.requests.length < 3 ? { kind: 'silence' } : misbehaviour.garbage();
    };
    const client = newClient();
    await client.connect();
    const [create, setData, getData] = await Promise.all([
      client.create('/a', 'x').catch((e: unknown) => e),
      client.setData('/b', 'y').catch((e: unknown) => e),
      client.getData('/c').catch((e: unknown) => e),
    ]);
    for (const error of [create, setData, getData]) {
      expect(error).toBeInstanceOf(ConnectionLossError);
      expect(protocolErrorOf(error)).toBeInstanceOf(ProtocolError);
    }
    expect(create).toMatchObject({ mayBeApplied: true, op: 'create', path: '/a' });
    expect(setData).toMatchObject({ mayBeApplied: true, op: 'setData', path: '/b' });
    expect(getData).toMatchObject({ mayBeApplied: false, op: 'getData', path: '/c' });
    expect(fake.requests[0].op).toBe(OP_CREATE);
  });

  it('garbage in answer to the handshake: the attempt fails, the client tries again, no session is invented', async () => {
    fake.handshake = (_request, connection) => (connection === 1 ? misbehaviour.garbage() : 'accept');
    const { logger, lines } = capturingLogger();
    const client = newClient(logger);
    await client.connect();
    expect(fake.accepted).toBe(2);
    expect(client.state).toBe(ConnectionState.CONNECTED);
    // The session is the one the second, well-behaved handshake granted (a new one: nothing was resumed).
    expect(fake.handshakes.map((h) => h.sessionId)).toEqual([0n, 0n]);
    expect(lines.some((line) => line.includes('MARSHALLINGERROR'))).toBe(true);
  });

  it('a handshake answer cut short by a close: the client tries again', async () => {
    fake.handshake = (_request, connection) =>
      connection === 1 ? { kind: 'raw-then-close', bytes: Buffer.from([0, 0, 0, 36, 0, 0]) } : 'accept';
    const client = newClient();
    await client.connect();
    expect(fake.accepted).toBe(2);
    expect(client.state).toBe(ConnectionState.CONNECTED);
  });

  it('a server that always answers garbage: connect() gives up with a typed error, nothing hangs', async () => {
    fake.handshake = () => misbehaviour.oversizedLength();
    const client = new ZooKeeperClient({ connectString: fake.connectString, connectTimeoutMs: 1500 });
    clients.push(client);
    const error = await client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZooKeeperError);
    expect(error).toMatchObject({ codeName: 'OPERATIONTIMEOUT' });
    expect(fake.accepted).toBeGreaterThan(1);
    expect(client.state).toBe(ConnectionState.LOST);
  });

  it('any bytes in answer to a request: the request settles with a value or a ZooKeeperError, nothing else, nothing hangs', async () => {
    // One piece of an answer; `xid` is filled in with the request's own, so many pieces get past the xid check.
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => (_xid: number) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 40 }).map((b) => (_xid: number) => frame(Buffer.from(b))),
      fc.record({ err: fc.integer({ min: -130, max: 5 }), body: fc.uint8Array({ maxLength: 120 }) }).map(
        ({ err, body }) =>
          (xid: number) =>
            replyFrame(xid, err, Buffer.from(body)),
      ),
      fc.record({ zxid: fc.bigInt({ min: -1n, max: 2n ** 40n }), body: fc.uint8Array({ maxLength: 30 }) }).map(
        ({ zxid, body }) =>
          (_xid: number) =>
            replyFrame(-1, 0, Buffer.from(body), zxid),
      ),
    );
    fake.grantedTimeoutMs = 300;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 3 }), async (pieces) => {
        // Then the fake hangs (no more answers, not even to pings): a request it left unanswered must end with the
        // read timeout, not wait forever.
        fake.behaviour = (request) => ({
          kind: 'raw-then-mute',
          bytes: Buffer.concat(pieces.map((p) => p(request.xid))),
        });
        const client = new ZooKeeperClient({ connectString: fake.connectString, sessionTimeoutMs: 300 });
        try {
          await client.connect();
          const settled = await Promise.race([
            client.getData('/x').then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            ),
            new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 5000)),
          ]);
          expect(settled).not.toBe('hang');
          if (settled !== 'hang' && 'error' in settled) expect(settled.error).toBeInstanceOf(ZooKeeperError);
        } finally {
          await client.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

import { createServer, type Server, type Socket } from 'node:net';
import { ConnectionLossError } from '../../../lib/client/errors';
import { ConnectionState } from '../../../lib/client/connection-state';
import { ZooKeeperClient } from '../../../lib/client/zookeeper-client';
import { JuteWriter } from '../../../lib/protocol/jute-writer';
import { connectResponse } from '../../../lib/protocol/records/connect';
import { replyHeader } from '../../../lib/protocol/records/headers';

/**
 * A scripted TCP peer that completes the handshake and then answers as told. It stands in for a server that breaks
 * the protocol, which a real ZooKeeper never does, to check the client drops such a connection cleanly.
 */
async function scriptedServer(
  answer: (socket: Socket, frame: Buffer) => void,
): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    let handshaken = false;
    let pending = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        if (!handshaken) {
          handshaken = true;
          const w = new JuteWriter();
          const start = w.beginFrame();
          connectResponse.write(w, {
            protocolVersion: 0,
            timeOut: 4000,
            sessionId: 0x1234n,
            passwd: Buffer.alloc(16, 7),
            readOnly: false,
          });
          w.endFrame(start);
          socket.write(w.take());
        } else {
          answer(socket, frame);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, connections: () => connections };
}

function reply(socket: Socket, xid: number, body: Buffer = Buffer.alloc(0)): void {
  const w = new JuteWriter();
  const start = w.beginFrame();
  replyHeader.write(w, { xid, zxid: 5n, err: 0 });
  w.endFrame(start);
  const frame = w.take();
  frame.writeInt32BE(frame.length - 4 + body.length, 0);
  socket.write(Buffer.concat([frame, body]));
}

describe('a connection to a peer that breaks the protocol', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function connectTo(
    answer: (socket: Socket, frame: Buffer) => void,
  ): Promise<{ client: ZooKeeperClient; connections: () => number }> {
    const { server, port, connections } = await scriptedServer(answer);
    const client = new ZooKeeperClient({ connectString: `127.0.0.1:${port}`, sessionTimeoutMs: 4000 });
    cleanups.push(async () => {
      await client.close();
      await new Promise((resolve) => server.close(resolve));
    });
    await client.connect();
    return { client, connections };
  }

  it('drops the connection on a reply for the wrong xid, failing the request and reconnecting', async () => {
    const { client, connections } = await connectTo((socket, frame) => {
      if (frame.readInt32BE(4) === 11) return; // pings go unanswered
      reply(socket, frame.readInt32BE(0) + 100);
    });
    const states: ConnectionState[] = [];
    client.on('state', (state) => states.push(state));
    const error = await client.exists('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLossError);
    expect(String((error as Error).cause)).toMatch(/xid/);
    await new Promise<void>((resolve) => client.once('state', (s) => s === ConnectionState.CONNECTED && resolve()));
    expect(states).toEqual([ConnectionState.SUSPENDED, ConnectionState.CONNECTED]);
    expect(connections()).toBe(2);
  });

  it('pings an idle connection with xid -2 and stays connected while pings are answered', async () => {
    let pings = 0;
    let sawPing!: () => void;
    const pinged = new Promise<void>((resolve) => (sawPing = resolve));
    const { client } = await connectTo((socket, frame) => {
      const xid = frame.readInt32BE(0);
      if (frame.readInt32BE(4) === 11 && xid === -2) {
        reply(socket, -2);
        if (++pings === 2) sawPing();
      }
    });
    await pinged;
    expect(client.state).toBe(ConnectionState.CONNECTED);
  }, 20000);

  it('drops the connection on a frame longer than the limit', async () => {
    const { client } = await connectTo((socket) => socket.write(Buffer.from('7fffffff', 'hex')));
    await expect(client.sync('/')).rejects.toBeInstanceOf(ConnectionLossError);
  });

  it('drops the connection on a reply body that does not parse', async () => {
    const { client } = await connectTo((socket, frame) =>
      reply(socket, frame.readInt32BE(0), Buffer.from('00', 'hex')),
    );
    const error = await client.getData('/x').catch((e: unknown) => e);
    expect((error as Error).name).toBe('ProtocolError');
  });
});

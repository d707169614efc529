import { ZooKeeperClient } from '../../../lib/client';
import type { JuteReader } from '../../../lib/protocol/jute-reader';
import { OpCode } from '../../../lib/protocol/op-codes';
import { pathWatchRequest } from '../../../lib/protocol/records/record-codec';
import { statRecord } from '../../../lib/protocol/records/stat';
import { Packet, type BodyWriter } from '../../../lib/client/packet';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients } from './support';

jest.setTimeout(30000);

/**
 * Reads a node's data as the server sends it, telling null (length -1) from empty bytes: `getData` maps both to an
 * empty Buffer, so this sends a GET_DATA through the client's pipeline with a reader that keeps the difference.
 */
async function rawData(client: ZooKeeperClient, path: string): Promise<Buffer | null> {
  const packet = new Packet({
    op: OpCode.GET_DATA,
    body: { path, watch: false },
    write: pathWatchRequest.write as BodyWriter,
    read: (r: JuteReader) => {
      const data = r.buffer();
      statRecord.read(r);
      return data;
    },
    opName: 'getData',
    path,
    isWrite: false,
  });
  const send = (client as unknown as { send(p: Packet): Promise<Buffer | null> }).send.bind(client);
  return send(packet);
}

describe('parents are created with empty data, not null (real server)', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  afterAll(() => clients.closeAll());

  it('the raw reader tells null data from empty data', async () => {
    const client = await clients.connect();
    const root = uniquePath('raw-data');
    await client.create(root, null);
    await client.create(`${root}/empty`, Buffer.alloc(0));
    expect(await rawData(client, root)).toBeNull();
    expect(await rawData(client, `${root}/empty`)).toEqual(Buffer.alloc(0));
    await client.delete(root, { recursive: true });
  });

  it('ensurePath writes empty bytes in every node it creates', async () => {
    const client = await clients.connect();
    const root = uniquePath('ensure-empty');
    await client.ensurePath(`${root}/a/b`);
    for (const path of [root, `${root}/a`, `${root}/a/b`]) {
      expect(await rawData(client, path)).toEqual(Buffer.alloc(0));
    }
    await client.delete(root, { recursive: true });
  });

  it('create with makeParents writes empty bytes in the parents and the given data in the node', async () => {
    const client = await clients.connect();
    const root = uniquePath('make-parents-empty');
    await client.create(`${root}/x/leaf`, 'payload', { makeParents: true });
    expect(await rawData(client, root)).toEqual(Buffer.alloc(0));
    expect(await rawData(client, `${root}/x`)).toEqual(Buffer.alloc(0));
    expect((await rawData(client, `${root}/x/leaf`))?.toString()).toBe('payload');
    await client.delete(root, { recursive: true });
  });
});

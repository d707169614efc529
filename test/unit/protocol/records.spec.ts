import { JuteReader } from '../../../lib/protocol/jute-reader';
import { JuteWriter } from '../../../lib/protocol/jute-writer';
import { OpCode } from '../../../lib/protocol/op-codes';
import { create2Response, createRequest } from '../../../lib/protocol/records/create';
import { connectRequest, connectResponse } from '../../../lib/protocol/records/connect';
import { getChildren2Response } from '../../../lib/protocol/records/children';
import { getDataResponse, setDataRequest } from '../../../lib/protocol/records/data';
import { multiHeader, replyHeader, requestHeader } from '../../../lib/protocol/records/headers';
import { multiRequest, multiResponse } from '../../../lib/protocol/records/multi';
import { pathWatchRequest, type RecordCodec } from '../../../lib/protocol/records/record-codec';
import { watcherEvent } from '../../../lib/protocol/records/watches';
import { ProtocolError } from '../../../lib/protocol/zookeeper-error';
import { captured, payload } from './fixtures';
import { samples, stat } from './record-samples';

function encode(codec: RecordCodec<unknown>, value: unknown): Buffer {
  const w = new JuteWriter(8);
  codec.write(w, value);
  return w.take();
}

describe('records', () => {
  it.each(samples)('%s round-trips and consumes exactly its bytes', (_name, codec, value) => {
    const bytes = encode(codec, value);
    const r = new JuteReader(bytes);
    expect(codec.read(r)).toEqual(value);
    expect(r.remaining).toBe(0);
  });

  it.each(samples)('%s refuses every truncation with ProtocolError', (_name, codec, value) => {
    const bytes = encode(codec, value);
    // A connect record may end before its trailing readOnly flag (servers before 3.4).
    const tolerated = [connectRequest, connectResponse].includes(codec as never) ? 1 : 0;
    for (let length = 0; length < bytes.length - tolerated; length++) {
      expect(() => codec.read(new JuteReader(bytes, 0, length))).toThrow(ProtocolError);
    }
  });

  describe('against bytes captured from ZooKeeper 3.8.0', () => {
    it('encodes a new-session ConnectRequest exactly as sent', () => {
      const request = {
        protocolVersion: 0,
        lastZxidSeen: 0n,
        timeOut: 4000,
        sessionId: 0n,
        passwd: Buffer.alloc(16),
        readOnly: false,
      };
      expect(encode(connectRequest, request)).toEqual(payload(captured.connectRequest));
    });

    it('decodes the ConnectResponse', () => {
      expect(connectResponse.read(new JuteReader(payload(captured.connectResponse)))).toEqual({
        protocolVersion: 0,
        timeOut: 4000,
        sessionId: 0x100000e7c420003n,
        passwd: Buffer.from('f945a507098e3964d50b8805c7c7736d', 'hex'),
        readOnly: false,
      });
    });

    it('reads a ConnectResponse without the trailing readOnly byte as read-write', () => {
      const old = payload(captured.connectResponse).subarray(0, -1);
      expect(connectResponse.read(new JuteReader(old)).readOnly).toBe(false);
    });

    it('encodes create2, getData and setData requests byte for byte', () => {
      const world = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
      const create = new JuteWriter();
      requestHeader.write(create, { xid: 2, type: OpCode.CREATE2 });
      createRequest.write(create, { path: '/cap', data: Buffer.from('hi'), acl: world, flags: 0 });
      expect(create.take()).toEqual(payload(captured.create2Request));

      const get = new JuteWriter();
      requestHeader.write(get, { xid: 3, type: OpCode.GET_DATA });
      pathWatchRequest.write(get, { path: '/cap', watch: true });
      expect(get.take()).toEqual(payload(captured.getDataRequest));

      const set = new JuteWriter();
      requestHeader.write(set, { xid: 4, type: OpCode.SET_DATA });
      setDataRequest.write(set, { path: '/cap', data: Buffer.from('hey'), version: -1 });
      expect(set.take()).toEqual(payload(captured.setDataRequest));
    });

    it('decodes the Create2Response and GetDataResponse', () => {
      const created = new JuteReader(payload(captured.create2Reply));
      expect(replyHeader.read(created)).toEqual({ xid: 2, zxid: 0x24n, err: 0 });
      const body = create2Response.read(created);
      expect(body.path).toBe('/cap');
      expect(body.stat).toMatchObject({ czxid: 0x24n, version: 0, dataLength: 2, numChildren: 0, ephemeralOwner: 0n });
      expect(body.stat.ctime).toBe(0x1a21288f63d);

      const read = new JuteReader(payload(captured.getDataReply));
      expect(replyHeader.read(read)).toEqual({ xid: 3, zxid: 0x24n, err: 0 });
      expect(getDataResponse.read(read).data.toString()).toBe('hi');
    });

    it('decodes an error reply and a notification whose zxid is -1', () => {
      expect(replyHeader.read(new JuteReader(payload(captured.noNodeReply)))).toEqual({
        xid: 1,
        zxid: 0x23n,
        err: -101,
      });
      const note = new JuteReader(payload(captured.notification));
      expect(replyHeader.read(note)).toEqual({ xid: -1, zxid: -1n, err: 0 });
      expect(watcherEvent.read(note)).toEqual({ type: 3, state: 3, path: '/cap' });
    });

    it('encodes a multi request and decodes the failed multi reply (outer err 0, per-op errors)', () => {
      const w = new JuteWriter();
      requestHeader.write(w, { xid: 5, type: OpCode.MULTI });
      multiRequest.write(w, [
        {
          op: OpCode.CREATE2,
          request: {
            path: '/cap/a',
            data: null,
            acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }],
            flags: 0,
          },
        },
        { op: OpCode.DELETE, request: { path: '/cap/missing', version: -1 } },
      ]);
      expect(w.take()).toEqual(payload(captured.multiRequest));

      const r = new JuteReader(payload(captured.multiFailedReply));
      expect(replyHeader.read(r)).toEqual({ xid: 5, zxid: 0x26n, err: 0 });
      expect(multiResponse.read(r)).toEqual([
        { op: OpCode.ERROR, err: 0 },
        { op: OpCode.ERROR, err: -101 },
      ]);
    });

    it('decodes a GetChildren2Response', () => {
      const r = new JuteReader(payload(captured.getChildren2Reply));
      expect(replyHeader.read(r).xid).toBe(6);
      const body = getChildren2Response.read(r);
      expect(body.children).toContain('zookeeper');
      expect(body.children).toHaveLength(4);
      expect(body.stat.numChildren).toBe(4);
    });
  });

  it('maps TTL and container create results inside a multi to CREATE2 with a Stat', () => {
    const w = new JuteWriter();
    for (const op of [OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER]) {
      multiHeader.write(w, { type: op, done: false, err: 0 });
      create2Response.write(w, { path: '/x', stat });
    }
    multiHeader.write(w, { type: -1, done: true, err: -1 });
    expect(multiResponse.read(new JuteReader(w.take()))).toEqual([
      { op: OpCode.CREATE2, path: '/x', stat },
      { op: OpCode.CREATE2, path: '/x', stat },
    ]);
  });

  it('refuses an unknown op inside a multi response', () => {
    const w = new JuteWriter();
    multiHeader.write(w, { type: 77, done: false, err: 0 });
    expect(() => multiResponse.read(new JuteReader(w.take()))).toThrow(ProtocolError);
  });
});

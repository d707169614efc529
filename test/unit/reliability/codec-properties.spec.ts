import fc from 'fast-check';
import { JuteReader } from '../../../lib/protocol/jute-reader';
import { JuteWriter } from '../../../lib/protocol/jute-writer';
import { OpCode } from '../../../lib/protocol/op-codes';
import { getAclResponse, setAclRequest, type Acl } from '../../../lib/protocol/records/acl';
import { authPacket, whoAmIResponse } from '../../../lib/protocol/records/auth';
import { getChildren2Response, getChildrenResponse } from '../../../lib/protocol/records/children';
import { connectRequest, connectResponse } from '../../../lib/protocol/records/connect';
import { create2Response, createRequest, createTtlRequest } from '../../../lib/protocol/records/create';
import { getDataResponse, setDataRequest } from '../../../lib/protocol/records/data';
import { replyHeader, requestHeader } from '../../../lib/protocol/records/headers';
import { multiRequest, multiResponse, type MultiOp, type MultiResult } from '../../../lib/protocol/records/multi';
import type { RecordCodec } from '../../../lib/protocol/records/record-codec';
import { statRecord, type Stat } from '../../../lib/protocol/records/stat';
import { setWatches2, watcherEvent } from '../../../lib/protocol/records/watches';
import { ProtocolError } from '../../../lib/protocol/zookeeper-error';

/*
 * Property tests of the jute codec with generated values (test/unit/protocol covers one hand-written sample per record
 * and random bytes): any value of a record round-trips exactly, and any corruption of a valid encoding — a flipped
 * byte, a length or count replaced by a boundary value, a cut, trailing junk — decodes to a value or throws
 * ProtocolError, never anything else.
 */

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
/** Longs the codec keeps as numbers (times, TTLs): exact up to 2^53. */
const safeLong = fc.maxSafeInteger().map((n) => (Object.is(n, -0) ? 0 : n));
const text = fc.string({ unit: 'binary', maxLength: 24 });
const path = fc
  .array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), { maxLength: 4 })
  .map((parts) => (parts.length === 0 ? '/' : `/${parts.join('/')}`));
const bytes = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b));
const stat: fc.Arbitrary<Stat> = fc.record({
  czxid: int64,
  mzxid: int64,
  ctime: safeLong,
  mtime: safeLong,
  version: int32,
  cversion: int32,
  aversion: int32,
  ephemeralOwner: int64,
  dataLength: int32,
  numChildren: int32,
  pzxid: int64,
});
const acl: fc.Arbitrary<Acl[]> = fc.array(
  fc.record({ perms: fc.integer({ min: 0, max: 31 }), id: fc.record({ scheme: text, id: text }) }),
  { maxLength: 4 },
);
const createBody = fc.record({
  path,
  data: fc.option(bytes, { nil: null }),
  acl,
  flags: fc.integer({ min: 0, max: 6 }),
});

const multiOp: fc.Arbitrary<MultiOp> = fc.oneof(
  createBody.map((request) => ({ op: OpCode.CREATE2 as const, request })),
  createBody.map((request) => ({ op: OpCode.CREATE_CONTAINER as const, request })),
  fc
    .record({ body: createBody, ttl: fc.integer({ min: 1, max: 2 ** 40 - 1 }) })
    .map(({ body, ttl }) => ({ op: OpCode.CREATE_TTL as const, request: { ...body, ttl } })),
  fc.record({ path, version: int32 }).map((request) => ({ op: OpCode.DELETE as const, request })),
  fc.record({ path, version: int32 }).map((request) => ({ op: OpCode.CHECK as const, request })),
  fc.record({ path, data: bytes, version: int32 }).map((request) => ({ op: OpCode.SET_DATA as const, request })),
  fc.record({ path, watch: fc.boolean() }).map((request) => ({ op: OpCode.GET_DATA as const, request })),
  fc.record({ path, watch: fc.boolean() }).map((request) => ({ op: OpCode.GET_CHILDREN as const, request })),
);
const multiResult: fc.Arbitrary<MultiResult> = fc.oneof(
  path.map((p) => ({ op: OpCode.CREATE as const, path: p })),
  fc.record({ path, stat }).map((r) => ({ op: OpCode.CREATE2 as const, ...r })),
  fc.constant({ op: OpCode.DELETE as const }),
  fc.constant({ op: OpCode.CHECK as const }),
  stat.map((s) => ({ op: OpCode.SET_DATA as const, stat: s })),
  fc.record({ data: bytes, stat }).map((r) => ({ op: OpCode.GET_DATA as const, ...r })),
  fc.array(text, { maxLength: 4 }).map((children) => ({ op: OpCode.GET_CHILDREN as const, children })),
  fc.integer({ min: -200, max: -1 }).map((err) => ({ op: OpCode.ERROR as const, err })),
);

type Case = [string, RecordCodec<unknown>, fc.Arbitrary<unknown>];
const c = <T>(name: string, codec: RecordCodec<T>, arbitrary: fc.Arbitrary<T>): Case => [
  name,
  codec as RecordCodec<unknown>,
  arbitrary as fc.Arbitrary<unknown>,
];

const cases: Case[] = [
  c('RequestHeader', requestHeader, fc.record({ xid: int32, type: int32 })),
  c('ReplyHeader', replyHeader, fc.record({ xid: int32, zxid: int64, err: int32 })),
  c(
    'ConnectRequest',
    connectRequest,
    fc.record({
      protocolVersion: int32,
      lastZxidSeen: int64,
      timeOut: int32,
      sessionId: int64,
      passwd: bytes,
      readOnly: fc.boolean(),
    }),
  ),
  c(
    'ConnectResponse',
    connectResponse,
    fc.record({ protocolVersion: int32, timeOut: int32, sessionId: int64, passwd: bytes, readOnly: fc.boolean() }),
  ),
  c('Stat', statRecord, stat),
  c('CreateRequest', createRequest, createBody),
  c(
    'CreateTTLRequest',
    createTtlRequest,
    fc.record({ body: createBody, ttl: fc.integer({ min: 0, max: 2 ** 40 - 1 }) }).map(({ body, ttl }) => ({
      ...body,
      ttl,
    })),
  ),
  c('Create2Response', create2Response, fc.record({ path, stat })),
  c('GetDataResponse', getDataResponse, fc.record({ data: bytes, stat })),
  c('SetDataRequest', setDataRequest, fc.record({ path, data: bytes, version: int32 })),
  c('GetChildrenResponse', getChildrenResponse, fc.record({ children: fc.array(text, { maxLength: 8 }) })),
  c('GetChildren2Response', getChildren2Response, fc.record({ children: fc.array(text, { maxLength: 8 }), stat })),
  c('GetACLResponse', getAclResponse, fc.record({ acl, stat })),
  c('SetACLRequest', setAclRequest, fc.record({ path, acl, version: int32 })),
  c('AuthPacket', authPacket, fc.record({ type: int32, scheme: text, auth: bytes })),
  c(
    'WhoAmIResponse',
    whoAmIResponse,
    fc.record({ clientInfo: fc.array(fc.record({ authScheme: text, user: text }), { maxLength: 4 }) }),
  ),
  c(
    'SetWatches2',
    setWatches2,
    fc.record({
      relativeZxid: int64,
      dataWatches: fc.array(path, { maxLength: 4 }),
      existWatches: fc.array(path, { maxLength: 4 }),
      childWatches: fc.array(path, { maxLength: 4 }),
      persistentWatches: fc.array(path, { maxLength: 4 }),
      persistentRecursiveWatches: fc.array(path, { maxLength: 4 }),
    }),
  ),
  c('WatcherEvent', watcherEvent, fc.record({ type: int32, state: int32, path })),
  c('MultiRequest', multiRequest, fc.array(multiOp, { maxLength: 6 })),
  c('MultiResponse', multiResponse, fc.array(multiResult, { maxLength: 6 })),
];

function encode(codec: RecordCodec<unknown>, value: unknown): Buffer {
  const w = new JuteWriter(16);
  codec.write(w, value);
  return w.take();
}

/** Boundary values for a length or count field. */
const boundary = fc.constantFrom(-2, -1, 0, 1, 0x7fffffff, 0x40000000, 0xffff, 0x100000);

/** A corruption of an encoding. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('int' as const), at: fc.nat(), value: boundary }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('append' as const), at: fc.constant(0), value: fc.integer({ min: 1, max: 8 }) }),
);

function mutate(encoded: Buffer, m: { kind: 'flip' | 'int' | 'cut' | 'append'; at: number; value: number }): Buffer {
  const out = Buffer.from(encoded);
  if (out.length === 0) return m.kind === 'append' ? Buffer.alloc(m.value, 0xff) : out;
  const at = m.at % out.length;
  switch (m.kind) {
    case 'flip':
      out[at] = m.value;
      return out;
    case 'int':
      if (at + 4 <= out.length) out.writeInt32BE(m.value | 0, at);
      return out;
    case 'cut':
      return out.subarray(0, at);
    case 'append':
      return Buffer.concat([out, Buffer.alloc(m.value, 0xff)]);
  }
}

describe('jute codec properties', () => {
  it.each(cases)('%s: any value round-trips exactly and consumes exactly its bytes', (_name, codec, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        const encoded = encode(codec, value);
        const reader = new JuteReader(encoded);
        expect(codec.read(reader)).toEqual(value);
        expect(reader.remaining).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it.each(cases)(
    '%s: any corruption of a valid encoding decodes or throws ProtocolError',
    (_name, codec, arbitrary) => {
      fc.assert(
        fc.property(arbitrary, fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
          let corrupted = encode(codec, value);
          for (const m of mutations) corrupted = mutate(corrupted, m);
          try {
            codec.read(new JuteReader(corrupted));
          } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('a vector count far beyond the bytes left is refused before anything is allocated for it', () => {
    // 2^31-1 strings in a 12-byte frame: decoding must fail at once, not build a huge array first.
    const frame = Buffer.alloc(12);
    frame.writeInt32BE(0x7fffffff, 0);
    expect(() => getChildrenResponse.read(new JuteReader(frame))).toThrow(ProtocolError);
    const acls = Buffer.alloc(12);
    acls.writeInt32BE(0x7fffffff, 0);
    expect(() => getAclResponse.read(new JuteReader(acls))).toThrow(ProtocolError);
  });
});

/* One sample value per record codec, shared by the round-trip and fuzz tests. */
import { OpCode } from '../../../lib/protocol/op-codes';
import { getAclResponse, setAclRequest } from '../../../lib/protocol/records/acl';
import { authPacket, whoAmIResponse } from '../../../lib/protocol/records/auth';
import {
  getAllChildrenNumberResponse,
  getChildren2Response,
  getChildrenResponse,
} from '../../../lib/protocol/records/children';
import { connectRequest, connectResponse } from '../../../lib/protocol/records/connect';
import { create2Response, createRequest, createTtlRequest } from '../../../lib/protocol/records/create';
import { getDataResponse, setDataRequest } from '../../../lib/protocol/records/data';
import { getEphemeralsRequest, getEphemeralsResponse } from '../../../lib/protocol/records/ephemerals';
import { multiHeader, replyHeader, requestHeader } from '../../../lib/protocol/records/headers';
import { multiRequest, multiResponse } from '../../../lib/protocol/records/multi';
import {
  errorResponse,
  pathRecord,
  pathVersionRequest,
  pathWatchRequest,
  type RecordCodec,
} from '../../../lib/protocol/records/record-codec';
import { statRecord, statResponse, type Stat } from '../../../lib/protocol/records/stat';
import {
  addWatchRequest,
  removeWatchesRequest,
  setWatches,
  setWatches2,
  watcherEvent,
} from '../../../lib/protocol/records/watches';

export const stat: Stat = {
  czxid: 0x100000001n,
  mzxid: 2n ** 62n,
  ctime: 1795607211954,
  mtime: 1795607212044,
  version: 3,
  cversion: -1,
  aversion: 7,
  ephemeralOwner: -0x100000000000000n,
  dataLength: 12,
  numChildren: 4,
  pzxid: 0x24n,
};
const acl = [
  { perms: 31, id: { scheme: 'world', id: 'anyone' } },
  { perms: 1, id: { scheme: 'digest', id: 'u:xyz=' } },
];

/** A record name, its codec and a value of it. */
export type Sample = [string, RecordCodec<unknown>, unknown];

function sample<T>(name: string, codec: RecordCodec<T>, value: T): Sample {
  return [name, codec as unknown as RecordCodec<unknown>, value];
}

export const samples: Sample[] = [
  sample('RequestHeader', requestHeader, { xid: 7, type: OpCode.GET_DATA }),
  sample('ReplyHeader', replyHeader, { xid: -1, zxid: -1n, err: -101 }),
  sample('MultiHeader', multiHeader, { type: OpCode.CHECK, done: false, err: -1 }),
  sample('ConnectRequest', connectRequest, {
    protocolVersion: 0,
    lastZxidSeen: 0x5n,
    timeOut: 30000,
    sessionId: 0x100000e7c420003n,
    passwd: Buffer.alloc(16, 1),
    readOnly: true,
  }),
  sample('ConnectResponse', connectResponse, {
    protocolVersion: 0,
    timeOut: 4000,
    sessionId: 2n ** 63n - 1n,
    passwd: Buffer.from('secret'),
    readOnly: false,
  }),
  sample('Stat', statRecord, stat),
  sample('StatResponse', statResponse, { stat }),
  sample('PathRecord', pathRecord, { path: '/a/b' }),
  sample('PathWatchRequest', pathWatchRequest, { path: '/a', watch: true }),
  sample('PathVersionRequest', pathVersionRequest, { path: '/a', version: -1 }),
  sample('ErrorResponse', errorResponse, { err: -110 }),
  sample('CreateRequest', createRequest, { path: '/n-', data: Buffer.from('x'), acl, flags: 3 }),
  sample('CreateRequest (null data)', createRequest, { path: '/n', data: null, acl, flags: 0 }),
  sample('CreateTTLRequest', createTtlRequest, {
    path: '/t',
    data: Buffer.from('t'),
    acl,
    flags: 5,
    ttl: 0xffffffffff,
  }),
  sample('Create2Response', create2Response, { path: '/n-0000000001', stat }),
  sample('GetDataResponse', getDataResponse, { data: Buffer.from('payload'), stat }),
  sample('SetDataRequest', setDataRequest, { path: '/d', data: Buffer.from('v'), version: 4 }),
  sample('GetChildrenResponse', getChildrenResponse, { children: ['a', 'b', 'ü'] }),
  sample('GetChildren2Response', getChildren2Response, { children: [], stat }),
  sample('GetAllChildrenNumberResponse', getAllChildrenNumberResponse, { totalNumber: 10000 }),
  sample('GetACLResponse', getAclResponse, { acl, stat }),
  sample('SetACLRequest', setAclRequest, { path: '/acl', acl, version: 2 }),
  sample('GetEphemeralsRequest', getEphemeralsRequest, { prefixPath: '/app/' }),
  sample('GetEphemeralsResponse', getEphemeralsResponse, { ephemerals: ['/app/e1', '/app/e2'] }),
  sample('AuthPacket', authPacket, { type: 0, scheme: 'digest', auth: Buffer.from('user:pass') }),
  sample('WhoAmIResponse', whoAmIResponse, { clientInfo: [{ authScheme: 'ip', user: '127.0.0.1' }] }),
  sample('SetWatches', setWatches, {
    relativeZxid: 0x99n,
    dataWatches: ['/d'],
    existWatches: ['/e1', '/e2'],
    childWatches: [],
  }),
  sample('SetWatches2', setWatches2, {
    relativeZxid: 1n,
    dataWatches: [],
    existWatches: [],
    childWatches: ['/c'],
    persistentWatches: ['/p'],
    persistentRecursiveWatches: ['/r'],
  }),
  sample('AddWatchRequest', addWatchRequest, { path: '/w', mode: 1 }),
  sample('RemoveWatchesRequest', removeWatchesRequest, { path: '/w', type: 3 }),
  sample('WatcherEvent', watcherEvent, { type: 4, state: 3, path: '/w' }),
  sample('MultiRequest', multiRequest, [
    { op: OpCode.CREATE2, request: { path: '/m', data: null, acl, flags: 0 } },
    { op: OpCode.CREATE_TTL, request: { path: '/m2', data: Buffer.from('a'), acl, flags: 6, ttl: 1 } },
    { op: OpCode.CREATE_CONTAINER, request: { path: '/m3', data: null, acl, flags: 4 } },
    { op: OpCode.DELETE, request: { path: '/m', version: 1 } },
    { op: OpCode.SET_DATA, request: { path: '/m', data: Buffer.from('d'), version: -1 } },
    { op: OpCode.CHECK, request: { path: '/m', version: 0 } },
    { op: OpCode.GET_DATA, request: { path: '/m', watch: false } },
    { op: OpCode.GET_CHILDREN, request: { path: '/m', watch: false } },
  ]),
  sample('MultiResponse', multiResponse, [
    { op: OpCode.CREATE, path: '/m' },
    { op: OpCode.CREATE2, path: '/m2', stat },
    { op: OpCode.DELETE },
    { op: OpCode.SET_DATA, stat },
    { op: OpCode.CHECK },
    { op: OpCode.GET_DATA, data: Buffer.from('x'), stat },
    { op: OpCode.GET_CHILDREN, children: ['c'] },
    { op: OpCode.ERROR, err: -101 },
  ]),
];

/**
 * Frames captured from a real ZooKeeper 3.8.0 server talking to this client through a recording proxy (hex, each with
 * its 4-byte length prefix). They pin the wire format to what the server actually sends and accepts.
 */
export const captured = {
  /** ConnectRequest of a new session: version 0, zxid 0, timeout 4000, session 0, 16 zero bytes, readOnly false. */
  connectRequest: '0000002d00000000000000000000000000000fa00000000000000000000000100000000000000000000000000000000000',
  /** ConnectResponse: timeout 4000, session 0x100000e7c420003, a 16-byte password, readOnly false. */
  connectResponse: '000000250000000000000fa00100000e7c42000300000010f945a507098e3964d50b8805c7c7736d00',
  /** A reply with NONODE (-101) for xid 1. */
  noNodeReply: '00000010000000010000000000000023ffffff9b',
  /** create2 '/cap' data 'hi', world:anyone ALL, PERSISTENT; xid 2. */
  create2Request:
    '00000035000000020000000f000000042f636170000000026869000000010000001f00000005776f726c6400000006616e796f6e6500000000',
  /** Create2Response for '/cap' at zxid 0x24. */
  create2Reply:
    '0000005c00000002000000000000002400000000000000042f63617000000000000000240000000000000024000001a21288f63d000001a21288f63d000000000000000000000000000000000000000000000002000000000000000000000024',
  /** getData '/cap' with watch; xid 3. */
  getDataRequest: '000000110000000300000004000000042f63617001',
  /** GetDataResponse 'hi'. */
  getDataReply:
    '0000005a0000000300000000000000240000000000000002686900000000000000240000000000000024000001a21288f63d000001a21288f63d000000000000000000000000000000000000000000000002000000000000000000000024',
  /** setData '/cap' 'hey' version -1; xid 4. */
  setDataRequest: '0000001b0000000400000005000000042f63617000000003686579ffffffff',
  /** A NodeDataChanged notification for '/cap' (xid -1, zxid -1 as 3.8 sends it). */
  notification: '00000020ffffffffffffffffffffffff000000000000000300000003000000042f636170',
  /** multi: create2 '/cap/a' (null data), delete '/cap/missing' version -1; xid 5. */
  multiRequest:
    '00000064000000050000000e0000000f00ffffffff000000062f6361702f61ffffffff000000010000001f00000005776f726c6400000006616e796f6e65000000000000000200ffffffff0000000c2f6361702f6d697373696e67ffffffffffffffff01ffffffff',
  /** The failed multi's reply: outer err 0, op 0 ok (as an error result 0), op 1 NONODE. */
  multiFailedReply:
    '0000003300000005000000000000002600000000ffffffff000000000000000000ffffffff00ffffff9bffffff9bffffffff01ffffffff',
  /** GetChildren2Response of '/': cap, zookeeper, and two other nodes. */
  getChildren2Reply:
    '00000096000000060000000000000026000000000000000400000003636170000000097a6f6f6b656570657200000012736d6f6b653137393536303732313139343700000010726563313739353630373233303439320000000000000000000000000000000000000000000000000000000000000000000000000000000400000000000000000000000000000000000000040000000000000024',
};

/** The payload of a captured frame (without its length prefix). */
export function payload(hex: string): Buffer {
  const frame = Buffer.from(hex, 'hex');
  if (frame.readInt32BE(0) !== frame.length - 4) throw new Error('fixture length prefix does not match');
  return frame.subarray(4);
}

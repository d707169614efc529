import { JuteReader } from '../../../lib/protocol/jute-reader';
import { JuteWriter } from '../../../lib/protocol/jute-writer';
import { ProtocolError } from '../../../lib/protocol/zookeeper-error';

describe('JuteWriter / JuteReader', () => {
  it('writes primitives big-endian as jute does', () => {
    const w = new JuteWriter(4);
    w.int(-2).long(0x0102030405060708n).bool(true).bool(false);
    expect(w.take().toString('hex')).toBe('fffffffe' + '0102030405060708' + '01' + '00');
  });

  it('encodes null buffers and strings as length -1 and reads them back as null', () => {
    const w = new JuteWriter();
    w.buffer(null).ustring(null).stringVector(null);
    const bytes = w.take();
    expect(bytes.toString('hex')).toBe('ffffffff'.repeat(3));
    const r = new JuteReader(bytes);
    expect(r.buffer()).toBeNull();
    expect(r.ustring()).toBeNull();
    expect(r.stringVector()).toEqual([]);
    expect(r.remaining).toBe(0);
  });

  it('round-trips UTF-8 strings with their byte length, not their UTF-16 length', () => {
    const w = new JuteWriter(8);
    w.ustring('/zoo/ünïcødé/🦒');
    const bytes = w.take();
    expect(bytes.readInt32BE(0)).toBe(Buffer.byteLength('/zoo/ünïcødé/🦒'));
    expect(new JuteReader(bytes).ustring()).toBe('/zoo/ünïcødé/🦒');
  });

  it('reads long string vectors (the one-pass ASCII path) exactly as element-by-element UTF-8', () => {
    const ascii = Array.from({ length: 40 }, (_, i) => `node-${i}-${'x'.repeat(i)}`);
    const cases: (string | null)[][] = [
      ascii,
      [...ascii.slice(0, 20), 'ünïcødé-🦒', ...ascii.slice(20)],
      [...ascii.slice(0, 20), '', ...ascii.slice(20), 'del\u007f'],
    ];
    for (const values of cases) {
      const w = new JuteWriter(8);
      w.int(7)
        .stringVector(values as string[])
        .int(9);
      const bytes = w.take();
      const r = new JuteReader(bytes);
      expect(r.int()).toBe(7);
      expect(r.stringVector()).toEqual(values);
      expect(r.int()).toBe(9);
      expect(r.remaining).toBe(0);
    }
    // Invalid UTF-8 (a lone 0xff) and a null element decode as before: U+FFFD and ''.
    const w = new JuteWriter(8);
    w.int(20);
    for (let i = 0; i < 18; i++) w.ustring(`n${i}`);
    w.int(-1).buffer(Buffer.from([0x61, 0xff]));
    const r = new JuteReader(w.take());
    const read = r.stringVector();
    expect(read.slice(18)).toEqual(['', 'a\ufffd']);
    expect(read[17]).toBe('n17');
    // An element running past the end still fails.
    const cut = new JuteWriter(8);
    cut.int(20);
    for (let i = 0; i < 20; i++) cut.ustring(`n${i}`);
    const bytes = cut.take();
    expect(() => new JuteReader(bytes, 0, bytes.length - 1).stringVector()).toThrow(ProtocolError);
  });

  it('grows its scratch buffer and keeps what was written', () => {
    const w = new JuteWriter(2);
    const big = Buffer.alloc(100_000, 7);
    w.int(1).buffer(big).int(2);
    const r = new JuteReader(w.take());
    expect(r.int()).toBe(1);
    expect(r.buffer()?.equals(big)).toBe(true);
    expect(r.int()).toBe(2);
  });

  it('round-trips longs that exceed 2^53 as bigint and signed extremes', () => {
    const values = [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 0x100000e7c420003n, 2n ** 53n + 1n];
    const w = new JuteWriter();
    for (const v of values) w.long(v);
    const r = new JuteReader(w.take());
    for (const v of values) expect(r.long()).toBe(v);
  });

  it('writes and reads timestamp longs as numbers, including negative ones', () => {
    const values = [0, 1, -1, 1795607211954, -1795607211954, 2 ** 53 - 1];
    const w = new JuteWriter();
    for (const v of values) w.longNumber(v);
    const bytes = w.take();
    const asBigints = new JuteReader(bytes);
    for (const v of values) expect(asBigints.long()).toBe(BigInt(v));
    const asNumbers = new JuteReader(bytes);
    for (const v of values) expect(asNumbers.longNumber()).toBe(v);
  });

  it('frames records with a back-patched length prefix', () => {
    const w = new JuteWriter();
    const start = w.beginFrame();
    w.int(5).ustring('/a');
    expect(w.endFrame(start)).toBe(10);
    expect(w.take().toString('hex')).toBe('0000000a' + '00000005' + '00000002' + '2f61');
  });

  it('returns buffers as views of the chunk without copying', () => {
    const chunk = Buffer.from('00000003616263', 'hex');
    const data = new JuteReader(chunk).buffer() as Buffer;
    expect(data.toString()).toBe('abc');
    expect(data.buffer).toBe(chunk.buffer);
  });

  it('copies buffers out of a chunk that will be reused, and reset() moves to another slice', () => {
    const chunk = Buffer.from('0000000361626300000001ff', 'hex');
    const r = new JuteReader(Buffer.alloc(0)).reset(chunk, 0, 7, true);
    const data = r.buffer() as Buffer;
    chunk.fill(0);
    expect(data.toString()).toBe('abc');
    const other = Buffer.from('00000001ee', 'hex');
    const view = r.reset(other, 0, other.length, false).buffer() as Buffer;
    other[4] = 0x11;
    expect(view[0]).toBe(0x11);
    expect(r.remaining).toBe(0);
  });

  it.each([
    ['int', '000000', (r: JuteReader) => r.int()],
    ['long', '00000000000000', (r: JuteReader) => r.long()],
    ['bool', '', (r: JuteReader) => r.bool()],
    ['buffer past the end', '0000000561', (r: JuteReader) => r.buffer()],
    ['negative buffer length', 'fffffffe', (r: JuteReader) => r.buffer()],
    ['string past the end', '0000000261', (r: JuteReader) => r.ustring()],
    ['vector count beyond the bytes left', '7fffffff', (r: JuteReader) => r.stringVector()],
    ['negative vector count', 'fffffff0', (r: JuteReader) => r.stringVector()],
  ])('throws ProtocolError on a truncated or impossible %s', (_name, hex, read) => {
    expect(() => read(new JuteReader(Buffer.from(hex, 'hex')))).toThrow(ProtocolError);
  });

  it('respects the end of the slice it was given', () => {
    const chunk = Buffer.from('0000000100000002', 'hex');
    const r = new JuteReader(chunk, 0, 4);
    expect(r.int()).toBe(1);
    expect(() => r.int()).toThrow(ProtocolError);
  });
});

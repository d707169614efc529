import fc from 'fast-check';
import { DEFAULT_MAX_FRAME_BYTES, FrameSplitter } from '../../../lib/protocol/frame-splitter';
import { ProtocolError } from '../../../lib/protocol/zookeeper-error';

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

function collect(maxFrameBytes?: number): { splitter: FrameSplitter; frames: string[] } {
  const frames: string[] = [];
  const splitter = new FrameSplitter((b, start, end) => frames.push(b.toString('hex', start, end)), maxFrameBytes);
  return { splitter, frames };
}

describe('FrameSplitter', () => {
  const payloads = [Buffer.from('abc'), Buffer.alloc(0), Buffer.from('0102030405060708', 'hex'), Buffer.alloc(300, 9)];
  const stream = Buffer.concat(payloads.map(frame));
  const expected = payloads.map((p) => p.toString('hex'));

  it('hands out every frame of a chunk holding many', () => {
    const { splitter, frames } = collect();
    splitter.push(stream);
    expect(frames).toEqual(expected);
    expect(splitter.pending).toBe(false);
  });

  it('reassembles the stream split at every single byte', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const { splitter, frames } = collect();
      splitter.push(stream.subarray(0, cut));
      splitter.push(stream.subarray(cut));
      expect(frames).toEqual(expected);
    }
  });

  it('reassembles the stream fed one byte at a time', () => {
    const { splitter, frames } = collect();
    for (let i = 0; i < stream.length; i++) splitter.push(stream.subarray(i, i + 1));
    expect(frames).toEqual(expected);
  });

  it('reassembles any split into arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set([0, ...cuts, stream.length])].sort((a, b) => a - b);
        const { splitter, frames } = collect();
        for (let i = 1; i < points.length; i++) splitter.push(stream.subarray(points[i - 1], points[i]));
        expect(frames).toEqual(expected);
      }),
    );
  });

  it('reads only the bytes before `end` of a reused read buffer', () => {
    const { splitter, frames } = collect();
    const readBuffer = Buffer.alloc(stream.length + 50, 0xff);
    for (let at = 0; at < stream.length; at += 7) {
      const bytes = Math.min(7, stream.length - at);
      stream.copy(readBuffer, 0, at, at + bytes);
      splitter.push(readBuffer, bytes);
    }
    expect(frames).toEqual(expected);
    expect(splitter.pending).toBe(false);
  });

  it('keeps views of a gathered frame valid after later chunks', () => {
    const seen: Buffer[] = [];
    const splitter = new FrameSplitter((b, start, end) => seen.push(b.subarray(start, end)));
    const big = frame(Buffer.alloc(10, 1));
    splitter.push(big.subarray(0, 7));
    splitter.push(Buffer.concat([big.subarray(7), frame(Buffer.alloc(10, 2))]));
    expect(seen.map((b) => b.toString('hex'))).toEqual(['01'.repeat(10), '02'.repeat(10)]);
  });

  it('refuses a negative length with ProtocolError', () => {
    const { splitter } = collect();
    expect(() => splitter.push(Buffer.from('ffffffff00', 'hex'))).toThrow(ProtocolError);
  });

  it('refuses a frame longer than the default limit of jute.maxbuffer + 1 KiB', () => {
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(0xfffff + 1024);
    const header = Buffer.alloc(4);
    header.writeInt32BE(DEFAULT_MAX_FRAME_BYTES + 1, 0);
    const { splitter } = collect();
    expect(() => splitter.push(header)).toThrow(ProtocolError);
    header.writeInt32BE(DEFAULT_MAX_FRAME_BYTES, 0);
    expect(() => collect().splitter.push(header)).not.toThrow();
  });

  it('applies a configured limit, also when the length prefix is split', () => {
    const { splitter } = collect(16);
    const header = Buffer.from('00000011', 'hex');
    splitter.push(header.subarray(0, 2));
    expect(() => splitter.push(header.subarray(2))).toThrow(/outside 0\.\.16/);
  });
});

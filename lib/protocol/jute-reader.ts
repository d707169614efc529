import { ProtocolError } from './zookeeper-error';

/**
 * Jute decoder over a slice of a received chunk. Buffers are returned as views of the chunk (no copy) unless the chunk
 * is a read buffer that will be reused (`copyBuffers`); every read past the end, negative length or impossible count
 * throws ProtocolError and nothing else.
 */
export class JuteReader {
  private pos: number;

  constructor(
    private buf: Buffer,
    offset = 0,
    private end = buf.length,
    private copyBuffers = false,
  ) {
    this.pos = offset;
  }

  /** Points the reader at another slice, so that one reader serves every frame of a connection. */
  reset(buf: Buffer, offset: number, end: number, copyBuffers: boolean): this {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
    this.copyBuffers = copyBuffers;
    return this;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  private need(bytes: number, what: string): void {
    if (this.end - this.pos < bytes) {
      throw new ProtocolError(`truncated record: ${what} needs ${bytes} bytes, ${this.end - this.pos} left`);
    }
  }

  /** A 32-bit signed int. */
  int(): number {
    this.need(4, 'int');
    const value = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  /** A 64-bit signed long as bigint (zxids, session ids). */
  long(): bigint {
    this.need(8, 'long');
    const value = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return value;
  }

  /** A long known to fit a double (timestamps, counts): read without allocating a bigint. */
  longNumber(): number {
    this.need(8, 'long');
    const value = this.buf.readInt32BE(this.pos) * 0x100000000 + this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    return value;
  }

  /** A one-byte boolean (any non-zero byte is true). */
  bool(): boolean {
    this.need(1, 'boolean');
    return this.buf[this.pos++] !== 0;
  }

  private length(what: string): number {
    const length = this.int();
    if (length < -1) throw new ProtocolError(`negative ${what} length ${length}`);
    return length;
  }

  /** A `buffer` field (a view of the chunk, or a copy when the chunk is reused); null when the length is -1. */
  buffer(): Buffer | null {
    const length = this.length('buffer');
    if (length === -1) return null;
    this.need(length, 'buffer');
    const pos = this.pos;
    this.pos += length;
    if (!this.copyBuffers) return this.buf.subarray(pos, pos + length);
    const value = Buffer.allocUnsafe(length);
    this.buf.copy(value, 0, pos, pos + length);
    return value;
  }

  /** A `buffer` field where null means empty (node data). */
  bufferOrEmpty(): Buffer {
    return this.buffer() ?? Buffer.alloc(0);
  }

  /** A UTF-8 string; null when the length is -1. */
  ustring(): string | null {
    const length = this.length('ustring');
    if (length === -1) return null;
    this.need(length, 'ustring');
    const value = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** A `ustring` where null is not expected; null decodes as ''. */
  string(): string {
    return this.ustring() ?? '';
  }

  /** The element count of a vector; -1 (null) reads as 0. Counts larger than the bytes left are refused early. */
  vectorLength(minElementBytes = 1): number {
    const count = this.length('vector');
    if (count === -1) return 0;
    if (count * minElementBytes > this.end - this.pos) {
      throw new ProtocolError(`vector of ${count} elements cannot fit in ${this.end - this.pos} bytes`);
    }
    return count;
  }

  /**
   * A `vector<ustring>`; null reads as empty. Long vectors (children listings) are decoded with one `latin1` pass
   * over the whole vector and cut with `slice`, instead of a native UTF-8 decode per element, when every byte of
   * every element is ASCII (where latin1 and UTF-8 agree); anything else is decoded element by element as UTF-8.
   */
  stringVector(): string[] {
    const count = this.vectorLength(4);
    const values: string[] = new Array<string>(count);
    if (count < 16) {
      for (let i = 0; i < count; i++) values[i] = this.string();
      return values;
    }
    const buf = this.buf;
    const begin = this.pos;
    // First pass: check the lengths and find the end; elements must be ASCII and non-null for the fast path.
    let pos = begin;
    let ascii = true;
    for (let i = 0; i < count; i++) {
      if (this.end - pos < 4) return this.stringVectorSlow(values, count, begin);
      const length = buf.readInt32BE(pos);
      pos += 4;
      if (length < 0 || this.end - pos < length) return this.stringVectorSlow(values, count, begin);
      const stop = pos + length;
      for (let j = pos; j < stop; j++) {
        if (buf[j] > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (!ascii) return this.stringVectorSlow(values, count, begin);
      pos = stop;
    }
    const text = buf.toString('latin1', begin, pos);
    let at = 0;
    pos = begin;
    for (let i = 0; i < count; i++) {
      const length = buf.readInt32BE(pos);
      at += 4;
      values[i] = text.slice(at, at + length);
      at += length;
      pos += 4 + length;
    }
    this.pos = pos;
    return values;
  }

  private stringVectorSlow(values: string[], count: number, begin: number): string[] {
    this.pos = begin;
    for (let i = 0; i < count; i++) values[i] = this.string();
    return values;
  }
}

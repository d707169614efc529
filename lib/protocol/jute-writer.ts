/**
 * Jute encoder over a growable scratch buffer that is reused from request to request: records are written into it
 * and `take()` copies the bytes out once, so each request (or each batch of requests) costs a single allocation.
 */
export class JuteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialBytes = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes written since the last `take()`/`reset()`. */
  get length(): number {
    return this.pos;
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** A 32-bit signed int. */
  int(value: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(value | 0, this.pos);
    this.pos += 4;
    return this;
  }

  /** A 64-bit signed long (zxids, session ids). */
  long(value: bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt.asIntN(64, value), this.pos);
    this.pos += 8;
    return this;
  }

  /** A long that always fits a double (timestamps, TTLs): written without a bigint. */
  longNumber(value: number): this {
    this.ensure(8);
    const high = Math.floor(value / 0x100000000);
    this.buf.writeInt32BE(high | 0, this.pos);
    this.buf.writeUInt32BE(value - high * 0x100000000, this.pos + 4);
    this.pos += 8;
    return this;
  }

  /** A one-byte boolean. */
  bool(value: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
    return this;
  }

  /** A `buffer` field: int32 length then bytes; null is length -1. */
  buffer(value: Buffer | null | undefined): this {
    if (value === null || value === undefined) return this.int(-1);
    this.ensure(4 + value.length);
    this.buf.writeInt32BE(value.length, this.pos);
    value.copy(this.buf, this.pos + 4);
    this.pos += 4 + value.length;
    return this;
  }

  /** A `ustring` field: int32 UTF-8 byte length then the bytes; null is length -1. */
  ustring(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.int(-1);
    // Reserve the worst case (3 bytes per UTF-16 unit) so the string is encoded in one pass.
    this.ensure(4 + value.length * 3);
    const written = this.buf.write(value, this.pos + 4, 'utf8');
    this.buf.writeInt32BE(written, this.pos);
    this.pos += 4 + written;
    return this;
  }

  /** A `vector<ustring>`. */
  stringVector(values: readonly string[] | null | undefined): this {
    if (values === null || values === undefined) return this.int(-1);
    this.int(values.length);
    for (const value of values) this.ustring(value);
    return this;
  }

  /** Reserves the 4-byte length prefix of a frame; hand the result to `endFrame`. */
  beginFrame(): number {
    this.ensure(4);
    const start = this.pos;
    this.pos += 4;
    return start;
  }

  /** Fills in the length prefix reserved by `beginFrame` and returns the frame's payload size. */
  endFrame(start: number): number {
    const size = this.pos - start - 4;
    this.buf.writeInt32BE(size, start);
    return size;
  }

  /** Drops everything written after `mark` (a value of `length` taken earlier), e.g. after an encoding failure. */
  truncate(mark: number): void {
    this.pos = mark;
  }

  /** Copies out what was written and starts over (the scratch buffer is kept). */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  /** Discards what was written, keeping the scratch buffer. */
  reset(): void {
    this.pos = 0;
  }
}

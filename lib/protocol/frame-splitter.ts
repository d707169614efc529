import { ProtocolError } from './zookeeper-error';

/** ZooKeeper's `jute.maxbuffer` default (0xfffff) plus 1 KiB of headroom for the reply header and record framing. */
export const DEFAULT_MAX_FRAME_BYTES = 0xfffff + 1024;

/**
 * Cuts a TCP byte stream into ZooKeeper frames (4-byte big-endian length + payload). Frames wholly inside a chunk are
 * handed out as a range of it (no copy, not even a `subarray`); a frame spread over chunks is gathered into one fresh
 * buffer (never reused, so views into it stay valid). A length below zero or above the limit throws ProtocolError; the stream is then unusable.
 */
export class FrameSplitter {
  private readonly header = Buffer.alloc(4);
  private headerFill = 0;
  private partial: Buffer | null = null;
  private partialFill = 0;

  constructor(
    private readonly onFrame: (buffer: Buffer, start: number, end: number) => void,
    /** The largest frame payload accepted, in bytes (default {@link DEFAULT_MAX_FRAME_BYTES}). */
    readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
  ) {}

  /** Whether bytes of an incomplete frame are buffered. */
  get pending(): boolean {
    return this.headerFill > 0 || this.partial !== null;
  }

  /**
   * Feeds the next chunk of the stream (its bytes before `end`); calls `onFrame` synchronously for every frame it
   * completes. Throws ProtocolError for a length outside `0..maxFrameBytes`.
   */
  push(chunk: Buffer, end = chunk.length): void {
    let pos = 0;
    while (pos < end) {
      if (this.partial !== null) {
        const take = Math.min(this.partial.length - this.partialFill, end - pos);
        chunk.copy(this.partial, this.partialFill, pos, pos + take);
        this.partialFill += take;
        pos += take;
        if (this.partialFill === this.partial.length) {
          const frame = this.partial;
          this.partial = null;
          this.onFrame(frame, 0, frame.length);
        }
        continue;
      }
      let length: number;
      if (this.headerFill > 0 || end - pos < 4) {
        const take = Math.min(4 - this.headerFill, end - pos);
        chunk.copy(this.header, this.headerFill, pos, pos + take);
        this.headerFill += take;
        pos += take;
        if (this.headerFill < 4) return;
        this.headerFill = 0;
        length = this.checkLength(this.header.readInt32BE(0));
      } else {
        length = this.checkLength(chunk.readInt32BE(pos));
        pos += 4;
      }
      if (end - pos >= length) {
        const start = pos;
        pos += length;
        this.onFrame(chunk, start, pos);
      } else {
        this.partial = Buffer.allocUnsafe(length);
        this.partialFill = 0;
      }
    }
  }

  private checkLength(length: number): number {
    if (length < 0 || length > this.maxFrameBytes) {
      throw new ProtocolError(`frame length ${length} outside 0..${this.maxFrameBytes}`);
    }
    return length;
  }
}

/**
 * The send times of the latest writes made by any client of this process, by the zxid of their transaction: a watch
 * notification that carries a zxid (ZooKeeper 3.9+) finds the write that caused it here, when that write was ours and
 * its reply came first, and so gets a latency. Bounded: the oldest entries go first. Filled only while someone
 * subscribes to watch events.
 */
export class RecentWrites {
  private readonly sentAt = new Map<bigint, number>();

  constructor(private readonly capacity: number) {}

  /** Remembers that the write whose transaction got `zxid` was sent at `sentAt` (ms since epoch). */
  record(zxid: bigint, sentAt: number): void {
    if (this.sentAt.size >= this.capacity) {
      const oldest = this.sentAt.keys().next().value as bigint;
      this.sentAt.delete(oldest);
    }
    this.sentAt.set(zxid, sentAt);
  }

  /** When the write with `zxid` was sent (kept: one transaction may fire several notifications). */
  sentAtOf(zxid: bigint): number | undefined {
    return this.sentAt.get(zxid);
  }

  get size(): number {
    return this.sentAt.size;
  }
}

/** The process's writes, shared by every client so a notification of one client can match a write of another. */
export const recentWrites = new RecentWrites(1024);

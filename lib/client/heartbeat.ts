/** Something called on every beat of a shared heartbeat. */
export interface HeartbeatMember {
  beat(now: number): void;
}

interface Beat {
  readonly members: Set<HeartbeatMember>;
  readonly timer: NodeJS.Timeout;
}

/** One interval timer per period, shared by every member with that period. */
const beats = new Map<number, Beat>();

/**
 * Calls `member.beat(now)` every `periodMs` until the returned function is called. Members with the same period share
 * one timer, so a process with a thousand idle sessions wakes once per beat rather than once per session per beat
 * (each wake-up costs a kernel round trip that an idle process otherwise would not pay). The timer is unref'd: it
 * never keeps the process alive.
 */
export function joinHeartbeat(periodMs: number, member: HeartbeatMember): () => void {
  let beat = beats.get(periodMs);
  if (beat === undefined) {
    const members = new Set<HeartbeatMember>();
    const timer = setInterval(() => {
      const now = Date.now();
      // A member may leave during its own beat (a connection that times out closes itself); Set iteration allows it.
      for (const m of members) m.beat(now);
    }, periodMs);
    timer.unref();
    beat = { members, timer };
    beats.set(periodMs, beat);
  }
  const joined = beat;
  joined.members.add(member);
  return () => {
    if (!joined.members.delete(member) || joined.members.size > 0) return;
    clearInterval(joined.timer);
    if (beats.get(periodMs) === joined) beats.delete(periodMs);
  };
}

/** One child of a lock/election/semaphore node that takes part in the ordering. */
export interface SequentialContender {
  /** The child's name as listed, e.g. `3f2a…__lock__0000000007` or `_c_3f2a…-lock-0000000007`. */
  readonly name: string;
  /** Which marker matched, e.g. `__lock__`, `__rlock__` or `-lock-`. */
  readonly marker: string;
  /** The server-assigned suffix exactly as written (`%010d`, possibly negative after overflow). */
  readonly suffix: string;
  /** The suffix as a number: the contender's place in line, and the lock's fencing token. */
  readonly sequence: number;
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiled patterns by their marker list: recipes order their contenders on every round trip. */
const patterns = new Map<string, RegExp>();

function contenderPattern(markers: readonly string[]): RegExp {
  const key = markers.join('\u0000');
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    pattern = new RegExp(`(${markers.map(escapeForRegExp).join('|')})(-?\\d{10})$`);
    if (patterns.size < 256) patterns.set(key, pattern);
  }
  return pattern;
}

/**
 * The contenders among `children` whose name ends in one of `markers` followed by a sequence suffix, in line order.
 *
 * kazoo matches `(?:markers)(-?\d{10})$` and sorts by the suffix *text*; doing the same keeps our order identical to
 * kazoo's, and, because every sequential child of one parent draws from the same counter, it also orders Curator's
 * `-lock-` nodes correctly against kazoo's `__lock__` nodes. Other children (a Semaphore's leases, junk) are ignored.
 */
export function orderContenders(children: readonly string[], markers: readonly string[]): SequentialContender[] {
  const pattern = contenderPattern(markers);
  const contenders: SequentialContender[] = [];
  for (const name of children) {
    const match = pattern.exec(name);
    if (match) contenders.push({ name, marker: match[1], suffix: match[2], sequence: Number(match[2]) });
  }
  return contenders.sort((a, b) => (a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0));
}

/**
 * The contender `self` has to wait for: the last one ahead of it whose marker is in `blockingMarkers` (a reader is
 * blocked only by writers, a writer by everyone). `undefined` when nothing blocks `self`.
 */
export function blockingPredecessor(
  ordered: readonly SequentialContender[],
  self: SequentialContender,
  blockingMarkers: readonly string[],
): SequentialContender | undefined {
  let predecessor: SequentialContender | undefined;
  for (const contender of ordered) {
    if (contender.name === self.name) return predecessor;
    if (blockingMarkers.includes(contender.marker)) predecessor = contender;
  }
  return undefined;
}

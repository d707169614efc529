import { InvalidArgumentError } from '../internal/client-api';
import type { ZooKeeperClient } from '../internal/client-api';
import { orderContenders } from '../internal/sequential-contenders';
import type { SequentialContender } from '../internal/sequential-contenders';
import { childrenOrNull, readChild } from './inspected-node';
import type { InspectedNode, ReadNode } from './inspected-node';

/** One node in a lock's or election's line. */
export interface InspectedContender extends InspectedNode {
  /** The sequence number the server gave the node: its place in line. */
  sequence: number;
  /** Whose naming the node has: `'kazoo'` (`<uuid>__lock__<seq>`) or `'curator'` (`_c_<uuid>-lock-<seq>`). */
  flavor: 'kazoo' | 'curator';
  /** `'exclusive'` (a lock or write lock), `'read'` (a read lock) or `'latch'` (a Curator LeaderLatch candidate). */
  mode: 'exclusive' | 'read' | 'latch';
  /** For a contender that waits: the name of the node it waits for (the one blocking it that is nearest ahead). */
  waitingFor?: string;
}

/** A line of contenders under one path, split into those that hold (or lead) and those that wait, each in order. */
export interface ContenderLine {
  /** The path inspected. */
  path: string;
  /** Whether the path exists (a lock that nobody took yet has no node). */
  exists: boolean;
  /** Those at the head of the line: one exclusive holder or leader, or the readers ahead of the first writer. */
  holders: InspectedContender[];
  /** Everyone else, in line order (the first `maxWaiters` of them). */
  waiters: InspectedContender[];
  /** How many more wait behind `waiters`, not read (see `maxWaiters`). */
  moreWaiters: number;
}

/** How much of a line an inspection reads. */
export interface InspectLineOptions {
  /**
   * Read at most this many waiters (one getData each), counting the others in `moreWaiters`; default: all. A line of
   * thousands is then one getChildren and a bounded number of reads.
   */
  maxWaiters?: number;
}

const MODES: Record<string, InspectedContender['mode']> = {
  __lock__: 'exclusive',
  '-lock-': 'exclusive',
  __rlock__: 'read',
  '-latch-': 'latch',
};

/** A contender placed in line by its name alone: who, if anyone, it waits for. */
interface Placed {
  readonly contender: SequentialContender;
  readonly mode: InspectedContender['mode'];
  readonly ahead: SequentialContender | undefined;
}

/**
 * Places each contender, in one pass: a reader waits for the nearest exclusive contender ahead of it, anyone else for
 * the nearest contender ahead of it (what kazoo's and Curator's recipes watch).
 */
function place(ordered: readonly SequentialContender[]): Placed[] {
  let lastAny: SequentialContender | undefined;
  let lastExclusive: SequentialContender | undefined;
  return ordered.map((contender) => {
    const mode = MODES[contender.marker] ?? 'exclusive';
    const ahead = mode === 'read' ? lastExclusive : lastAny;
    lastAny = contender;
    if (mode !== 'read') lastExclusive = contender;
    return { contender, mode, ahead };
  });
}

/**
 * Reads the contenders under `path` whose names end in one of `markers` and a sequence number, in kazoo's order (by
 * the suffix), and splits the line: a read contender holds while no exclusive one is ahead of it, anyone else holds
 * while nobody is ahead of it. Children of other shapes are left out. A contender that leaves while we read is left
 * out too, and the line is split again without it.
 */
export async function inspectContenders(
  client: ZooKeeperClient,
  path: string,
  markers: readonly string[],
  options: InspectLineOptions = {},
): Promise<ContenderLine> {
  const maxWaiters = options.maxWaiters ?? Infinity;
  if (!(maxWaiters >= 0)) throw new InvalidArgumentError('maxWaiters', `expected a number >= 0, got ${maxWaiters}`);
  const children = await childrenOrNull(client, path);
  if (children === null) return { path, exists: false, holders: [], waiters: [], moreWaiters: 0 };
  let line = orderContenders(children, markers);
  const read = new Map<string, ReadNode | undefined>();
  for (;;) {
    const placed = place(line);
    const holding = placed.filter((entry) => entry.ahead === undefined);
    const waiting = placed.filter((entry) => entry.ahead !== undefined);
    const shown = [...holding, ...waiting.slice(0, maxWaiters)];
    const unread = shown.filter(({ contender }) => !read.has(contender.name));
    const nodes = await Promise.all(unread.map(({ contender }) => readChild(client, path, contender.name)));
    unread.forEach(({ contender }, index) => read.set(contender.name, nodes[index]));
    const gone = new Set(
      shown.filter(({ contender }) => read.get(contender.name) === undefined).map((e) => e.contender),
    );
    if (gone.size > 0) {
      line = line.filter((contender) => !gone.has(contender));
      continue;
    }
    const describe = ({ contender, mode, ahead }: Placed): InspectedContender => ({
      ...read.get(contender.name)!.node,
      sequence: contender.sequence,
      flavor: contender.marker.startsWith('-') ? 'curator' : 'kazoo',
      mode,
      ...(ahead ? { waitingFor: ahead.name } : {}),
    });
    return {
      path,
      exists: true,
      holders: holding.map(describe),
      waiters: waiting.slice(0, maxWaiters).map(describe),
      moreWaiters: Math.max(0, waiting.length - maxWaiters),
    };
  }
}

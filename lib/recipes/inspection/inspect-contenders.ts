import type { ZooKeeperClient } from '../internal/client-api';
import { blockingPredecessor, orderContenders } from '../internal/sequential-contenders';
import { childrenOrNull, readChild } from './inspected-node';
import type { InspectedNode } from './inspected-node';

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
  /** Everyone else, in line order. */
  waiters: InspectedContender[];
}

const MODES: Record<string, InspectedContender['mode']> = {
  __lock__: 'exclusive',
  '-lock-': 'exclusive',
  __rlock__: 'read',
  '-latch-': 'latch',
};

/**
 * Reads the contenders under `path` whose names end in one of `markers` and a sequence number, in kazoo's order (by
 * the suffix), and splits the line: a read contender holds while no exclusive one is ahead of it, anyone else holds
 * while nobody is ahead of it. Children of other shapes are left out. A contender that leaves while we read is left
 * out too, so the line may be shorter than the children listed.
 */
export async function inspectContenders(
  client: ZooKeeperClient,
  path: string,
  markers: readonly string[],
): Promise<ContenderLine> {
  const children = await childrenOrNull(client, path);
  if (children === null) return { path, exists: false, holders: [], waiters: [] };
  const ordered = orderContenders(children, markers);
  const read = await Promise.all(ordered.map((contender) => readChild(client, path, contender.name)));
  const present = ordered.filter((_, index) => read[index] !== undefined);
  const holders: InspectedContender[] = [];
  const waiters: InspectedContender[] = [];
  present.forEach((contender) => {
    const node = read[ordered.indexOf(contender)]!.node;
    const mode = MODES[contender.marker] ?? 'exclusive';
    const blocking = mode === 'read' ? exclusiveMarkers(markers) : markers;
    const ahead = blockingPredecessor(present, contender, blocking);
    const entry: InspectedContender = {
      ...node,
      sequence: contender.sequence,
      flavor: contender.marker.startsWith('-') ? 'curator' : 'kazoo',
      mode,
    };
    if (ahead === undefined) holders.push(entry);
    else waiters.push({ ...entry, waitingFor: ahead.name });
  });
  return { path, exists: true, holders, waiters };
}

function exclusiveMarkers(markers: readonly string[]): string[] {
  return markers.filter((marker) => MODES[marker] !== 'read');
}

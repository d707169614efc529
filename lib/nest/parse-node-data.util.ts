import type { WatchNodeParse } from './decorators/watch-node.decorator';
import { ZkUsageError } from '../client';

/** Turns a node's bytes into what a `@WatchNode()` handler receives. */
export function parseNodeData(data: Buffer, parse: WatchNodeParse): unknown {
  if (typeof parse === 'function') return parse(data);
  switch (parse) {
    case 'buffer':
      return data;
    case 'utf8':
      return data.toString('utf8');
    case 'json':
      // An empty node (created without data) reads as null rather than failing to parse.
      return data.length === 0 ? null : (JSON.parse(data.toString('utf8')) as unknown);
    default:
      throw new ZkUsageError(`@WatchNode() parse must be 'buffer', 'utf8', 'json' or a function, got ${String(parse)}`);
  }
}

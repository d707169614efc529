import { hexSessionId, NoNodeError } from '../internal/client-api';
import type { Stat, ZooKeeperClient } from '../internal/client-api';

/** A node as an inspection shows it: what it says about who made it and when, never its raw bytes. */
export interface InspectedNode {
  /** The node's name under its parent. */
  name: string;
  /**
   * What the owner wrote as the node's data, as text: UTF-8 when it is printable, otherwise `0x` and hex (at most
   * 64 bytes of it, then `…`). kazoo and our recipes write the `identifier` here; Curator writes the host's address.
   */
  identifier: string;
  /** The owner's session id in hex (`0x…`); `0x0` for a persistent node, which no session owns. */
  session: string;
  /** When the node was created (its `ctime`, the leader's clock), as an ISO 8601 date. */
  createdAt: string;
  /** The zxid that created the node (`czxid`), as a decimal string: a lock's fencing token. */
  czxid: string;
}

/** A node and its stat, as read. */
export interface ReadNode {
  readonly node: InspectedNode;
  readonly data: Buffer;
  readonly stat: Stat;
}

const HEX_PREVIEW_BYTES = 64;

/** Whether decoded `text` reads as text: no U+FFFD (invalid UTF-8) and no control character but tab and newlines. */
export function isPrintableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text);
}

/** `data` as text if it is printable UTF-8, else a hex preview: identifiers are text, but nothing enforces it. */
export function dataAsText(data: Buffer): string {
  const text = data.toString('utf8');
  if (isPrintableText(text)) return text;
  const preview = data.subarray(0, HEX_PREVIEW_BYTES).toString('hex');
  return `0x${preview}${data.length > HEX_PREVIEW_BYTES ? '…' : ''}`;
}

/** Describes one node from its data and stat. */
export function describeNode(name: string, data: Buffer, stat: Stat): InspectedNode {
  return {
    name,
    identifier: dataAsText(data),
    session: hexSessionId(stat.ephemeralOwner),
    createdAt: new Date(stat.ctime).toISOString(),
    czxid: stat.czxid.toString(),
  };
}

/** Reads `parent/name`, or `undefined` if it was deleted meanwhile (a contender left while we looked). */
export async function readChild(client: ZooKeeperClient, parent: string, name: string): Promise<ReadNode | undefined> {
  const path = parent === '/' ? `/${name}` : `${parent}/${name}`;
  try {
    const { data, stat } = await client.retry(() => client.getData(path));
    return { node: describeNode(name, data, stat), data, stat };
  } catch (error) {
    if (error instanceof NoNodeError) return undefined;
    throw error;
  }
}

/** The children of `path`, or `null` when it does not exist. */
export async function childrenOrNull(client: ZooKeeperClient, path: string): Promise<string[] | null> {
  try {
    return await client.retry(() => client.getChildren(path));
  } catch (error) {
    if (error instanceof NoNodeError) return null;
    throw error;
  }
}

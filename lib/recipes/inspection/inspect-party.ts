import type { ZooKeeperClient } from '../internal/client-api';
import { childrenOrNull, readChild } from './inspected-node';
import type { InspectedNode } from './inspected-node';
import { inspectLock } from './inspect-lock';

/** A party's members, oldest first. */
export interface PartyInspection {
  /** The party's path. */
  path: string;
  /** Whether the path exists. */
  exists: boolean;
  /** The members: `identifier` is the member's id, from the node's data (Party) or its name (ShallowParty). */
  members: InspectedNode[];
}

/** kazoo's ShallowParty names its nodes `<uuid hex>-<identifier>`. */
const SHALLOW_MEMBER = /^[0-9a-f]{32}-(.*)$/s;
/** kazoo's Party names its nodes `<uuid hex>__party__`, with the identifier as data. */
const PARTY_MEMBER = '__party__';

/**
 * The members of the kazoo `Party` or `ShallowParty` at `path` (ours share both layouts); children of neither shape
 * are left out.
 */
export async function inspectParty(client: ZooKeeperClient, path: string): Promise<PartyInspection> {
  const children = await childrenOrNull(client, path);
  if (children === null) return { path, exists: false, members: [] };
  const read = await Promise.all(
    children
      .filter((name) => name.endsWith(PARTY_MEMBER) || SHALLOW_MEMBER.test(name))
      .map((name) => readChild(client, path, name)),
  );
  const members = read
    .filter((member) => member !== undefined)
    .map(({ node }) => {
      const shallow = SHALLOW_MEMBER.exec(node.name);
      return shallow && !node.name.endsWith(PARTY_MEMBER) ? { ...node, identifier: shallow[1] } : node;
    })
    .sort((a, b) => (BigInt(a.czxid) < BigInt(b.czxid) ? -1 : 1));
  return { path, exists: true, members };
}

/** A partitioner's members and who holds which item. */
export interface PartitionerInspection {
  /** The partitioner's path. */
  path: string;
  /** Whether the path exists. */
  exists: boolean;
  /** The members of its party (`<path>/party`). */
  members: InspectedNode[];
  /** Every item with a lock node (`<path>/locks/<item>`), by name, with the identifier of its holder if held. */
  items: {
    /** The item, as its lock node is named. */
    item: string;
    /**
     * The holder's identifier: the party member with the lock node's session (kazoo writes nothing in the item
     * locks), else the lock node's data. Absent while nobody holds the item's lock.
     */
    holder?: string;
    /** The holder's session id in hex; absent while nobody holds it. */
    session?: string;
  }[];
}

/**
 * The members of the kazoo `SetPartitioner` at `path` and the items they hold (ours shares the layout): a
 * ShallowParty at `<path>/party` and one lock per item at `<path>/locks/<item>`.
 */
export async function inspectPartitioner(client: ZooKeeperClient, path: string): Promise<PartitionerInspection> {
  const [party, items] = await Promise.all([
    inspectParty(client, `${path}/party`),
    childrenOrNull(client, `${path}/locks`),
  ]);
  const held = await Promise.all(
    [...(items ?? [])].sort().map(async (item) => {
      const holder = (await inspectLock(client, `${path}/locks/${item}`)).holders[0];
      if (holder === undefined) return { item };
      // kazoo's partitioner writes nothing in its item locks: the member is found by its session.
      const member = party.members.find((candidate) => candidate.session === holder.session);
      return { item, holder: member?.identifier ?? holder.identifier, session: holder.session };
    }),
  );
  return { path, exists: party.exists || items !== null, members: party.members, items: held };
}

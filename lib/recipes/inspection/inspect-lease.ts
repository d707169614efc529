import type { ZooKeeperClient } from '../internal/client-api';
import { readChild } from './inspected-node';

/** A non-blocking lease's holder as stored, and whether it still runs. */
export interface LeaseInspection {
  /** The lease's path. */
  path: string;
  /** The holder's name; absent when nobody ever took the lease or the record is not kazoo's. */
  holder?: string;
  /** When the lease ends, as an ISO 8601 date (kazoo stores UTC without a zone). */
  endsAt?: string;
  /** Whether `endsAt` is still ahead, by this machine's clock. */
  active: boolean;
}

/**
 * The holder of the kazoo `NonBlockingLease` at `path` (ours shares the layout): the JSON record at
 * `<path>/lease_holder`. A lease has no node per holder, so nothing shows a holder that stopped before it ran out.
 */
export async function inspectLease(client: ZooKeeperClient, path: string): Promise<LeaseInspection> {
  const record = await readChild(client, path, 'lease_holder');
  if (record === undefined) return { path, active: false };
  try {
    const { holder, end } = JSON.parse(record.data.toString('utf8')) as { holder?: unknown; end?: unknown };
    if (typeof holder !== 'string' || typeof end !== 'string') return { path, active: false };
    const endsAt = Date.parse(`${end}Z`);
    if (Number.isNaN(endsAt)) return { path, holder, active: false };
    return { path, holder, endsAt: new Date(endsAt).toISOString(), active: endsAt > Date.now() };
  } catch {
    return { path, active: false };
  }
}

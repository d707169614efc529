import { OpCode } from '../protocol/op-codes';
import { getDataResponse, type GetDataResponse } from '../protocol/records/data';
import { reconfigRequest, type ReconfigRequest } from '../protocol/records/reconfig';
import { pathWatchRequest } from '../protocol/records/record-codec';
import { CONFIG_NODE, parseEnsembleConfig, type EnsembleConfig, type EnsembleMember } from './ensemble-config';
import { InvalidArgumentError } from './errors';
import { checkOptions } from './operation-checks';
import { Packet, type BodyWriter } from './packet';
import type { ClientWatches } from './client-watches';
import { WatchKind } from './watch-kind';
import type { WatchListener } from './watch-registry';

/** A change of the ensemble's membership: `client.reconfig()`. */
export interface ReconfigChange {
  /**
   * Servers to add (incremental): `server.<id>=host:quorumPort:electionPort[:participant|observer];[clientHost:]clientPort`
   * specs, one per server. The servers must be running, configured with the current members and themselves.
   */
  joining?: string | readonly string[];
  /** Ids of servers to remove (incremental). */
  leaving?: number | string | readonly (number | string)[];
  /** The whole new membership (bulk, instead of `joining`/`leaving`): `server.<id>=…` specs. */
  members?: readonly string[];
  /**
   * Apply the change only to this config version (`getConfig().version`), or fail with BadVersionError: what a
   * compare-and-set of the membership needs. Any version when omitted.
   */
  fromConfig?: bigint;
  /** Abort the call. */
  signal?: AbortSignal;
}

const SPEC = /^server\.\d+=\S+$/;

function specs(value: string | readonly string[] | undefined, name: string): string | null {
  if (value === undefined) return null;
  const list = typeof value === 'string' ? value.split(',').map((spec) => spec.trim()) : value;
  if (!Array.isArray(list) && typeof value !== 'string') {
    throw new InvalidArgumentError(name, 'expected a server spec or an array of them');
  }
  for (const spec of list) {
    if (typeof spec !== 'string' || !SPEC.test(spec)) {
      throw new InvalidArgumentError(
        name,
        `expected 'server.<id>=host:port:port[:role][;clientPort]', got '${String(spec)}'`,
      );
    }
  }
  return list.join(',');
}

function ids(value: ReconfigChange['leaving']): string | null {
  if (value === undefined) return null;
  const list = Array.isArray(value) ? value : [value];
  for (const id of list) {
    if (!/^\d+$/.test(String(id)))
      throw new InvalidArgumentError('leaving', `expected server ids, got '${String(id)}'`);
  }
  return list.join(',');
}

/** Builds the requests of `getConfig` and `reconfig`, beside the client that sends them. */
export class ClientEnsemble {
  /** The newest config read or committed through this client. */
  latest: EnsembleConfig | undefined;

  constructor(
    private readonly watches: ClientWatches,
    private readonly send: <T>(packet: Packet, signal?: AbortSignal) => Promise<T>,
  ) {}

  /** Reads `/zookeeper/config` (outside any chroot), optionally watching it. */
  async getConfig(options: { watch?: WatchListener; signal?: AbortSignal }): Promise<EnsembleConfig> {
    checkOptions(options);
    const watch = this.watches.request(WatchKind.DATA, CONFIG_NODE, options.watch);
    const response = await this.send<GetDataResponse>(
      new Packet({
        op: OpCode.GET_DATA,
        body: { path: CONFIG_NODE, watch: this.watches.needsServerWatch(watch) },
        write: pathWatchRequest.write as BodyWriter,
        read: getDataResponse.read,
        opName: 'getConfig',
        path: CONFIG_NODE,
        isWrite: false,
        watch,
      }),
      options.signal,
    );
    return this.remember(parseEnsembleConfig(response.data.toString('utf8'), response.stat));
  }

  /** Sends a ReconfigRequest; resolves with the config it committed. */
  async reconfig(change: ReconfigChange): Promise<EnsembleConfig> {
    checkOptions(change);
    const joining = specs(change.joining, 'joining');
    const leaving = ids(change.leaving);
    const members = change.members === undefined ? null : specs(change.members, 'members');
    if (members !== null && (joining !== null || leaving !== null)) {
      throw new InvalidArgumentError(
        'members',
        'give either members (bulk) or joining/leaving (incremental), not both',
      );
    }
    if (members === null && joining === null && leaving === null) {
      throw new InvalidArgumentError('change', 'nothing to change: give joining, leaving or members');
    }
    if (change.fromConfig !== undefined && (typeof change.fromConfig !== 'bigint' || change.fromConfig < 0n)) {
      throw new InvalidArgumentError(
        'fromConfig',
        `expected a config version (bigint), got ${String(change.fromConfig)}`,
      );
    }
    const body: ReconfigRequest = {
      joiningServers: joining,
      leavingServers: leaving,
      newMembers: members,
      curConfigId: change.fromConfig ?? -1n,
    };
    const response = await this.send<GetDataResponse>(
      new Packet({
        op: OpCode.RECONFIG,
        body,
        write: reconfigRequest.write as BodyWriter,
        read: getDataResponse.read,
        opName: 'reconfig',
        path: CONFIG_NODE,
        isWrite: true,
      }),
      change.signal,
    );
    return this.remember(parseEnsembleConfig(response.data.toString('utf8'), response.stat));
  }

  /** The member whose client address is `server`, in the newest config known. */
  memberAt(server: string | undefined): EnsembleMember | undefined {
    if (server === undefined) return undefined;
    return this.latest?.members.find((member) => member.clientAddress === server);
  }

  private remember(config: EnsembleConfig): EnsembleConfig {
    if (this.latest === undefined || config.version >= this.latest.version) this.latest = config;
    return config;
  }
}

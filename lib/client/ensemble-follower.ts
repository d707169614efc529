import { ConnectionState } from './connection-state';
import { channels } from './diagnostics-channels';
import { memberHosts, type EnsembleConfig } from './ensemble-config';
import type { ZooKeeperLogger } from './logger';
import { EventType } from '../protocol/watch-events';
import type { WatchedEvent } from './watch-registry';

/** What the follower uses of its client (the client itself; narrowed so that this file need not import it). */
export interface FollowedClient {
  on(event: 'state', listener: (state: ConnectionState) => void): unknown;
  getConfig(options: { watch?: (event: WatchedEvent) => void }): Promise<EnsembleConfig>;
  updateServerList(connectString: string): boolean;
  readonly servers: string[];
  readonly state: ConnectionState;
  readonly server: string | undefined;
}

/**
 * The `followEnsemble` option, as Curator's EnsembleTracker: reads `/zookeeper/config` with a watch on every
 * connection and every change, and when a newer config lists other servers, hands their client addresses to
 * `updateServerList` (which rebalances the session). A config without members (a standalone server) or whose
 * members give no client address changes nothing.
 */
export class EnsembleFollower {
  /** The newest config version applied. */
  private version = -1n;
  private reading = false;
  /** A change or a connection came while reading: read again once done. */
  private readAgain = false;

  constructor(
    private readonly client: FollowedClient,
    private readonly logger: ZooKeeperLogger,
  ) {
    client.on('state', (state) => {
      if (state === ConnectionState.CONNECTED || state === ConnectionState.CONNECTED_READ_ONLY) this.refresh();
    });
  }

  private readonly onChange = (event: WatchedEvent): void => {
    if (event.type === EventType.NODE_DATA_CHANGED || event.type === EventType.NODE_CREATED) this.refresh();
  };

  private refresh(): void {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    this.client
      .getConfig({ watch: this.onChange })
      .then(
        (config) => this.apply(config),
        (error: unknown) => {
          // The next connection reads again; nothing else to do.
          this.logger.debug(`followEnsemble: reading /zookeeper/config failed: ${String(error)}`);
        },
      )
      .finally(() => {
        this.reading = false;
        if (this.readAgain) {
          this.readAgain = false;
          this.refresh();
        }
      });
  }

  private apply(config: EnsembleConfig): void {
    if (config.members.length === 0 || config.version <= this.version) return;
    this.version = config.version;
    const hosts = memberHosts(config);
    if (hosts.length === 0) {
      this.logger.warn(
        `followEnsemble: config 0x${config.version.toString(16)} gives no client address; keeping ${this.client.servers.join(',')}`,
      );
      return;
    }
    const before = [...this.client.servers].sort();
    if (before.length === hosts.length && before.every((host, i) => host === hosts[i])) return;
    if (this.client.state === ConnectionState.LOST) return;
    const moved = this.client.updateServerList(hosts.join(','));
    this.logger.info(
      `ensemble config 0x${config.version.toString(16)}: servers ${hosts.join(',')} (were ${before.join(',')})` +
        (moved ? `; moving the session from ${this.client.server ?? 'its server'} to rebalance` : ''),
    );
    if (channels.ensembleChange.hasSubscribers) {
      // An EnsembleChangeMessage (diagnostics.ts).
      channels.ensembleChange.publish({
        client: this.client,
        version: config.version,
        members: config.members,
        servers: hosts,
        previous: before,
        moved,
      });
    }
  }
}

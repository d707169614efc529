import type { LocalServerSettings } from './local-settings';

/** The ports one local server listens on. */
export interface LocalPorts {
  /** Its client port. */
  client: number;
  /** Its quorum port (followers to the leader). */
  quorum: number;
  /** Its leader-election port. */
  election: number;
  /** The `secureClientPort`, when the cluster serves TLS. */
  secure?: number;
}

/** Whether a member of a reconfigurable ensemble votes. */
export type MemberRole = 'participant' | 'observer';

/** How a server learns its ensemble. */
export type EnsembleLayout =
  /** Classic: `clientPort` and the `server.N` lines in zoo.cfg, reconfiguration off. */
  | { kind: 'static'; members: readonly LocalPorts[] }
  /** Reconfigurable: the members in a dynamic file, each with its client address, reconfiguration on. */
  | { kind: 'dynamic'; dynamicFile: string };

/**
 * The `server.<id>=…` line of a member of a reconfigurable ensemble, with its client address (without it the member
 * would be listed in `/zookeeper/config` with no address for clients to use).
 */
export function memberSpec(id: number, ports: LocalPorts, role: MemberRole): string {
  return `server.${id}=127.0.0.1:${ports.quorum}:${ports.election}:${role};127.0.0.1:${ports.client}`;
}

/**
 * The text of a dynamic config file: one `server.<id>=…` line per member and no `version=` line (ZooKeeper refuses
 * one there; it takes the version from a hex suffix of the file name, 0 without one).
 */
export function dynamicConfigText(specs: readonly string[]): string {
  return specs.join('\n') + '\n';
}

/** The text of a server's zoo.cfg. */
export function staticConfigText(
  dataDir: string,
  ports: LocalPorts,
  layout: EnsembleLayout,
  settings: LocalServerSettings,
  security: Record<string, string | number | boolean>,
): string {
  const common: Record<string, string | number | boolean> = {
    tickTime: settings.tickTimeMs,
    initLimit: 40,
    syncLimit: 20,
    dataDir,
  };
  // A dynamic ensemble takes the client address from the member lines; a static clientPort would have to agree with
  // them, and ZooKeeper drops it from the file when it rewrites the file after a reconfig anyway.
  const ensemble: Record<string, string | number | boolean> =
    layout.kind === 'static'
      ? { clientPort: ports.client, clientPortAddress: '127.0.0.1', standaloneEnabled: true, reconfigEnabled: false }
      : {
          // Without it a one-member ensemble would run standalone, where reconfig answers UNIMPLEMENTED.
          standaloneEnabled: false,
          reconfigEnabled: true,
          dynamicConfigFile: layout.dynamicFile,
        };
  const lines: Record<string, string | number | boolean> = {
    ...common,
    ...ensemble,
    maxClientCnxns: 0,
    minSessionTimeout: settings.tickTimeMs * 2,
    maxSessionTimeout: settings.maxSessionTimeoutMs,
    'admin.enableServer': false,
    '4lw.commands.whitelist': '*',
    extendedTypesEnabled: true,
    preAllocSize: 1024,
    'autopurge.purgeInterval': 0,
    ...security,
    ...settings.extraConfig,
  };
  const text = Object.entries(lines).map(([key, value]) => `${key}=${String(value)}`);
  if (layout.kind === 'static' && layout.members.length > 1) {
    layout.members.forEach((member, index) =>
      text.push(`server.${index + 1}=127.0.0.1:${member.quorum}:${member.election}`),
    );
  }
  return text.join('\n') + '\n';
}

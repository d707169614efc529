import type { Stat } from '../protocol/records/stat';
import { ProtocolError } from '../protocol/zookeeper-error';
import { formatHost, type HostAddress } from './host-provider';

/** Where ZooKeeper keeps the ensemble's configuration: outside any chroot, readable by everyone. */
export const CONFIG_NODE = '/zookeeper/config';

/** One server of the ensemble, as `/zookeeper/config` lists it (`server.<id>=…`). */
export interface EnsembleMember {
  /** The server's id (its `myid`). */
  id: number;
  /** Whether it votes (`participant`) or only follows (`observer`). */
  role: 'participant' | 'observer';
  /** The host of its quorum and election addresses (the first one when it has several). */
  host: string;
  /** Its quorum port (followers to the leader). */
  quorumPort: number;
  /** Its leader-election port. */
  electionPort: number;
  /**
   * Where clients connect to it (`host:port`), when the config says: a server that took its client port from a
   * static `clientPort` line leaves it out. A wildcard client address (`0.0.0.0`, `::`) is replaced by the quorum
   * host, which a remote client can reach (as Curator's EnsembleTracker does).
   */
  clientAddress: string | undefined;
  /** The member's line as the server wrote it (`server.1=…`), to reuse in `reconfig`. */
  spec: string;
}

/** The ensemble's configuration: `client.getConfig()`. */
export interface EnsembleConfig {
  /** The config's version (`version=` in hex): the zxid that committed it. Pass it to `reconfig` as `fromConfig`. */
  version: bigint;
  /** The servers, by id. Empty for a standalone server, which has no dynamic config. */
  members: EnsembleMember[];
  /** The text of the config node. */
  raw: string;
  /** The config node's Stat. */
  stat: Stat;
}

/** `host:port` to dial, or an error; `[v6]:port` and `host:port`. */
function splitAddress(text: string, line: string): HostAddress {
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const plain = /^([^:[\]]+):(\d+)$/.exec(text);
  const match = bracket ?? plain;
  if (!match) throw new ProtocolError(`bad address '${text}' in config line '${line}'`);
  return { host: match[1], port: Number(match[2]) };
}

const WILDCARDS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** Parses one `server.<id>=quorum:port:port[|…][:role][;[clientHost:]clientPort]` line. */
function parseMember(id: number, value: string, line: string): EnsembleMember {
  const semicolon = value.indexOf(';');
  const quorumPart = semicolon < 0 ? value : value.slice(0, semicolon);
  const clientPart = semicolon < 0 ? undefined : value.slice(semicolon + 1).trim();
  let role: EnsembleMember['role'] = 'participant';
  const addresses = quorumPart.split('|').map((address, index, all) => {
    let text = address.trim();
    // The role follows the last address: `host:2888:3888:observer`.
    const roleMatch = index === all.length - 1 ? /:(participant|observer)$/i.exec(text) : null;
    if (roleMatch) {
      role = roleMatch[1].toLowerCase() as EnsembleMember['role'];
      text = text.slice(0, roleMatch.index);
    }
    const ports = /^(.*):(\d+):(\d+)$/.exec(text);
    if (!ports) throw new ProtocolError(`bad quorum address '${address}' in config line '${line}'`);
    return { host: ports[1].replace(/^\[|\]$/g, ''), quorumPort: Number(ports[2]), electionPort: Number(ports[3]) };
  });
  const first = addresses[0];
  let clientAddress: string | undefined;
  if (clientPart !== undefined && clientPart !== '') {
    const client = /^\d+$/.test(clientPart)
      ? { host: '0.0.0.0', port: Number(clientPart) }
      : splitAddress(clientPart, line);
    const host = WILDCARDS.has(client.host) ? first.host : client.host;
    clientAddress = formatHost({ host, port: client.port });
  }
  return {
    id,
    role,
    host: first.host,
    quorumPort: first.quorumPort,
    electionPort: first.electionPort,
    clientAddress,
    spec: line,
  };
}

/**
 * Parses the data of `/zookeeper/config` (`server.<id>=…` lines and `version=<hex>`), as Java's QuorumPeerConfig
 * reads it for clients. Lines it does not know are skipped.
 */
export function parseEnsembleConfig(raw: string, stat: Stat): EnsembleConfig {
  const members: EnsembleMember[] = [];
  let version = 0n;
  for (const rawLine of raw.split('\n')) {
    const line = rawLine.trim();
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (key === 'version') {
      if (!/^[0-9a-fA-F]+$/.test(value)) throw new ProtocolError(`bad config version '${value}'`);
      version = BigInt(`0x${value}`);
      continue;
    }
    const server = /^server\.(\d+)$/.exec(key);
    if (server) members.push(parseMember(Number(server[1]), value, line));
  }
  members.sort((a, b) => a.id - b.id);
  return { version, members, raw, stat };
}

/** The connect string of a config's members that give a client address, sorted (as Curator builds it). */
export function memberHosts(config: EnsembleConfig): string[] {
  return config.members
    .map((member) => member.clientAddress)
    .filter((address): address is string => address !== undefined)
    .sort();
}

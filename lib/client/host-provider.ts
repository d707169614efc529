import { InvalidArgumentError } from './errors';
import { validatePath } from './paths';

/** One server of the connect string. */
export interface HostAddress {
  /** A host name or IP address (IPv6 without brackets). */
  host: string;
  /** The client port; 2181 when the connect string omits it. */
  port: number;
}

/** A parsed connect string: the servers and the chroot ('' when there is none). */
export interface ConnectString {
  /** The servers, in the order written. */
  hosts: HostAddress[];
  /** The chroot path (`/app`), or '' when there is none (a bare `/` counts as none). */
  chroot: string;
}

const DEFAULT_PORT = 2181;

function parsePort(text: string, entry: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new InvalidArgumentError('connectString', `bad port in '${entry}'`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new InvalidArgumentError('connectString', `port out of range in '${entry}'`);
  return port;
}

function parseHost(entry: string): HostAddress {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) throw new InvalidArgumentError('connectString', `unclosed '[' in '${entry}'`);
    const host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (host === '') throw new InvalidArgumentError('connectString', `empty IPv6 address in '${entry}'`);
    if (rest === '') return { host, port: DEFAULT_PORT };
    if (!rest.startsWith(':')) throw new InvalidArgumentError('connectString', `junk after ']' in '${entry}'`);
    return { host, port: parsePort(rest.slice(1), entry) };
  }
  const colon = entry.lastIndexOf(':');
  if (colon < 0) return { host: entry, port: DEFAULT_PORT };
  if (entry.indexOf(':') !== colon) {
    throw new InvalidArgumentError('connectString', `IPv6 addresses must be bracketed: '${entry}'`);
  }
  const host = entry.slice(0, colon);
  if (host === '') throw new InvalidArgumentError('connectString', `empty host in '${entry}'`);
  return { host, port: parsePort(entry.slice(colon + 1), entry) };
}

/**
 * Parses `host:port,host:port/optional/chroot` (IPv6 as `[::1]:2181`, port 2181 when omitted), as Java's
 * ConnectStringParser does. A malformed string throws InvalidArgumentError.
 */
export function parseConnectString(connectString: unknown): ConnectString {
  if (typeof connectString !== 'string' || connectString.trim() === '') {
    throw new InvalidArgumentError('connectString', 'expected a non-empty string');
  }
  let hostPart = connectString.trim();
  let chroot = '';
  const slash = hostPart.indexOf('/');
  if (slash >= 0) {
    chroot = hostPart.slice(slash);
    hostPart = hostPart.slice(0, slash);
    if (chroot === '/') chroot = '';
    else validatePath(chroot, 'connectString chroot');
  }
  const hosts = hostPart
    .split(',')
    .map((entry) => entry.trim())
    .map((entry) => {
      if (entry === '') throw new InvalidArgumentError('connectString', `empty host entry in '${connectString}'`);
      if (/\s/.test(entry)) throw new InvalidArgumentError('connectString', `whitespace in host '${entry}'`);
      return parseHost(entry);
    });
  return { hosts, chroot };
}

/** Formats an address for logs and for `client.server`. */
export function formatHost(address: HostAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/**
 * The servers to try, as StaticHostProvider: shuffled once, then round-robin. `next()` says how long to wait first:
 * nothing (beyond a little jitter) while untried servers remain, and an exponential back-off once every server has
 * been tried since the last successful connection. Names are resolved by the socket on each attempt, so DNS changes
 * are picked up.
 */
export class HostProvider {
  private hosts: HostAddress[];
  private index = -1;
  private failuresSinceSuccess = 0;
  /** After a server list update that moves the session: which servers to try, and how likely a new one is first. */
  private rebalance: { oldServers: HostAddress[]; newServers: HostAddress[]; pNew: number } | null = null;

  constructor(
    hosts: readonly HostAddress[],
    private readonly maxBackoffMs = 1000,
    private readonly random: () => number = Math.random,
  ) {
    this.hosts = shuffled(hosts, random);
  }

  /** The servers, in the order they are tried. */
  get servers(): readonly HostAddress[] {
    return this.hosts;
  }

  /**
   * Replaces the servers with `hosts` (the ensemble grew, shrank or changed), and says whether the session should
   * move, as Java's StaticHostProvider decides so that sessions end up spread evenly. With S the old list, N the new
   * one and `current` the server connected to: a session whose server left always moves; when the list grew, one on
   * a server that stays moves with probability 1 − |S|/|N|, to one of the added servers; when it did not grow, a
   * session on a server that stays stays. A session that moves tries the added servers first with probability
   * pNew (1 after growth; else 1 − pOld, pOld = numOld·(|S|−|N|) / (|N|·(|S|−numOld))), then the remaining ones.
   */
  updateServerList(hosts: readonly HostAddress[], current: HostAddress | undefined): boolean {
    const next = shuffled(hosts, this.random);
    const mine = current ?? this.hosts[Math.max(this.index, 0)];
    const mineStays = mine !== undefined && next.some((host) => sameHost(host, mine));
    const oldServers = next.filter((host) => this.hosts.some((old) => sameHost(old, host)));
    const newServers = next.filter((host) => !this.hosts.some((old) => sameHost(old, host)));
    const before = this.hosts.length;
    const after = next.length;
    let move: boolean;
    let pNew = 0;
    if (after > before) {
      move = !mineStays || this.random() <= 1 - before / after;
      pNew = 1;
    } else {
      move = !mineStays;
      const spare = before - oldServers.length;
      const pOld = spare <= 0 ? 1 : (oldServers.length * (before - after)) / (after * spare);
      pNew = 1 - pOld;
    }
    this.hosts = next;
    this.failuresSinceSuccess = 0;
    if (move) {
      this.rebalance = { oldServers, newServers, pNew };
      this.index = -1;
    } else {
      this.rebalance = null;
      this.index = mine === undefined ? -1 : next.findIndex((host) => sameHost(host, mine));
    }
    return move;
  }

  /** The number of servers. */
  get size(): number {
    return this.hosts.length;
  }

  /** The next server and how long to wait before dialing it. */
  next(): {
    /** The server to dial. */
    address: HostAddress;
    /** Milliseconds to wait first: under 20 while untried servers remain, then a growing back-off. */
    delayMs: number;
  } {
    const rebalanced = this.nextWhileRebalancing();
    if (rebalanced !== undefined) return { address: rebalanced, delayMs: 0 };
    this.index = (this.index + 1) % this.hosts.length;
    const rounds = Math.floor(this.failuresSinceSuccess / this.hosts.length);
    // The first dial (or the first after a success) goes out at once, as Java's: the session adds its own spread
    // after a loss. Only failed dials are jittered, then backed off once every server failed.
    const delayMs =
      this.failuresSinceSuccess === 0
        ? 0
        : rounds === 0
          ? Math.random() * 20
          : Math.min(this.maxBackoffMs, 50 * 2 ** Math.min(rounds, 10)) * (0.5 + Math.random() / 2);
    return { address: this.hosts[this.index], delayMs };
  }

  /**
   * While moving after a server list update: an added server with probability pNew (or when every remaining server
   * was tried), else one that stays; undefined once all were tried, and round-robin takes over.
   */
  private nextWhileRebalancing(): HostAddress | undefined {
    const rebalance = this.rebalance;
    if (rebalance === null) return undefined;
    const takeNew = this.random() <= rebalance.pNew;
    const { oldServers, newServers } = rebalance;
    const chosen =
      newServers.length > 0 && (takeNew || oldServers.length === 0) ? newServers.shift() : oldServers.shift();
    if (chosen === undefined) {
      this.rebalance = null;
      return undefined;
    }
    this.index = this.hosts.findIndex((host) => sameHost(host, chosen));
    return chosen;
  }

  /** Makes `address` the next server to dial, at once (a read-write server found while on a read-only one). */
  prefer(address: HostAddress): void {
    const index = this.hosts.findIndex((h) => h.host === address.host && h.port === address.port);
    if (index < 0) return;
    this.index = index - 1;
    this.failuresSinceSuccess = 0;
  }

  /** The last server returned by `next()` refused or dropped us before the session was established. */
  onFailure(): void {
    this.failuresSinceSuccess++;
  }

  /** The last server returned by `next()` established the session. */
  onSuccess(): void {
    this.failuresSinceSuccess = 0;
    this.rebalance = null;
  }
}

/** Whether two addresses name the same server (same host text and port). */
export function sameHost(a: HostAddress, b: HostAddress): boolean {
  return a.port === b.port && a.host === b.host;
}

/** A shuffled copy (Fisher–Yates), so a fleet given the same list spreads over it. */
function shuffled(hosts: readonly HostAddress[], random: () => number): HostAddress[] {
  const copy = [...hosts];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

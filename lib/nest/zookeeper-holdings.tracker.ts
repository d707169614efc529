import { Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import diagnosticsChannel from 'node:diagnostics_channel';
import { diagnosticsChannels } from '../client';
import type {
  LeaderEndMessage,
  LeaderStartMessage,
  LockAcquireMessage,
  LockKind,
  LockReleaseMessage,
  ZooKeeperClient,
} from '../client';
import type { ZookeeperHeldLeadership, ZookeeperHeldLock } from './interfaces/zookeeper-status.interface';
import { ZookeeperClientRegistry } from './zookeeper-client.registry';

/** A lock held now, since `since` (ms since the epoch). */
interface TrackedLock {
  readonly path: string;
  readonly node: string;
  readonly kind: LockKind;
  readonly since: number;
}

/**
 * An election led now. `terms` counts the terms begun and not yet ended: one at a time in practice (an election is a
 * lock), but two Election objects of one client on one path must not make the first end hide the second term.
 */
interface TrackedLeadership {
  readonly since: number;
  terms: number;
}

/** What one client holds: locks by node path, leaderships by election path. */
interface Holdings {
  readonly locks: Map<string, TrackedLock>;
  readonly leaderships: Map<string, TrackedLeadership>;
}

/** A channel's message as every lock and leader message is: about one client. */
interface ClientMessage {
  readonly client: ZooKeeperClient;
}

/**
 * Knows which locks and leaderships this application holds right now, per client of the module, by listening to the
 * `lock:acquire`, `lock:release`, `leader:start` and `leader:end` diagnostics channels for the module's own clients
 * (another application in the same process, or a client made by hand, is not counted). That covers `@ZkLock()`,
 * `@OnLeader()`, `@LeaderOnly()` and the recipes used by hand on an injected client alike. It listens from module
 * init until module destroy, or until the clients are closed if that comes first (a failed bootstrap), so a closed
 * application leaves no subscriber behind; what was held before it listened is not known.
 */
@Injectable()
export class ZookeeperHoldingsTracker implements OnModuleInit, OnModuleDestroy {
  private readonly holdings = new Map<ZooKeeperClient, Holdings>();
  private readonly listeners: readonly (readonly [string, (message: unknown) => void])[] = [
    [diagnosticsChannels.lockAcquire, this.forOwnClients((m: LockAcquireMessage, held) => this.lockAcquired(m, held))],
    [diagnosticsChannels.lockRelease, this.forOwnClients((m: LockReleaseMessage, held) => this.lockEnded(m, held))],
    [diagnosticsChannels.leaderStart, this.forOwnClients((m: LeaderStartMessage, held) => this.termBegan(m, held))],
    [diagnosticsChannels.leaderEnd, this.forOwnClients((m: LeaderEndMessage, held) => this.termEnded(m, held))],
  ];
  private listening = false;
  private readonly stopOnClose = (): void => this.stop();

  constructor(private readonly clients: ZookeeperClientRegistry) {}

  /** Starts listening, unless the clients are closed already (bootstrap failed while the module initialised). */
  onModuleInit(): void {
    if (this.listening || this.clients.closing.aborted) return;
    this.listening = true;
    for (const [name, listener] of this.listeners) diagnosticsChannel.subscribe(name, listener);
    this.clients.closing.addEventListener('abort', this.stopOnClose, { once: true });
  }

  /** Stops listening and forgets everything. */
  onModuleDestroy(): void {
    this.stop();
  }

  /** The locks (oldest first) and leaderships (by path) this application holds through `client` now. */
  heldBy(client: ZooKeeperClient): { locks: ZookeeperHeldLock[]; leaderships: ZookeeperHeldLeadership[] } {
    const held = this.holdings.get(client);
    if (!held) return { locks: [], leaderships: [] };
    return {
      locks: [...held.locks.values()].map(({ path, node, kind, since }) => ({ path, node, kind, since: iso(since) })),
      leaderships: [...held.leaderships.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([path, { since }]) => ({ path, since: iso(since) })),
    };
  }

  private stop(): void {
    if (!this.listening) return;
    this.listening = false;
    for (const [name, listener] of this.listeners) diagnosticsChannel.unsubscribe(name, listener);
    this.clients.closing.removeEventListener('abort', this.stopOnClose);
    this.holdings.clear();
  }

  /**
   * Wraps a handler so that it sees only messages about the module's clients, with that client's holdings. The
   * channels are process-wide: other applications, and other copies of this package, publish on them too.
   */
  private forOwnClients<Message extends ClientMessage>(
    handle: (message: Message, held: Holdings) => void,
  ): (message: unknown) => void {
    return (message) => {
      const client = (message as Partial<ClientMessage> | null)?.client;
      if (client === undefined || this.clients.nameOf(client) === undefined) return;
      let held = this.holdings.get(client);
      if (!held) {
        held = { locks: new Map(), leaderships: new Map() };
        this.holdings.set(client, held);
      }
      handle(message as Message, held);
    };
  }

  private lockAcquired({ outcome, path, node, kind }: LockAcquireMessage, held: Holdings): void {
    if (outcome !== 'acquired' || node === undefined) return;
    held.locks.set(nodePath(path, node), { path, node, kind, since: Date.now() });
  }

  private lockEnded({ path, node }: LockReleaseMessage, held: Holdings): void {
    held.locks.delete(nodePath(path, node));
  }

  private termBegan({ path }: LeaderStartMessage, held: Holdings): void {
    const leadership = held.leaderships.get(path);
    if (leadership) leadership.terms++;
    else held.leaderships.set(path, { since: Date.now(), terms: 1 });
  }

  /** `leader:end` comes once per `leader:start`; an end whose start came before we listened is ignored. */
  private termEnded({ path }: LeaderEndMessage, held: Holdings): void {
    const leadership = held.leaderships.get(path);
    if (leadership && --leadership.terms === 0) held.leaderships.delete(path);
  }
}

/** Node names are unique under a lock path, so this names one hold. */
function nodePath(path: string, node: string): string {
  return `${path}\0${node}`;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { inspectElection, inspectLock, inspectSemaphore, NoNodeError } from '../../client';
import type { InspectedNode } from '../../client';
import { ZookeeperLeaderRegistry } from '../zookeeper-leader.registry';
import { describeError } from '../zookeeper.messages';
import { ZOOKEEPER_LOGGER_CONTEXT } from '../zookeeper.constants';
import { ZookeeperDashboardService } from './zookeeper-dashboard.service';
import type { CoordinationKind } from './zookeeper-dashboard.service';

/** The kinds whose nodes the actions may delete: lines of contenders, and a semaphore's leases. */
const NODE_KINDS = ['locks', 'elections', 'semaphores'] as const satisfies readonly CoordinationKind[];

/**
 * The dashboard's actions (with `allowActions`): each checks that its target is one the dashboard shows, does one
 * thing, and is logged at warning level with who asked, what was done and how it ended.
 */
@Injectable()
export class ZookeeperDashboardActions {
  private readonly logger = new Logger(ZOOKEEPER_LOGGER_CONTEXT);

  constructor(
    private readonly dashboard: ZookeeperDashboardService,
    private readonly leaders: ZookeeperLeaderRegistry,
  ) {}

  /**
   * Steps down from the election at `path`, which this application leads: through its `@OnLeader()` /
   * `@LeaderOnly()` machinery when the decorators run it (the term's signal aborts, the method is awaited, and it
   * contends again), otherwise by deleting its leader node, which ends the term of the `Election` that made it.
   */
  async stepDown(path: unknown, actor: string): Promise<string> {
    return this.audit(actor, `step down from ${String(path)}`, async () => {
      const { path: target } = await this.trackedPath(path, ['elections']);
      const leader = (await inspectElection(this.dashboard.client(), target)).holders[0];
      if (leader === undefined || !this.isOurs(leader)) {
        throw new ConflictException(`This application does not lead ${target}`);
      }
      const managed = this.leaders
        .elections()
        .some((election) => election.path === target && election.client === this.dashboard.clientName());
      if (managed) {
        await this.leaders.yield(target, this.dashboard.clientName());
        return `Stepped down from ${target}; this application contends again at the end of the line`;
      }
      await this.deleteNode(target, leader.name);
      return `Stepped down from ${target} by deleting this application's node ${leader.name}`;
    });
  }

  /**
   * Releases the lock node `node` under `path`, which this application holds: deletes the node, so the lock's holder
   * sees it lost (its `lost` signal, or `ZkLock.signal()`, aborts) and the next in line takes it.
   */
  async release(path: unknown, node: unknown, actor: string): Promise<string> {
    return this.audit(actor, `release ${String(path)}/${String(node)}`, async () => {
      const { path: target, kinds } = await this.trackedPath(path, ['locks', 'semaphores']);
      const name = nodeName(node);
      const found = await this.find(target, kinds, name);
      if (!this.isOurs(found)) throw new ConflictException(`${target}/${name} is not held by this application`);
      await this.deleteNode(target, name);
      return `Released ${target}/${name}; the holder's lost signal aborts and the next in line takes over`;
    });
  }

  /**
   * Deletes another process's node under a lock, election or semaphore the dashboard shows: for a node left behind
   * (a persistent contender, a holder that hangs). `confirm` must repeat the node's name. The node's owner, if it
   * still runs, loses what it held without knowing until it looks: this breaks its exclusivity.
   */
  async delete(path: unknown, node: unknown, confirm: unknown, actor: string): Promise<string> {
    return this.audit(actor, `delete ${String(path)}/${String(node)}`, async () => {
      const { path: target, kinds } = await this.trackedPath(path, NODE_KINDS);
      const name = nodeName(node);
      if (confirm !== name) {
        throw new BadRequestException(`To delete ${target}/${name}, repeat the node's name in "confirm"`);
      }
      const found = await this.find(target, kinds, name);
      if (this.isOurs(found)) {
        throw new ConflictException(`${target}/${name} is this application's own node: release it or step down`);
      }
      await this.deleteNode(target, name);
      return `Deleted ${target}/${name} (owner session ${found.session})`;
    });
  }

  /** `path` as the dashboard shows it, with the kinds (of `wanted`) it is shown as; 404 when it shows none. */
  private async trackedPath(
    path: unknown,
    wanted: readonly CoordinationKind[],
  ): Promise<{ path: string; kinds: CoordinationKind[] }> {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new BadRequestException('"path" must be an absolute ZooKeeper path');
    }
    const { byKind } = await this.dashboard.trackedPaths();
    const kinds = wanted.filter((kind) => byKind[kind].has(path));
    if (kinds.length === 0) throw new NotFoundException(`The dashboard shows no ${wanted.join(' or ')} at ${path}`);
    return { path, kinds };
  }

  /** The node `name` under `path`, read as the kinds the dashboard shows `path` as: a contender, or a lease. */
  private async find(path: string, kinds: readonly CoordinationKind[], name: string): Promise<InspectedNode> {
    const client = this.dashboard.client();
    const nodes = await Promise.all(
      kinds.map(async (kind): Promise<InspectedNode[]> => {
        if (kind === 'semaphores') return (await inspectSemaphore(client, path)).holders;
        const line = await (kind === 'elections' ? inspectElection : inspectLock)(client, path);
        return [...line.holders, ...line.waiters];
      }),
    );
    const found = nodes.flat().find((candidate) => candidate.name === name);
    if (found === undefined) throw new NotFoundException(`${path} has no contender or lease ${name}`);
    return found;
  }

  private isOurs(node: InspectedNode): boolean {
    return node.session === `0x${this.dashboard.client().sessionId.toString(16)}`;
  }

  private async deleteNode(path: string, name: string): Promise<void> {
    const client = this.dashboard.client();
    try {
      await client.delete(`${path}/${name}`);
    } catch (error) {
      if (error instanceof NoNodeError) throw new NotFoundException(`${path}/${name} is gone already`);
      throw error;
    }
  }

  private async audit(actor: string, what: string, action: () => Promise<string>): Promise<string> {
    try {
      const result = await action();
      this.logger.warn(`Dashboard action by ${actor}: ${what}: done. ${result}`);
      return result;
    } catch (error) {
      this.logger.warn(`Dashboard action by ${actor}: ${what}: refused or failed: ${describeError(error)}`);
      throw error;
    }
  }
}

function nodeName(node: unknown): string {
  if (typeof node !== 'string' || node === '' || node.includes('/')) {
    throw new BadRequestException('"node" must be the name of one child node');
  }
  return node;
}

import { randomUUID } from 'node:crypto';
import type { ZooKeeperClient } from './internal/client-api';
import { BaseParty } from './internal/base-party';
import type { PartyOptions } from './internal/base-party';
import { ignoreNoNode } from './internal/tolerated-errors';

export type { PartyOptions } from './internal/base-party';

const PARTY_MARKER = '__party__';

/**
 * kazoo's Party: members are ephemeral nodes `<uuid hex>__party__` whose data is the member's identifier, so a kazoo
 * Party on the same path sees our members and we see theirs.
 *
 * Events: `'joined'`, `'left'`, `'lost'` (session lost; we re-join on the next session while not left), `'error'`
 * (a re-join failed; only emitted when listened to).
 *
 * @example
 * const party = new Party(client, '/parties/workers', { identifier: 'worker-1' });
 * await party.join();
 * console.log(await party.members());
 */
export class Party extends BaseParty {
  private readonly node = `${randomUUID().replace(/-/g, '')}${PARTY_MARKER}`;

  constructor(client: ZooKeeperClient, path: string, options: PartyOptions = {}) {
    super(client, path, options);
  }

  protected get nodeName(): string {
    return this.node;
  }

  protected isMemberNode(child: string): boolean {
    return child.includes(PARTY_MARKER);
  }

  /** The identifiers (node data, utf-8) of all members, ours included when joined. */
  async members(): Promise<string[]> {
    const identifiers: string[] = [];
    for (const child of await this.memberNodes()) {
      try {
        const { data } = await this.client.retry(() => this.client.getData(`${this.path}/${child}`));
        identifiers.push(data.toString('utf8'));
      } catch (error) {
        ignoreNoNode(error);
      }
    }
    return identifiers;
  }
}

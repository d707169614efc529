import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from './internal/client-api';
import type { ZooKeeperClient } from './internal/client-api';
import { BaseParty } from './internal/base-party';
import type { PartyOptions } from './internal/base-party';
import { identifierText } from './internal/inputs';

/**
 * kazoo's ShallowParty: the identifier is part of the member node's name, `<uuid hex>-<identifier>`, so listing the
 * members is one getChildren. The identifier must therefore be a valid node name (no `/`).
 *
 * Same events as {@link Party}.
 */
export class ShallowParty extends BaseParty {
  private readonly node: string;

  constructor(client: ZooKeeperClient, path: string, options: PartyOptions = {}) {
    super(client, path, options);
    const text = identifierText(options.identifier) ?? '';
    if (text.includes('/'))
      throw new InvalidArgumentError('identifier', `a ShallowParty identifier cannot contain "/": ${text}`);
    this.node = `${randomUUID().replace(/-/g, '')}-${text}`;
  }

  protected get nodeName(): string {
    return this.node;
  }

  protected isMemberNode(): boolean {
    return true;
  }

  /** The identifiers of all members, taken from the node names. */
  async members(): Promise<string[]> {
    return (await this.memberNodes()).map((child) => child.slice(child.indexOf('-') + 1));
  }
}

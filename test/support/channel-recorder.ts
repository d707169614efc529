import diagnosticsChannel from 'node:diagnostics_channel';

/** One message seen on a diagnostics channel, in the order the channels published them. */
export interface RecordedMessage {
  readonly channel: string;
  readonly message: unknown;
}

/**
 * Subscribes to plain diagnostics channels and keeps every message, across all of them, in publishing order, until
 * `stop()`. Messages are kept as they are: the assertions look at the real objects the library published.
 */
export class ChannelRecorder {
  readonly messages: RecordedMessage[] = [];
  private readonly subscriptions: { name: string; onMessage: (message: unknown) => void }[] = [];

  constructor(names: readonly string[]) {
    for (const name of names) {
      const onMessage = (message: unknown): void => {
        this.messages.push({ channel: name, message });
      };
      diagnosticsChannel.subscribe(name, onMessage);
      this.subscriptions.push({ name, onMessage });
    }
  }

  /** The messages of `channel` that concern `owner` (their `client` field), oldest first. */
  of<T extends { readonly client: unknown }>(channel: string, owner: object): T[] {
    return this.messages
      .filter((recorded) => recorded.channel === channel && (recorded.message as T).client === owner)
      .map((recorded) => recorded.message as T);
  }

  /** Every message about `owner`, oldest first. */
  about(owner: object): RecordedMessage[] {
    return this.messages.filter((recorded) => (recorded.message as { client?: unknown }).client === owner);
  }

  /** Unsubscribes from every channel; idempotent. */
  stop(): void {
    for (const { name, onMessage } of this.subscriptions.splice(0)) diagnosticsChannel.unsubscribe(name, onMessage);
  }
}

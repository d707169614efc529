import diagnosticsChannel from 'node:diagnostics_channel';
import type { ZooKeeperClient } from '../zookeeper-client';

/** Subscriptions to be undone together; handlers see only the messages of the chosen client (all when undefined). */
export class ChannelSubscriptions {
  private readonly undo: (() => void)[] = [];

  constructor(private readonly only: ZooKeeperClient | undefined) {}

  /** Whether a message about `client` concerns these subscriptions. */
  wants(client: object): boolean {
    return this.only === undefined || this.only === client;
  }

  /** Subscribes `handler` to the plain channel `name`, for the chosen client's messages. */
  on<Message extends { readonly client: ZooKeeperClient }>(name: string, handler: (message: Message) => void): void {
    const listener = (message: unknown): void => {
      const typed = message as Message;
      if (this.wants(typed.client)) handler(typed);
    };
    diagnosticsChannel.subscribe(name, listener);
    this.undo.push(() => diagnosticsChannel.unsubscribe(name, listener));
  }

  /** Registers an undo step of another kind (an observable callback, a tracing subscription). */
  add(undo: () => void): void {
    this.undo.push(undo);
  }

  /** Undoes everything, newest first. */
  close(): void {
    while (this.undo.length > 0) (this.undo.pop() as () => void)();
  }
}

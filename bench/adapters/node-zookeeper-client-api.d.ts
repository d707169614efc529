/** The part of node-zookeeper-client (which ships no types) that the benchmark adapter uses. */
declare module 'node-zookeeper-client' {
  import { EventEmitter } from 'node:events';

  export interface Event {
    getType(): number;
  }

  export const Event: { NODE_DATA_CHANGED: number };

  export type Callback<T> = (error: Error | null | undefined, result: T) => void;

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    create(path: string, data: Buffer, callback: Callback<string>): void;
    getData(path: string, watcher: ((event: Event) => void) | undefined, callback: Callback<Buffer>): void;
    setData(path: string, data: Buffer, callback: Callback<unknown>): void;
    remove(path: string, callback: (error: Error | null | undefined) => void): void;
    getChildren(path: string, callback: Callback<string[]>): void;
    getSessionTimeout(): number;
  }

  export function createClient(connectionString: string, options?: { sessionTimeout?: number }): Client;
}

import { EventEmitter } from 'node:events';
import { ConnectionState } from '../../../lib/client';
import type { ZooKeeperClient } from '../../../lib/client';
import { onStateChange } from '../../../lib/recipes/internal/session-state';

/** onStateChange only uses the client's 'state' event. */
function fakeClient(): ZooKeeperClient {
  return new EventEmitter() as unknown as ZooKeeperClient;
}

const { CONNECTED, SUSPENDED, LOST } = ConnectionState;

describe('onStateChange (every recipe follows the client state through it)', () => {
  it('puts one listener on the client however many recipes listen, and takes it off when the last one stops', () => {
    const client = fakeClient();
    const heard: number[] = [];
    const stops = Array.from({ length: 100 }, (_, i) => onStateChange(client, () => heard.push(i)));
    expect(client.listenerCount('state')).toBe(1);
    client.emit('state', SUSPENDED, CONNECTED, 'disconnected');
    expect(heard).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const stop of stops) stop();
    expect(client.listenerCount('state')).toBe(0);
    client.emit('state', CONNECTED, SUSPENDED, 'connected');
    expect(heard).toHaveLength(100);
  });

  it('passes state and previous; listens again after all had stopped', () => {
    const client = fakeClient();
    onStateChange(client, () => undefined)();
    const heard: [ConnectionState, ConnectionState][] = [];
    const stop = onStateChange(client, (state, previous) => heard.push([state, previous]));
    expect(client.listenerCount('state')).toBe(1);
    client.emit('state', LOST, SUSPENDED, 'expired');
    expect(heard).toEqual([[LOST, SUSPENDED]]);
    stop();
    expect(client.listenerCount('state')).toBe(0);
  });

  it('counts the same function twice as two registrations; a second stop() removes nothing else', () => {
    const client = fakeClient();
    let calls = 0;
    const listener = (): void => {
      calls++;
    };
    const first = onStateChange(client, listener);
    const second = onStateChange(client, listener);
    client.emit('state', SUSPENDED, CONNECTED, 'disconnected');
    expect(calls).toBe(2);
    first();
    first();
    client.emit('state', CONNECTED, SUSPENDED, 'connected');
    expect(calls).toBe(3);
    second();
    expect(client.listenerCount('state')).toBe(0);
  });

  it('a throwing listener does not keep the others from hearing the transition; its error reaches the client', () => {
    const client = fakeClient();
    const heard: string[] = [];
    const failure = new Error('listener failed');
    onStateChange(client, () => heard.push('a'));
    onStateChange(client, () => {
      throw failure;
    });
    onStateChange(client, () => {
      throw new Error('second failure');
    });
    onStateChange(client, () => heard.push('d'));
    expect(() => client.emit('state', LOST, CONNECTED, 'closed')).toThrow(failure);
    expect(heard).toEqual(['a', 'd']);
  });

  it('as with client.on(): one stopped during a transition still hears it, one started during it does not', () => {
    const client = fakeClient();
    const heard: string[] = [];
    let stopB = (): void => undefined;
    onStateChange(client, (state) => {
      heard.push(`a ${state}`);
      stopB();
      onStateChange(client, (next) => heard.push(`c ${next}`));
    });
    stopB = onStateChange(client, (state) => heard.push(`b ${state}`));
    client.emit('state', SUSPENDED, CONNECTED, 'disconnected');
    expect(heard).toEqual(['a SUSPENDED', 'b SUSPENDED']);
  });
});

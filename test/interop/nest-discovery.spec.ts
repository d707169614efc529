import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { ServiceProvider } from '../../lib/discovery';
import { InjectServiceProvider, ZookeeperDiscoveryModule } from '../../lib/nest';
import { startApp } from '../e2e/src/start-app';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { compileDiscoveryPeer, curatorDiscoveryProblem } from './support/discovery-peer-runtime';
import type { CompiledDiscoveryPeer } from './support/discovery-peer-runtime';
import { PeerProcess } from './support/peer-process';

// javac and a JVM start slowly on a busy CI machine; this is a hang guard, not a speed limit.
jest.setTimeout(120_000);

const problem = curatorDiscoveryProblem();

@Injectable()
class Orders {
  constructor(@InjectServiceProvider('billing') readonly billing: ServiceProvider) {}
}

(problem === undefined ? describe : describe.skip)('a Nest app and a Curator x-discovery Java process', () => {
  let compiled: CompiledDiscoveryPeer;
  const peers: PeerProcess[] = [];
  let app: TestingModule | undefined;
  beforeAll(() => {
    compiled = compileDiscoveryPeer();
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(peers.map((peer) => peer.stop()));
    compiled?.dispose();
  });

  it('find each other: the app provides the Java instance, Curator picks the app and loses it at its shutdown', async () => {
    const basePath = uniquePath('nest-curator');
    // Java registers a "billing" instance with a map payload.
    const billing = PeerProcess.start(
      compiled.command,
      compiled.args('register', 'map', sharedConnectString(), basePath, 'billing', 'java-billing'),
    );
    peers.push(billing);
    await billing.waitForLine(/^REGISTERED /);

    // The Nest app registers itself as "orders" and discovers billing.
    app = await startApp({
      imports: [
        ZookeeperDiscoveryModule.forRoot({
          basePath,
          register: { name: 'orders', id: 'nest-orders', address: '10.9.8.7', port: 8080, payload: { team: 'core' } },
          discover: ['billing'],
        }),
      ],
      providers: [Orders],
    });
    const found = await waitFor('the Java instance', () => app?.get(Orders).billing.getInstance());
    expect(found).toMatchObject({
      name: 'billing',
      id: 'java-billing',
      address: '10.1.2.3',
      port: 8080,
      payload: { region: 'eu-west', weight: 3, tags: ['a', 'b'] },
    });

    // Curator's ServiceProvider finds the Nest app, payload included.
    const watcher = PeerProcess.start(
      compiled.command,
      compiled.args('watch', 'map', sharedConnectString(), basePath, 'orders', 'nest-orders'),
    );
    peers.push(watcher);
    const line = await watcher.waitForLine(/^FOUND /);
    expect(JSON.parse(line.slice('FOUND '.length))).toMatchObject({
      name: 'orders',
      id: 'nest-orders',
      address: '10.9.8.7',
      port: 8080,
      payload: { team: 'core' },
    });
    expect(await watcher.waitForLine(/^PICKED /)).toBe('PICKED nest-orders');

    await app.close();
    app = undefined;
    await watcher.waitForLine(/^GONE$/);
    for (const peer of [billing, watcher]) peer.send('exit');
    await Promise.all([billing, watcher].map((peer) => peer.waitForLine(/^CLOSED$/)));
  });
});

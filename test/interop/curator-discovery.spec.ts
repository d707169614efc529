import { JsonInstanceSerializer, ServiceCache, ServiceDiscovery } from '../../lib/discovery';
import type { ServiceInstance } from '../../lib/discovery';
import { expireSession } from '../../lib/testing/expire-session';
import { RecipeClients } from '../integration/recipes/recipe-clients';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { compileDiscoveryPeer, curatorDiscoveryProblem } from './support/discovery-peer-runtime';
import type { CompiledDiscoveryPeer } from './support/discovery-peer-runtime';
import { expirePeerSession } from './support/expire-peer-session';
import { PeerProcess } from './support/peer-process';

// javac and a JVM start slowly on a busy CI machine; this is a hang guard, not a speed limit.
jest.setTimeout(120_000);

const problem = curatorDiscoveryProblem();
if (problem !== undefined) console.warn(`Curator x-discovery interop tests skipped: ${problem}`);

/** What the Java peer reports about an instance it read (see DiscoveryPeer.describe). */
interface JavaView {
  name: string;
  id: string;
  address: string | null;
  port: number | null;
  sslPort: number | null;
  payloadClass: string | null;
  payload: unknown;
  registrationTimeUTC: number;
  serviceType: string;
  uri: string;
  enabled: boolean;
}

const afterWord = (line: string, word: string): string => line.slice(line.indexOf(word) + word.length + 1);

(problem === undefined ? describe : describe.skip)('interop with Curator x-discovery (real ZooKeeper)', () => {
  const clients = new RecipeClients();
  const peers: PeerProcess[] = [];
  let compiled: CompiledDiscoveryPeer;
  beforeAll(() => {
    compiled = compileDiscoveryPeer();
  });
  afterAll(() => compiled?.dispose());
  const java = (...args: string[]): PeerProcess => {
    const peer = PeerProcess.start(compiled.command, compiled.args(...args));
    peers.push(peer);
    return peer;
  };
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.stop()));
    await clients.closeAll();
  });

  it("reads every instance Curator's JsonInstanceSerializer writes, and writes it back byte for byte", async () => {
    const peer = java('serialize');
    await peer.exitCode();
    const lines = new Map(
      peer.output
        .filter((line) => line.startsWith('JSON '))
        .map((line) => {
          const [, label, json] = /^JSON (\S+) (.*)$/.exec(line) as RegExpExecArray;
          return [label, json] as const;
        }),
    );
    expect([...lines.keys()]).toEqual(['map', 'class', 'null', 'string', 'number', 'list', 'enabled']);
    const payloads: Record<string, [unknown, string | null]> = {
      map: [{ region: 'eu-west', weight: 3, tags: ['a', 'b'] }, 'java.util.LinkedHashMap'],
      class: [{ region: 'eu-west', weight: 3 }, 'DiscoveryPeer$Details'],
      null: [null, null],
      string: ['text', null],
      number: [42, null],
      list: [['a', 'b'], 'java.util.ArrayList'],
      enabled: [{ region: 'eu-west', weight: 3, tags: ['a', 'b'] }, 'java.util.LinkedHashMap'],
    };
    for (const [label, json] of lines) {
      const serializer = new JsonInstanceSerializer({ compatibleSerializationMode: label !== 'enabled' });
      const instance = serializer.deserialize(Buffer.from(json));
      expect(instance).toMatchObject({
        name: 'svc',
        id: `id-${label}`,
        address: '10.0.0.1',
        port: 80,
        sslPort: null,
        registrationTimeUTC: 1700000000000,
        serviceType: 'DYNAMIC',
        enabled: label === 'enabled' ? false : true,
      });
      expect(instance.uriSpec?.build(instance)).toBe('http://10.0.0.1:80');
      expect([instance.payload, instance.payloadClass]).toEqual(payloads[label]);
      expect(serializer.serialize(instance).toString('utf8')).toBe(json);
    }
  });

  it('Curator reads what we write: plain objects as maps, payloads with a class as that class', async () => {
    const write = (payload: unknown, payloadClass: string | null, enabled = true): string =>
      new JsonInstanceSerializer({ compatibleSerializationMode: enabled })
        .serialize({
          name: 'svc',
          id: 'ours',
          address: '10.9.9.9',
          port: 81,
          sslPort: 443,
          payload,
          payloadClass,
          registrationTimeUTC: 1700000000001,
          serviceType: 'STATIC',
          uriSpec: null,
          enabled,
        } satisfies ServiceInstance)
        .toString('utf8');
    const asMap = java('deserialize', 'map');
    asMap.send(write({ region: 'eu', nested: { a: [1, 2] } }, null));
    asMap.send(write(null, null));
    asMap.send(write({ region: 'eu' }, null, false));
    asMap.send(write({ region: 'eu' }, 'java.util.LinkedHashMap'));
    const asClass = java('deserialize', 'class');
    asClass.send(write({ region: 'eu', weight: 7 }, 'DiscoveryPeer$Details'));
    asClass.send(write({ region: 'eu', weight: 7 }, null));
    const asObject = java('deserialize', 'object');
    asObject.send(write(['a', 'b'], 'java.util.ArrayList'));
    asObject.send(write('text', null));
    asObject.send(write(42, null));
    asObject.send(write(true, null));
    const read = async (peer: PeerProcess, count: number): Promise<string[]> => {
      await peer.waitForLine(/^(READ|FAILED) /, count);
      return peer.output.filter((line) => /^(READ|FAILED) /.test(line));
    };
    const maps = (await read(asMap, 4)).map((line) => JSON.parse(afterWord(line, 'READ')) as JavaView);
    expect(maps.map((view) => [view.payloadClass, view.payload, view.enabled])).toEqual([
      ['java.util.LinkedHashMap', { region: 'eu', nested: { a: [1, 2] } }, true],
      [null, null, true],
      ['java.util.LinkedHashMap', { region: 'eu' }, false],
      ['java.util.LinkedHashMap', { region: 'eu' }, true],
    ]);
    expect(maps[0]).toMatchObject({ id: 'ours', address: '10.9.9.9', port: 81, sslPort: 443, serviceType: 'STATIC' });
    const objects = (await read(asObject, 4)).map((line) => JSON.parse(afterWord(line, 'READ')) as JavaView);
    expect(objects.map((view) => [view.payloadClass, view.payload])).toEqual([
      ['java.util.ArrayList', ['a', 'b']],
      ['java.lang.String', 'text'],
      ['java.lang.Integer', 42],
      ['java.lang.Boolean', true],
    ]);
    const classes = await read(asClass, 2);
    expect(JSON.parse(afterWord(classes[0], 'READ'))).toMatchObject({
      payloadClass: 'DiscoveryPeer$Details',
      payload: { region: 'eu', weight: 7 },
    });
    // Without the class name Jackson makes a map, which JsonInstanceSerializer<Details> refuses, as it would
    // refuse a map Curator wrote.
    expect(classes[1]).toBe('FAILED java.lang.ClassCastException');
  });

  for (const kind of ['map', 'class'] as const) {
    it(`${kind} payload: we see Curator's instance, it leaves with Curator's session and comes back with the next`, async () => {
      const basePath = uniquePath(`curator-registers-${kind}`);
      const [client] = await clients.connectMany(1);
      const discovery = new ServiceDiscovery(client, { basePath });
      const cache = new ServiceCache(discovery, 'orders');
      await cache.start();
      const peer = java('register', kind, sharedConnectString(), basePath, 'orders', 'java-1');
      const session = (await peer.waitForLine(/^SESSION /)).split(' ');
      const registered = JSON.parse(afterWord(await peer.waitForLine(/^REGISTERED /), 'REGISTERED')) as JavaView;

      const seen = await waitFor('Curator instance in our cache', () => cache.getInstance('java-1'));
      const payload =
        kind === 'map' ? { region: 'eu-west', weight: 3, tags: ['a', 'b'] } : { region: 'eu-west', weight: 3 };
      expect(seen).toMatchObject({
        name: 'orders',
        id: 'java-1',
        address: '10.1.2.3',
        port: 8080,
        sslPort: null,
        payload,
        payloadClass: kind === 'map' ? 'java.util.LinkedHashMap' : 'DiscoveryPeer$Details',
        registrationTimeUTC: registered.registrationTimeUTC,
        serviceType: 'DYNAMIC',
        enabled: true,
      });
      expect(seen.uriSpec?.build(seen)).toBe(registered.uri);
      expect(await discovery.queryForInstance('orders', 'java-1')).toEqual(seen);

      await expirePeerSession(sharedConnectString(), session[1], session[2]);
      await waitFor('Curator instance gone with its session', () => cache.getInstance('java-1') === undefined);
      await peer.waitForLine(/^SESSION /, 2);
      await waitFor('Curator instance back on its new session', () => cache.getInstance('java-1') !== undefined);
      expect(cache.getInstance('java-1')).toEqual(seen);

      peer.send('exit');
      await peer.waitForLine(/^CLOSED$/);
      await waitFor('Curator instance unregistered', () => cache.getInstance('java-1') === undefined);
      await discovery.close();
    });

    it(`${kind} payload: Curator's ServiceProvider finds our instance, loses it with our session, finds it again`, async () => {
      const basePath = uniquePath(`we-register-${kind}`);
      const [client] = await clients.connectMany(1);
      const discovery = new ServiceDiscovery(client, {
        basePath,
        payloadClass: kind === 'class' ? 'DiscoveryPeer$Details' : undefined,
      });
      const ours = await discovery.register({
        name: 'orders',
        id: 'node-1',
        address: '10.4.5.6',
        port: 9090,
        sslPort: 9443,
        payload: { region: 'us-east', weight: 5 },
        uriSpec: '{scheme}://{address}:{ssl-port}/v2',
      });
      const peer = java('watch', kind, sharedConnectString(), basePath, 'orders', 'node-1');
      const found = JSON.parse(afterWord(await peer.waitForLine(/^FOUND /), 'FOUND')) as JavaView;
      expect(found).toEqual({
        name: 'orders',
        id: 'node-1',
        address: '10.4.5.6',
        port: 9090,
        sslPort: 9443,
        payloadClass: kind === 'class' ? 'DiscoveryPeer$Details' : 'java.util.LinkedHashMap',
        payload: { region: 'us-east', weight: 5 },
        registrationTimeUTC: ours.registrationTimeUTC,
        serviceType: 'DYNAMIC',
        uri: 'https://10.4.5.6:9443/v2',
        enabled: true,
      });
      expect(await peer.waitForLine(/^PICKED /)).toBe('PICKED node-1');

      await expireSession(client);
      await peer.waitForLine(/^GONE$/);
      await client.connect();
      await peer.waitForLine(/^FOUND /, 2);
      expect(JSON.parse(afterWord(peer.output.filter((l) => l.startsWith('FOUND '))[1], 'FOUND'))).toEqual(found);

      await discovery.close();
      await peer.waitForLine(/^GONE$/, 2);
      peer.send('exit');
      await peer.waitForLine(/^CLOSED$/);
    });
  }
});

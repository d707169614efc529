import { InvalidArgumentError } from '../../../lib/client/errors';
import { formatHost, HostProvider, parseConnectString } from '../../../lib/client/host-provider';

describe('parseConnectString', () => {
  it('parses hosts, default ports, IPv6 and a chroot', () => {
    expect(parseConnectString('zk1:2181,zk2:2182,[::1]:2183,[fe80::1],zk3/app/root')).toEqual({
      hosts: [
        { host: 'zk1', port: 2181 },
        { host: 'zk2', port: 2182 },
        { host: '::1', port: 2183 },
        { host: 'fe80::1', port: 2181 },
        { host: 'zk3', port: 2181 },
      ],
      chroot: '/app/root',
    });
    expect(parseConnectString(' localhost:2181 / ').chroot).toBe('');
    expect(parseConnectString('localhost:2181/').chroot).toBe('');
  });

  it.each([
    '',
    '   ',
    'zk1:2181,,zk2:2181',
    'zk1:port',
    'zk1:0',
    'zk1:65536',
    ':2181',
    '::1:2181',
    '[::1',
    '[::1]x',
    '[]:2181',
    'zk 1:2181',
    'zk1:2181/app/',
    'zk1:2181/app//x',
  ])('refuses %j with InvalidArgumentError', (text) => {
    expect(() => parseConnectString(text)).toThrow(InvalidArgumentError);
  });

  it('formats addresses back, bracketing IPv6', () => {
    expect(formatHost({ host: '::1', port: 2181 })).toBe('[::1]:2181');
    expect(formatHost({ host: 'zk', port: 1 })).toBe('zk:1');
  });
});

describe('HostProvider', () => {
  const hosts = [1, 2, 3, 4].map((i) => ({ host: `zk${i}`, port: 2181 }));

  it('shuffles once and then goes round-robin over every host', () => {
    const provider = new HostProvider(hosts);
    const firstRound = hosts.map(() => provider.next().address.host);
    const secondRound = hosts.map(() => provider.next().address.host);
    expect(new Set(firstRound).size).toBe(4);
    expect(secondRound).toEqual(firstRound);
  });

  it('does not wait while untried hosts remain, and backs off once all have failed, up to the cap', () => {
    const provider = new HostProvider(hosts, 1000);
    const delays: number[] = [];
    for (let i = 0; i < 40; i++) {
      delays.push(provider.next().delayMs);
      provider.onFailure();
    }
    expect(Math.max(...delays.slice(0, 4))).toBeLessThan(50);
    expect(delays[4]).toBeGreaterThanOrEqual(50);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    provider.onSuccess();
    expect(provider.next().delayMs).toBeLessThan(50);
  });
});

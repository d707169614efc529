import { HostProvider, parseConnectString, formatHost, type HostAddress } from '../../../lib/client/host-provider';

/** A seeded generator (mulberry32), so the spread below is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hosts = (text: string): HostAddress[] => parseConnectString(text).hosts;
const three = hosts('a:1,b:1,c:1');
const five = hosts('a:1,b:1,c:1,d:1,e:1');

/** A provider connected to `server`, as the session leaves it after a successful dial. */
function connectedTo(list: HostAddress[], server: string, random: () => number): HostProvider {
  const provider = new HostProvider(list, 1000, random);
  for (let i = 0; i < list.length; i++) {
    if (formatHost(provider.next().address) === server) break;
  }
  provider.onSuccess();
  return provider;
}

describe('HostProvider.updateServerList (Java StaticHostProvider rebalancing)', () => {
  it('moves a session whose server left, to a server of the new list', () => {
    const provider = connectedTo(three, 'c:1', Math.random);
    expect(provider.updateServerList(hosts('a:1,b:1'), { host: 'c', port: 1 })).toBe(true);
    const next = formatHost(provider.next().address);
    expect(['a:1', 'b:1']).toContain(next);
  });

  it('keeps a session whose server stays when the list shrinks or keeps its size', () => {
    const provider = connectedTo(five, 'a:1', Math.random);
    expect(provider.updateServerList(three, { host: 'a', port: 1 })).toBe(false);
    expect(provider.updateServerList(hosts('a:1,b:1,x:1'), { host: 'a', port: 1 })).toBe(false);
  });

  it('after growth moves a staying session with probability 1 - old/new, always to an added server first', () => {
    // 3 -> 5: move when the draw is <= 0.4. The draws before it shuffle the lists (2 for 3 servers, 4 for 5).
    const moves = (draw: number): boolean => {
      const draws = [0, 0, 0, 0, 0, 0, draw];
      const provider = new HostProvider(three, 1000, () => draws.shift() ?? 0);
      return provider.updateServerList(five, { host: 'a', port: 1 });
    };
    expect(moves(0.39)).toBe(true);
    expect(moves(0.41)).toBe(false);
    const provider = new HostProvider(three, 1000, seeded(7));
    let moved = false;
    for (let attempt = 0; attempt < 50 && !moved; attempt++) {
      moved = provider.updateServerList(five, { host: 'a', port: 1 });
      if (!moved) provider.updateServerList(three, { host: 'a', port: 1 });
    }
    expect(moved).toBe(true);
    expect(['d:1', 'e:1']).toContain(formatHost(provider.next().address));
  });

  it('tries every server once after a move, then goes round-robin', () => {
    const provider = connectedTo(three, 'c:1', seeded(3));
    provider.updateServerList(hosts('a:1,b:1,d:1'), { host: 'c', port: 1 });
    const tried = [0, 1, 2].map(() => formatHost(provider.next().address));
    expect(tried.sort()).toEqual(['a:1', 'b:1', 'd:1']);
    const again = [0, 1, 2].map(() => formatHost(provider.next().address));
    expect(again.sort()).toEqual(['a:1', 'b:1', 'd:1']);
  });

  it('spreads 1,000 sessions evenly when 3 servers become 5, and when 5 become 3', () => {
    const random = seeded(42);
    const spread = (from: HostAddress[], to: HostAddress[]): Map<string, number> => {
      const counts = new Map<string, number>();
      for (let i = 0; i < 1000; i++) {
        // Sessions start evenly spread over `from`.
        const current = from[i % from.length] as HostAddress;
        const provider = connectedTo(from, formatHost(current), random);
        const move = provider.updateServerList(to, current);
        const landed = move ? formatHost(provider.next().address) : formatHost(current);
        counts.set(landed, (counts.get(landed) ?? 0) + 1);
      }
      return counts;
    };
    const grown = spread(three, five);
    expect([...grown.keys()].sort()).toEqual(['a:1', 'b:1', 'c:1', 'd:1', 'e:1']);
    // Expected 200 each; the bounds are about 4 standard deviations of the binomial draws.
    for (const count of grown.values()) expect(Math.abs(count - 200)).toBeLessThan(60);
    const shrunk = spread(five, three);
    expect([...shrunk.keys()].sort()).toEqual(['a:1', 'b:1', 'c:1']);
    for (const count of shrunk.values()) expect(Math.abs(count - 333)).toBeLessThan(70);
  });
});

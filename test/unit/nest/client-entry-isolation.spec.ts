import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Loads `entry` in a fresh Node process and returns the packages it pulled into require.cache. */
function packagesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)});
    const names = Object.keys(require.cache)
      .map((file) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(names)]));`;
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

// Each test starts Node with ts-node, which compiles the library: seconds, not milliseconds.
jest.setTimeout(60_000);

describe('entry points', () => {
  it("'nestjs-zookeeper/client' (lib/client.ts) loads neither @nestjs nor rxjs", () => {
    const loaded = packagesLoadedBy('./lib/client').map((name) => name.replace(/\\/g, '/'));
    expect(loaded.filter((name) => name.startsWith('@nestjs/') || name === 'rxjs')).toEqual([]);
  });

  it("'nestjs-zookeeper' (lib/index.ts) loads @nestjs/common and @nestjs/core but not the optional @nestjs/terminus", () => {
    const loaded = packagesLoadedBy('./lib/index').map((name) => name.replace(/\\/g, '/'));
    expect(loaded).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/core']));
    expect(loaded).not.toContain('@nestjs/terminus');
  });
});

import { Injectable, Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { Stat } from '../../lib/client';
import { WatchChildren, WatchNode } from '../../lib/nest';
import { sharedServerClient } from '../support/shared-server-client';
import { waitFor } from '../support/wait-for';
import { uniquePath } from '../support/zk';
import { closeApps, startApps } from './src/start-app';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

function flagWatcher(path: string, dir: string) {
  @Injectable()
  class Flags {
    readonly values: unknown[] = [];
    readonly versions: (number | null)[] = [];
    readonly children: (string[] | null)[] = [];
    readonly raw: string[] = [];

    @WatchNode(path, { parse: 'json' })
    onFlags(value: unknown, stat: Stat | null): void {
      this.values.push(value);
      this.versions.push(stat?.version ?? null);
      if ((value as { explode?: boolean } | null)?.explode) throw new Error('this handler throws on purpose');
    }

    @WatchNode(path, { parse: (data) => `${data.length} bytes` })
    onRaw(value: string | null): void {
      this.raw.push(value ?? 'missing');
    }

    @WatchChildren(dir)
    onChildren(children: string[] | null): void {
      this.children.push(children === null ? null : [...children].sort());
    }
  }
  return Flags;
}

describe('@WatchNode / @WatchChildren across three app instances', () => {
  let apps: TestingModule[] = [];
  const writer = sharedServerClient();
  afterEach(() => closeApps(apps));

  it('sees every change of the node in every instance, and survives a throwing handler', async () => {
    const path = uniquePath('flags');
    const Flags = flagWatcher(path, uniquePath('dir'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    apps = await startApps(3, { providers: [Flags] });
    const flags = apps.map((app) => app.get(Flags));
    // Called once at bootstrap, before app.init() resolved: the node does not exist yet.
    expect(flags.map((f) => f.values)).toEqual([[null], [null], [null]]);

    const changes: (() => Promise<unknown>)[] = [
      () => writer.create(path, JSON.stringify({ beta: true })),
      () => writer.setData(path, JSON.stringify({ explode: true })),
      () => writer.setData(path, 'not json'),
      () => writer.setData(path, JSON.stringify({ beta: false })),
      () => writer.setData(path, ''),
      () => writer.delete(path),
    ];
    // How many values the JSON handler has after each change ('not json' fails to parse and adds none).
    const valueCounts = [2, 3, 3, 4, 5, 6];
    for (const [step, change] of changes.entries()) {
      await change();
      // Wait for every instance to see this change before making the next one.
      await waitFor(`change ${step} everywhere`, () =>
        flags.every((f) => f.raw.length === step + 2 && f.values.length === valueCounts[step]),
      );
    }

    const expected = [null, { beta: true }, { explode: true }, { beta: false }, null, null];
    // 'not json' failed to parse: logged, not delivered, and the watch went on.
    expect(flags.map((f) => f.values)).toEqual([expected, expected, expected]);
    expect(flags[0].versions).toEqual([null, 0, 1, 3, 4, null]);
    expect(flags[0].raw).toEqual(['missing', '13 bytes', '16 bytes', '8 bytes', '14 bytes', '0 bytes', 'missing']);

    // The log tells the two failures apart: a value that did not parse (the handler never ran), a handler that threw.
    const logged = errors.mock.calls.map(([message]) => String(message));
    errors.mockRestore();
    const parseFailures = logged.filter((message) => message.includes('could not parse'));
    expect(parseFailures).toHaveLength(3);
    expect(parseFailures[0]).toMatch(
      /^@WatchNode\(".*"\): could not parse the node's data \(8 bytes, parse: json\), so \w+\.onFlags\(\) was not called/,
    );
    expect(
      logged.filter((message) => /handler .*onFlags\(\) threw: this handler throws on purpose/.test(message)),
    ).toHaveLength(3);
    expect(logged.filter((message) => /threw: .*JSON/.test(message))).toEqual([]);
  });

  it('calls @WatchChildren with the children list on every change', async () => {
    const dir = uniquePath('dir');
    const Flags = flagWatcher(uniquePath('flags'), dir);
    apps = await startApps(2, { providers: [Flags] });
    const flags = apps.map((app) => app.get(Flags));
    expect(flags.map((f) => f.children)).toEqual([[null], [null]]);

    await writer.create(dir);
    await waitFor('the parent everywhere', () => flags.every((f) => f.children.length === 2));
    await writer.create(`${dir}/b`);
    await waitFor('b everywhere', () => flags.every((f) => f.children.length === 3));
    await writer.create(`${dir}/a`);
    await waitFor('a everywhere', () => flags.every((f) => f.children.length === 4));
    await writer.delete(`${dir}/b`);
    await waitFor('b gone everywhere', () => flags.every((f) => f.children.length === 5));

    const expected = [null, [], ['b'], ['a', 'b'], ['a']];
    expect(flags.map((f) => f.children)).toEqual([expected, expected]);
  });
});

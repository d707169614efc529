/**
 * Consumer checks: the package as users get it. `npm pack` makes the tarball, then each application below is laid out
 * in a fresh folder outside the repository, installed with a plain `npm install` (no --force, no
 * --legacy-peer-deps), compiled with `tsc` (strict, skipLibCheck false: our published .d.ts are checked against
 * that application's NestJS) and run against a real server from nestjs-zookeeper/testing. A run must print its
 * "passed" line and exit 0 by itself.
 *
 * Usage: npm run test:consumers [-- name ...]   (KEEP_CONSUMER_APPS=1 keeps the folders for a look afterwards)
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { markdownExamples } from '../support/markdown-examples';
import { consumerApps, ConsumerApp } from './consumer-apps';

const root = join(__dirname, '..', '..');

interface StepOutcome {
  readonly code: number | null;
  readonly output: string;
  readonly hung: boolean;
}

/** Runs a command to its end, keeping its output; a hang guard ends it (and fails the step) if it never ends. */
function run(command: string, args: string[], cwd: string, hangGuardMs: number): Promise<StepOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGTERM');
    }, hangGuardMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, output, hung });
    });
  });
}

class CheckFailure extends Error {
  constructor(step: string, outcome: StepOutcome | undefined, reason: string) {
    const tail = outcome ? `\n--- last output of ${step} ---\n${outcome.output.split('\n').slice(-60).join('\n')}` : '';
    super(`${step}: ${reason}${tail}`);
  }
}

async function step(name: string, command: string, args: string[], cwd: string, hangGuardMs: number) {
  const outcome = await run(command, args, cwd, hangGuardMs);
  if (outcome.hung) throw new CheckFailure(name, outcome, `still running after ${hangGuardMs / 1000} s: ended`);
  if (outcome.code !== 0) throw new CheckFailure(name, outcome, `exit code ${String(outcome.code)}`);
  return outcome;
}

async function pack(destination: string): Promise<string> {
  const outcome = await step('npm pack', 'npm', ['pack', '--json', '--pack-destination', destination], root, 300_000);
  const json = outcome.output.slice(outcome.output.indexOf('\n[') + 1);
  const [{ filename }] = JSON.parse(json) as Array<{ filename: string }>;
  return join(destination, filename);
}

const documents = (): string[] => [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name)),
];

/** Every TypeScript block of the README and docs/, as modules, so that they compile in the application's setting. */
function writeDocExamples(srcDir: string): number {
  const target = join(srcDir, 'doc-examples');
  mkdirSync(target, { recursive: true });
  let count = 0;
  for (const path of documents()) {
    for (const example of markdownExamples(path, relative(root, path))) {
      const name = example.where.replace(/[^A-Za-z0-9]+/g, '-');
      writeFileSync(join(target, `${name}.ts`), `// ${example.where}\nexport {};\n${example.code}\n`);
      count++;
    }
  }
  return count;
}

/** The one code block of the README or docs/ (any language) whose first line is `// <name>` or `// <name>: …`. */
function docBlock(name: string): string {
  const found: string[] = [];
  for (const path of documents()) {
    for (const match of readFileSync(path, 'utf8').matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)) {
      const first = /^\/\/ (\S+?):?(?:\s|$)/.exec(match[1]);
      if (first?.[1] === name) found.push(match[1]);
    }
  }
  if (found.length !== 1)
    throw new Error(`expected one block '// ${name}' in README.md and docs/, found ${found.length}`);
  return found[0];
}

/** The README's NestJS example, unchanged: it must compile in a new NestJS application. */
function writeReadmeNestExample(srcDir: string): void {
  const examples = markdownExamples(join(root, 'README.md'), 'README.md').filter((example) =>
    /from 'nestjs-zookeeper'/.test(example.code),
  );
  if (examples.length !== 1) throw new Error(`expected one NestJS example in README.md, found ${examples.length}`);
  writeFileSync(join(srcDir, 'readme-example.ts'), `${examples[0].code}\n`);
}

/** Lays the application out and installs it. */
async function install(app: ConsumerApp, tarball: string, dir: string): Promise<void> {
  const packageJson = {
    name: `consumer-${app.name}`,
    private: true,
    ...(app.esm ? { type: 'module' } : {}),
    dependencies: { ...app.dependencies, 'nestjs-zookeeper': `file:${tarball}` },
    devDependencies: app.devDependencies,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(app.tsconfig, null, 2)}\n`);
  const src = join(dir, 'src');
  cpSync(join(__dirname, app.sources.from), join(dir, app.sources.to ?? 'src'), { recursive: true });
  if (app.readmeExample) writeReadmeNestExample(src);
  if (app.docExamples) writeDocExamples(src);
  for (const file of app.docFiles ?? []) {
    const target = join(dir, file.to ?? file.block);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, docBlock(file.block));
  }

  const installed = await step(`${app.name}: npm install`, 'npm', ['install', '--no-audit', '--no-fund'], dir, 600_000);
  const ours = installed.output
    .split('\n')
    .filter((line) => /ERESOLVE|peer/i.test(line) && /nestjs-zookeeper/.test(line));
  if (ours.length > 0)
    throw new CheckFailure(`${app.name}: npm install`, installed, `peer warnings:\n${ours.join('\n')}`);
  // npm ls fails on a peer dependency whose installed version is outside the declared range.
  await step(`${app.name}: npm ls`, 'npm', ['ls', 'nestjs-zookeeper', ...Object.keys(app.dependencies)], dir, 120_000);
  if (app.withoutNest && existsSync(join(dir, 'node_modules', '@nestjs'))) {
    throw new CheckFailure(
      `${app.name}: npm install`,
      installed,
      'installed @nestjs packages into an app without Nest',
    );
  }
}

async function compileAndRun(app: ConsumerApp, dir: string): Promise<string> {
  if (app.compile ?? true) await step(`${app.name}: tsc`, 'npx', ['tsc', '-p', '.'], dir, 300_000);
  const passed: string[] = [];
  for (const { command, args, passed: expected } of app.runs) {
    const name = `${app.name}: ${command === process.execPath ? 'node' : command} ${args.join(' ')}`;
    const ran = await step(name, command, [...args], dir, 240_000);
    const line = ran.output.split('\n').find((text) => expected.test(text));
    if (line === undefined) throw new CheckFailure(name, ran, `exited 0 without a line matching ${String(expected)}`);
    passed.push(line.trim());
  }
  return passed.join('; ');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const apps = consumerApps.filter((app) => only.length === 0 || only.includes(app.name));
  if (apps.length === 0) throw new Error(`no consumer app named ${only.join(', ')}`);
  const scratch = mkdtempSync(join(tmpdir(), 'nestjs-zookeeper-consumers-'));
  const results: string[] = [];
  let failed = 0;
  try {
    const tarball = await pack(scratch);
    console.log(`consumer checks: packed ${relative(scratch, tarball)}; apps in ${scratch}`);
    const dirs = new Map(apps.map((app) => [app.name, join(scratch, app.name)]));
    for (const dir of dirs.values()) mkdirSync(dir);
    // Installs wait on the registry, so they run side by side; compiling and running take the CPU, one at a time.
    const installs = await Promise.allSettled(apps.map((app) => install(app, tarball, dirs.get(app.name)!)));
    for (const [index, app] of apps.entries()) {
      const installed = installs[index];
      try {
        if (installed.status === 'rejected') throw installed.reason;
        results.push(`ok   ${app.name} (${app.description}): ${await compileAndRun(app, dirs.get(app.name)!)}`);
      } catch (error) {
        failed++;
        results.push(
          `FAIL ${app.name} (${app.description}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  } finally {
    if (!process.env.KEEP_CONSUMER_APPS) rmSync(scratch, { recursive: true, force: true });
  }
  for (const line of results) console.log(line);
  console.log(`consumer checks: ${apps.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

void main();

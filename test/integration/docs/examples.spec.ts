import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { markdownExamples, MarkdownExample } from '../../support/markdown-examples';
import { sharedServerClient } from '../../support/shared-server-client';
import { sharedConnectString } from '../../support/zk';

// Every TypeScript block in the README and docs/ is type-checked against the library, and every block not marked
// `typecheck` is run against the shared test server, so no example rots.
const root = join(__dirname, '..', '..', '..');
const docs = join(root, 'docs');
const files = [
  join(root, 'README.md'),
  ...(existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(docs, name))
    : []),
];
const examples: MarkdownExample[] = files.flatMap((file) => markdownExamples(file, relative(root, file)));
// Inside the repository so the examples resolve node_modules; fresh per run so concurrent runs do not collide.
let scratch = '';

const paths = { 'nestjs-zookeeper': ['lib/index.ts'], 'nestjs-zookeeper/*': ['lib/*'] };

/** What both checks share: strict, decorators with metadata, Node's types, the library's entry points from lib/. */
const sharedOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
  baseUrl: root,
  paths, // NodeNext honours paths too: the examples get lib/ without a build
};

const compilerOptions: ts.CompilerOptions = {
  ...sharedOptions,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
};

// What `nest new` generates: a CommonJS project compiled with module NodeNext. There a top-level await is TS1309,
// so an example that compiles here can be pasted into such a project as is.
const nestProjectOptions: ts.CompilerOptions = {
  ...sharedOptions,
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
};

/** The examples that run end with this line, which the runner turns into `return main();` to await them. */
const mainCall = 'void main();';

function fileName(index: number): string {
  return join(scratch, `example-${index}.ts`);
}

/** `README.md:42` for the 0-based line `line` of the example's code (the fence is the example's own line). */
function lineOf(example: MarkdownExample, line: number): string {
  const [file, fence] = example.where.split(':');
  return `${file}:${Number(fence) + line + 1}`;
}

/** The 0-based line of the first `await` (or `for await`, `await using`) outside any function, if there is one. */
function topLevelAwait(code: string): number | undefined {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true);
  let found: number | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || ts.isFunctionLike(node)) return;
    const awaits =
      ts.isAwaitExpression(node) ||
      (ts.isForOfStatement(node) && node.awaitModifier !== undefined) ||
      (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing);
    if (awaits) found = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The code to run: `void main();` becomes `return main();` so the runner waits for the example to finish. */
function runnableCode(example: MarkdownExample): string {
  const awaitLine = topLevelAwait(example.code);
  if (awaitLine !== undefined) {
    throw new Error(
      `${lineOf(example, awaitLine)}: top-level await, which a CommonJS project rejects (TS1309); ` +
        `put the body in \`async function main(): Promise<void>\` and end the block with \`${mainCall}\``,
    );
  }
  const lines = example.code.split('\n');
  if (/\basync function main\b/.test(example.code) && lines[lines.length - 1] !== mainCall) {
    throw new Error(`${example.where}: defines async function main but its last line is not \`${mainCall}\``);
  }
  if (lines[lines.length - 1] === mainCall) lines[lines.length - 1] = 'return main();';
  return lines.join('\n');
}

function libraryRequire(specifier: string): unknown {
  const local = /^nestjs-zookeeper(?:\/(client|testing))?$/.exec(specifier);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (local) return require(join(root, 'lib', local[1] ?? 'index'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(specifier);
}

async function runExample(example: MarkdownExample): Promise<void> {
  const output = ts.transpileModule(runnableCode(example), {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  }).outputText;
  // A plain function body, as CommonJS wraps a module: an await left outside main() would be a syntax error here.
  const run = new Function('require', 'exports', 'module', output) as (
    req: (id: string) => unknown,
    exports: object,
    module: { exports: object },
  ) => Promise<void> | undefined;
  const module = { exports: {} };
  await run(libraryRequire, module.exports, module);
}

/** Type-checks every example (one file each) and returns the problems, located in the Markdown files. */
function typeCheck(options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(
    examples.map((_, index) => fileName(index)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const file = diagnostic.file?.fileName ?? '';
    const index = /example-(\d+)\.ts$/.exec(file)?.[1];
    if (index === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      return file ? `${relative(root, file)}: ${text}` : text;
    }
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line; // line 0 is `export {}`
    return `${lineOf(examples[Number(index)], line - 1)}: ${text}`;
  });
}

describe('documentation examples', () => {
  // DOCS_EXAMPLES_VERBOSE=1 shows what the examples print, to compare with the comments in the docs.
  const log = jest.spyOn(console, 'log');
  if (!process.env.DOCS_EXAMPLES_VERBOSE) log.mockImplementation(() => undefined);
  const previous = process.env.ZK_CONNECT;
  beforeAll(() => {
    process.env.ZK_CONNECT = sharedConnectString();
    scratch = mkdtempSync(join(root, '.docs-check-'));
    // No "type": "module": under NodeNext the examples are CommonJS files, as in a project made by `nest new`.
    writeFileSync(join(scratch, 'package.json'), '{ "private": true }\n');
    examples.forEach((example, index) => writeFileSync(fileName(index), `export {};\n${example.code}\n`));
  });
  afterAll(() => {
    log.mockRestore();
    if (previous === undefined) delete process.env.ZK_CONNECT;
    else process.env.ZK_CONNECT = previous;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('type-checks every example against the library', () => {
    expect(typeCheck(compilerOptions)).toEqual([]);
  });

  it('type-checks every example as a file of a CommonJS Nest project (module NodeNext: no top-level await)', () => {
    expect(typeCheck(nestProjectOptions)).toEqual([]);
  });

  describe('run against the server', () => {
    // Connected here, after the type-checks: they block the event loop for seconds, long enough to lose a connection.
    const observer = sharedServerClient();
    const runnable = examples.filter((example) => example.mode === 'run');
    // The docs promise that every example removes what it creates, so running it again finds a clean server.
    it.each(runnable.map((example) => [example.where, example] as const))('runs %s', async (where, example) => {
      const before = new Set(await observer.getChildren('/'));
      await expect(runExample(example)).resolves.toBeUndefined();
      const left = (await observer.getChildren('/')).filter((name) => !before.has(name));
      expect(left.map((name) => `${where} left /${name} behind`)).toEqual([]);
    });
  });
});

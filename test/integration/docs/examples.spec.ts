import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { markdownExamples, MarkdownExample } from '../../support/markdown-examples';
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

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
  baseUrl: root,
  paths: { 'nestjs-zookeeper': ['lib/index.ts'], 'nestjs-zookeeper/*': ['lib/*'] },
};

function fileName(index: number): string {
  return join(scratch, `example-${index}.ts`);
}

function libraryRequire(specifier: string): unknown {
  const local = /^nestjs-zookeeper(?:\/(client|testing))?$/.exec(specifier);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (local) return require(join(root, 'lib', local[1] ?? 'index'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(specifier);
}

async function runExample(example: MarkdownExample): Promise<void> {
  const output = ts.transpileModule(example.code, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  }).outputText;
  const body = `return (async () => {\n${output}\n})();`;
  const run = new Function('require', 'exports', 'module', body) as (
    req: (id: string) => unknown,
    exports: object,
    module: { exports: object },
  ) => Promise<void>;
  const module = { exports: {} };
  await run(libraryRequire, module.exports, module);
}

describe('documentation examples', () => {
  // DOCS_EXAMPLES_VERBOSE=1 shows what the examples print, to compare with the comments in the docs.
  const log = jest.spyOn(console, 'log');
  if (!process.env.DOCS_EXAMPLES_VERBOSE) log.mockImplementation(() => undefined);
  const previous = process.env.ZK_CONNECT;
  beforeAll(() => {
    process.env.ZK_CONNECT = sharedConnectString();
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
    scratch = mkdtempSync(join(root, '.docs-check-'));
    examples.forEach((example, index) => writeFileSync(fileName(index), `export {};\n${example.code}\n`));
    const program = ts.createProgram(
      examples.map((_, index) => fileName(index)),
      compilerOptions,
    );
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const file = diagnostic.file?.fileName ?? '';
      const index = /example-(\d+)\.ts$/.exec(file)?.[1];
      if (index === undefined || diagnostic.file === undefined || diagnostic.start === undefined) return text;
      const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line; // line 0 is `export {}`
      const where = examples[Number(index)].where.split(':');
      return `${where[0]}:${Number(where[1]) + line}: ${text}`;
    });
    expect(problems).toEqual([]);
  });

  const runnable = examples.filter((example) => example.mode === 'run');
  it.each(runnable.map((example) => [example.where, example] as const))('runs %s', async (_where, example) => {
    await expect(runExample(example)).resolves.toBeUndefined();
  });
});

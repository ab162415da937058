#!/usr/bin/env node
// Generates a migration from the difference between the entities and the schema the existing
// migrations build, on a throwaway embedded PostgreSQL: no database to set up. Writes
// src/database/migrations/<timestamp>-<Name>.ts, or fails with "No changes in database schema
// were found" when the entities match the migrations.
// Usage: npm run migration:generate -- AddPayments
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const name = process.argv[2];
if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const { startEmbeddedPostgres } = require(path.join(root, 'dist/src/database/embedded-postgres.js'));
const { runMigrations } = require(path.join(root, 'dist/src/database/migrate.js'));

(async () => {
  const db = await startEmbeddedPostgres();
  try {
    await runMigrations(db.url);
    execFileSync(
      path.join(root, 'node_modules/.bin/typeorm'),
      ['-d', 'dist/ormconfig.js', 'migration:generate', '--pretty', `src/database/migrations/${name}`],
      { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL: db.url } },
    );
    // Nothing to register: the app, the CLI and the tests load every <timestamp>-<Name> file in
    // src/database/migrations (compiled to dist/ by the next build).
  } finally {
    await db.stop();
  }
})().catch((error) => {
  // The TypeORM CLI has already said why (its output is inherited); repeat only our own errors.
  if (typeof error.status !== 'number') console.error(error.message ?? error);
  process.exit(error.status || 1);
});

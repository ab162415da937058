import path from 'node:path';
import globalSetup from './global-setup';
import { testServerUrl, TEMPLATE_DATABASE, withAdminClient } from './test-database';

/**
 * Stryker's jest-runner (stryker.config.js) calls Jest once per mutant inside one long-lived
 * worker process, and Jest runs globalSetup on every call: starting PostgreSQL and migrating the
 * template each time would cost seconds per mutant. The first call of a worker does it; later calls
 * reuse them (the server URL stays in process.env, where test-database.ts reads it).
 */
const worker = globalThis as { __ORDERPAY_MUTATION_DATABASE__?: true; __ORDERPAY_MUTATION_FAILED__?: boolean };

export default async function mutationGlobalSetup(): Promise<void> {
  // A new mutant: nothing has failed yet (mutation-environment.js bails on the first failure).
  worker.__ORDERPAY_MUTATION_FAILED__ = false;
  if (worker.__ORDERPAY_MUTATION_DATABASE__) return dropLeftoverDatabases();
  await inStrykerTempDir(async () => {
    // Always a PostgreSQL of the worker's own: global-setup drops and recreates the template
    // database, which two workers sharing DATABASE_URL's server would do under each other's feet.
    const shared = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      await globalSetup();
    } finally {
      if (shared !== undefined) process.env.DATABASE_URL = shared;
    }
  });
  worker.__ORDERPAY_MUTATION_DATABASE__ = true;
}

/**
 * A mutant that breaks an e2e file's beforeAll can leave that file's database behind; the previous
 * Jest call of this worker is over, so every copy of the template is a leftover.
 */
async function dropLeftoverDatabases(): Promise<void> {
  await withAdminClient(testServerUrl(), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'orderpay_test_%' AND datname <> $1`,
      [TEMPLATE_DATABASE],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/**
 * Stryker kills a worker whose mutant hung with SIGKILL (the whole process tree, PostgreSQL too),
 * so the throwaway cluster never gets to delete its folder. Made inside Stryker's temp dir (the
 * sandbox's parent), it goes away with the rest of the run.
 */
async function inStrykerTempDir(work: () => Promise<void>): Promise<void> {
  const parent = path.dirname(process.cwd());
  if (path.basename(parent) !== '.stryker-tmp') return work();
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = parent;
  try {
    await work();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

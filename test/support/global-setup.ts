import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { startOpenApiRun } from './openapi-summary';
import { databaseUrl, setTestServerUrl, TEMPLATE_DATABASE, withAdminClient } from './test-database';

/**
 * One PostgreSQL for the whole e2e run: a throwaway embedded one by default, or the server in
 * DATABASE_URL (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test).
 */
export default async function globalSetup(): Promise<void> {
  startOpenApiRun();
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    (globalThis as { __ORDERPAY_EMBEDDED_PG__?: unknown }).__ORDERPAY_EMBEDDED_PG__ = embedded;
    serverUrl = embedded.url;
  }
  setTestServerUrl(serverUrl);
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  await runMigrations(databaseUrl(serverUrl, TEMPLATE_DATABASE));
}

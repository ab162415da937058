import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { summarizeOpenApiChecks } from './openapi-summary';
import { testServerUrl, withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  reportOpenApiChecks();
  const embedded = (globalThis as { __ORDERPAY_EMBEDDED_PG__?: EmbeddedDatabase }).__ORDERPAY_EMBEDDED_PG__;
  if (embedded) {
    await embedded.stop();
    return;
  }
  // A shared server: leave it as we found it.
  await withAdminClient(testServerUrl(), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'orderpay_test_%'`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/** The OpenAPI response checks' one line (openapi-checks.ts), when this run made any. */
function reportOpenApiChecks(): void {
  try {
    const line = summarizeOpenApiChecks();
    if (line) console.log(`\n${line}`);
  } catch (error) {
    // A summary that cannot be made must not keep the database from being stopped.
    console.error('OpenAPI: no summary of the response checks:', error);
  }
}

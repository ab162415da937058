import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each e2e file gets its own database, copied from a template that global-setup migrated once:
 * files never see each other's rows, and a copy takes milliseconds where migrating takes seconds.
 */
export const TEMPLATE_DATABASE = 'orderpay_test_template';
const SERVER_URL_VARIABLE = 'ORDERPAY_TEST_SERVER_URL';

export function testServerUrl(): string {
  const url = process.env[SERVER_URL_VARIABLE];
  if (!url)
    throw new Error(`${SERVER_URL_VARIABLE} is not set: run e2e tests through jest (global-setup starts PostgreSQL)`);
  return url;
}

export function setTestServerUrl(url: string): void {
  process.env[SERVER_URL_VARIABLE] = url;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = testServerUrl();
  const name = `orderpay_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`),
  );
  return {
    url: databaseUrl(serverUrl, name),
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

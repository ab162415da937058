import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ENTITY_FILES } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrate';
import { databaseUrl, testServerUrl, withAdminClient } from './support/test-database';

/**
 * The committed migrations are what production databases have: the entities must describe
 * exactly that schema, or `npm run migration:generate` writes changes nobody made.
 */
const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'src', 'database', 'migrations');

/** TypeORM's generator names a file `<timestamp>-<Name>.ts` and its class `<Name><timestamp>`. */
const committedMigrationNames = () =>
  readdirSync(MIGRATIONS_DIR)
    .map((file) => /^(\d+)-(\w+)\.ts$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map(([, timestamp, name]) => `${name}${timestamp}`);

/** An empty database (not the migrated template), so the migrations below start from nothing. */
async function createEmptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = testServerUrl();
  const name = `orderpay_migrations_${process.pid}_${Date.now()}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  return {
    url: databaseUrl(serverUrl, name),
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

describe('Migrations', () => {
  let database: { url: string; drop: () => Promise<void> };
  let appliedOnFirstRun: string[];

  beforeAll(async () => {
    database = await createEmptyDatabase();
    appliedOnFirstRun = await runMigrations(database.url);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should apply every migration file in the folder, in timestamp order, with no list to keep', async () => {
    expect(committedMigrationNames().length).toBeGreaterThan(0);
    expect(appliedOnFirstRun).toEqual(committedMigrationNames());
    const recorded = await withAdminClient(database.url, (client) =>
      client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id'),
    );
    expect(recorded.rows.map((row) => row.name)).toEqual(committedMigrationNames());
  });

  it('should apply nothing on a second run', async () => {
    await expect(runMigrations(database.url)).resolves.toEqual([]);
  });

  it('should leave nothing for migration:generate to write on a freshly migrated database', async () => {
    // The same entity set and the same diff the TypeORM CLI's migration:generate uses (ormconfig.ts).
    const dataSource = new DataSource({ ...dataSourceOptions(database.url, [ENTITY_FILES]), extra: { max: 1 } });
    await dataSource.initialize();
    try {
      expect(dataSource.entityMetadatas.map((entity) => entity.tableName).sort()).toEqual([
        'foreign_payment_intents',
        'order_events',
        'order_flags',
        'order_items',
        'orders',
        'payment_status_changes',
        'payments',
        'products',
        'refund_status_changes',
        'refunds',
        'users',
        'webhook_events',
      ]);
      const diff = await dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((query) => query.query.trim())).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});

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

  it('should carry orders paid before partial payments over to their amounts, and undo cleanly', async () => {
    const legacy = await createEmptyDatabase();
    try {
      await runMigrations(legacy.url);
      // Back to the schema before partial payments (its down migration), then rows as it held them.
      const dataSource = new DataSource({ ...dataSourceOptions(legacy.url), extra: { max: 1 } });
      await dataSource.initialize();
      try {
        await dataSource.undoLastMigration({ transaction: 'each' });
      } finally {
        await dataSource.destroy();
      }
      const ids = await withAdminClient(legacy.url, async (client) => {
        const user = await client.query(
          `INSERT INTO users (email, password_hash) VALUES ('a@b.test', 'x') RETURNING id`,
        );
        const order = async (status: string, refunded = 0) =>
          (
            await client.query(
              `INSERT INTO orders (user_id, status, currency, total_amount, amount_refunded) VALUES ($1, $2, 'usd', 1000, $3) RETURNING id`,
              [user.rows[0].id, status, refunded],
            )
          ).rows[0].id as string;
        const payment = async (orderId: string, status: string, applied: boolean) =>
          (
            await client.query(
              `INSERT INTO payments (order_id, provider, status, amount, currency, applied_to_order)
               VALUES ($1, 'stripe', $2, 1000, 'usd', $3) RETURNING id`,
              [orderId, status, applied],
            )
          ).rows[0].id as string;
        const flagged = await order('refunded', 1000);
        const flaggedPayment = await payment(flagged, 'succeeded', true);
        // Paid before applied_to_order existed: nothing flags the attempt that paid it.
        const unflagged = await order('paid', 300);
        const unflaggedPayment = await payment(unflagged, 'succeeded', false);
        const canceled = await order('canceled');
        const latePayment = await payment(canceled, 'succeeded', false);
        return { flagged, flaggedPayment, unflagged, unflaggedPayment, canceled, latePayment };
      });

      expect(await runMigrations(legacy.url)).toEqual([committedMigrationNames().at(-1)]);

      const { rows } = await withAdminClient(legacy.url, (client) =>
        client.query(
          `SELECT o.id AS order_id, o.status, o.amount_paid, o.amount_refunded, p.id AS payment_id, p.amount_applied
           FROM orders o JOIN payments p ON p.order_id = o.id ORDER BY o.created_at`,
        ),
      );
      expect(rows).toEqual([
        {
          order_id: ids.flagged,
          status: 'refunded',
          amount_paid: 1000,
          amount_refunded: 1000,
          payment_id: ids.flaggedPayment,
          amount_applied: 1000,
        },
        {
          order_id: ids.unflagged,
          status: 'paid',
          amount_paid: 1000,
          amount_refunded: 300,
          payment_id: ids.unflaggedPayment,
          amount_applied: 1000,
        },
        {
          order_id: ids.canceled,
          status: 'canceled',
          amount_paid: 0,
          amount_refunded: 0,
          payment_id: ids.latePayment,
          amount_applied: 0,
        },
      ]);
    } finally {
      await legacy.drop();
    }
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

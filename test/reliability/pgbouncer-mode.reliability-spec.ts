/**
 * orderpay behind a real PgBouncer in transaction mode. In the fault suite (`npm run test:reliability`),
 * not in `npm test`: it needs Debian's `pgbouncer` binary, and `npm test` needs nothing installed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DATABASE_POOL_DEFAULTS } from '../../src/config/app-config';
import { poolOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { startAppInstance } from '../support/app-instance';
import { createOrder, createProduct, createUser } from '../support/factories';
import { startPgBouncer, type PgBouncerHandle } from '../support/pgbouncer';
import { databaseUrl, testServerUrl, withAdminClient } from '../support/test-database';
import type { TestApp } from '../support/test-app';

/** The statement timeout PgBouncer setups give the database (or role) instead of a startup parameter. */
const DATABASE_STATEMENT_TIMEOUT = '1500ms';

const committedMigrationNames = () =>
  readdirSync(path.resolve(__dirname, '..', '..', 'src', 'database', 'migrations'))
    .map((file) => /^(\d+)-(\w+)\.ts$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, timestamp, name]) => `${name}${timestamp}`)
    .sort();

async function createEmptyDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const serverUrl = testServerUrl();
  const name = `orderpay_scale_${process.pid}_${Date.now()}`;
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
    await client.query(`ALTER DATABASE "${name}" SET statement_timeout = '${DATABASE_STATEMENT_TIMEOUT}'`);
  });
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

describe('Behind PgBouncer in transaction mode', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let bouncer: PgBouncerHandle;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    bouncer = await startPgBouncer({ targetUrl: database.url, poolMode: 'transaction' });
  });

  afterAll(async () => {
    await bouncer?.stop();
    await database?.drop();
  });

  const connectThroughBouncer = async (options: Record<string, number>) => {
    const client = new Client({ connectionString: bouncer.url, ...options });
    await client.connect();
    return client;
  };

  it('should be refused with the direct mode pool options, and accept the DB_PGBOUNCER ones', async () => {
    await expect(connectThroughBouncer(poolOptions(DATABASE_POOL_DEFAULTS))).rejects.toThrow(
      /unsupported startup parameter/,
    );
    const client = await connectThroughBouncer(poolOptions({ ...DATABASE_POOL_DEFAULTS, pgBouncer: true }));
    try {
      const { rows } = await client.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(rows[0].statement_timeout).toBe(DATABASE_STATEMENT_TIMEOUT);
    } finally {
      await client.end();
    }
  });

  it('should run every migration once when two instances migrate through it at the same moment', async () => {
    const [first, second] = await Promise.all([runMigrations(bouncer.url), runMigrations(bouncer.url)]);
    // One instance applied everything, in one transaction; the other waited for it and found nothing to do.
    expect([first, second].map((applied) => applied.length).sort((a, b) => a - b)).toEqual([
      0,
      committedMigrationNames().length,
    ]);
    expect([...first, ...second].sort()).toEqual(committedMigrationNames());
    const recorded = await withAdminClient(database.url, (client) =>
      client.query<{ name: string }>('SELECT name FROM migrations ORDER BY name'),
    );
    expect(recorded.rows.map((row) => row.name)).toEqual(committedMigrationNames());
    await expect(runMigrations(bouncer.url)).resolves.toEqual([]);
  });

  describe('the app with DB_PGBOUNCER=true', () => {
    let t: TestApp;

    beforeAll(async () => {
      await runMigrations(bouncer.url);
      t = await startAppInstance(bouncer.url, { DB_PGBOUNCER: 'true', DB_STATEMENT_TIMEOUT_MS: '5000' });
    });
    afterAll(() => t?.close());

    it('should boot through it, create an order and read it back', async () => {
      const user = await createUser(t);
      const product = await createProduct(t, { unitAmount: 1250 });
      const order = await createOrder(t, user, [{ productId: product.id, quantity: 2 }]);
      const { body } = await t.http().get(`/orders/${order.id}`).set(user.auth).expect(200);
      expect(body).toMatchObject({ id: order.id, status: 'pending', totalAmount: 2500 });
      const [row] = await withAdminClient(database.url, (client) =>
        client.query<{ total_amount: number }>('SELECT total_amount FROM orders WHERE id = $1', [order.id]),
      ).then((result) => result.rows);
      expect(row.total_amount).toBe(2500);
      await t.http().get('/health/ready').expect(200);
    });

    it("should leave the statement timeout to the database's setting", async () => {
      await expect(t.dataSource.query('SELECT pg_sleep(3)')).rejects.toThrow(/statement timeout/);
    });
  });
});

import { DemoDataService } from '../src/demo/demo-data.service';
import { createTestApp, TestApp } from './support/test-app';

describe('Demo data (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should seed once when three instances boot at once on an empty database', async () => {
    // Three calls on their own connections race exactly as three processes booting together do.
    // Open those connections first: otherwise the first call's writes finish while the others
    // still wait for a new connection, and there is no race to see.
    await Promise.all([1, 2, 3, 4].map(() => t.dataSource.query('SELECT pg_sleep(0.05)')));
    const results = await Promise.all([1, 2, 3].map(() => t.app.get(DemoDataService).prepare()));

    const credentials = results.filter((result) => result !== undefined);
    expect(credentials).toHaveLength(1);
    const skus = await t.dataSource.query('SELECT sku FROM products ORDER BY sku');
    expect(skus.map((row: { sku: string }) => row.sku)).toEqual([
      'MUG-BLUE',
      'NOTEBOOK-A5',
      'STICKER-PACK',
      'TEE-LOGO-M',
    ]);
    const admins = await t.dataSource.query(`SELECT email FROM users WHERE role = 'admin'`);
    expect(admins).toEqual([{ email: 'admin@orderpay.local' }]);
    // The one password printed is the one that works.
    await t.http().post('/auth/login').send(credentials[0]).expect(200);
  });

  it('should complete a first boot that died half-way on the next one', async () => {
    const other = await createTestApp();
    try {
      // As if the first boot wrote two products and died.
      await other.dataSource.query(
        `INSERT INTO products (sku, name, unit_amount) VALUES ('MUG-BLUE', 'Blue mug', 1299), ('TEE-LOGO-M', 'Logo T-shirt (M)', 2500)`,
      );
      const credentials = await other.app.get(DemoDataService).prepare();
      expect(credentials).toMatchObject({ email: 'admin@orderpay.local' });
      const [{ products, admins }] = await other.dataSource.query(
        `SELECT (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM users WHERE role = 'admin')::int AS admins`,
      );
      expect({ products, admins }).toEqual({ products: 4, admins: 1 });
    } finally {
      await other.close();
    }
  });

  it("should leave a catalog with the shop's own products alone", async () => {
    const other = await createTestApp();
    try {
      await other.dataSource.query(`INSERT INTO products (sku, name, unit_amount) VALUES ('OWN-1', 'My product', 500)`);
      expect(await other.app.get(DemoDataService).prepare()).toBeUndefined();
      expect(await other.dataSource.query('SELECT sku FROM products')).toEqual([{ sku: 'OWN-1' }]);
    } finally {
      await other.close();
    }
  });

  it('should change nothing on a later boot', async () => {
    expect(await t.app.get(DemoDataService).prepare()).toBeUndefined();
    const [{ products, users }] = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM users)::int AS users',
    );
    expect({ products, users }).toEqual({ products: 4, users: 1 });
  });
});

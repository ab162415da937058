import { randomUUID } from 'node:crypto';
import type { ProductDto } from '../src/catalog/dto/product.dto';
import { countRows, createAdmin, createProduct, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const uniqueSku = (prefix = 'SKU') => `${prefix}-${randomUUID().slice(0, 8)}`;
const validProduct = (overrides: Record<string, unknown> = {}) => ({
  sku: uniqueSku(),
  name: 'Blue mug',
  description: 'Stoneware, 350 ml',
  unitAmount: 1299,
  ...overrides,
});

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  unit_amount: number;
  active: boolean;
}

describe('Catalog (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  async function productRow(id: string): Promise<ProductRow | undefined> {
    const rows: ProductRow[] = await t.dataSource.query(
      'SELECT id, sku, name, description, unit_amount, active FROM products WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  async function productRowBySku(sku: string): Promise<ProductRow | undefined> {
    const rows: ProductRow[] = await t.dataSource.query(
      'SELECT id, sku, name, description, unit_amount, active FROM products WHERE sku = $1',
      [sku],
    );
    return rows[0];
  }

  /** All ids on the public (or admin) list; this file's database holds far fewer than 100 products. */
  async function listedIds(path: '/products' | '/admin/products'): Promise<string[]> {
    const request = t.http().get(path).query({ pageSize: 100 });
    if (path === '/admin/products') request.set(admin.auth);
    const { body } = await request.expect(200);
    expect(body.meta.total).toBeLessThanOrEqual(100);
    return (body.data as ProductDto[]).map((p) => p.id);
  }

  describe('listing and pagination, on a database of their own', () => {
    let iso: TestApp;
    let isoAdmin: TestUser;
    const products: Record<'a' | 'b' | 'c' | 'hidden', ProductDto> = {} as never;

    beforeAll(async () => {
      iso = await createTestApp();
      isoAdmin = await createAdmin(iso);
      // Created out of name order: the list is sorted by name.
      products.c = await createProduct(iso, { name: 'Cc product', unitAmount: 300 });
      products.a = await createProduct(iso, { name: 'Aa product', unitAmount: 100 });
      products.hidden = await createProduct(iso, { name: 'Bb hidden', unitAmount: 999, active: false });
      products.b = await createProduct(iso, { name: 'Bb product', unitAmount: 200 });
    });
    afterAll(() => iso.close());

    it('should list only active products, by name, with page metadata', async () => {
      const { body } = await iso.http().get('/products').expect(200);
      expect(body).toEqual({
        data: [products.a, products.b, products.c],
        meta: { page: 1, pageSize: 20, total: 3 },
      });
      expect(body.data[0]).toEqual({
        id: products.a.id,
        sku: products.a.sku,
        name: 'Aa product',
        description: null,
        unitAmount: 100,
        currency: 'usd',
        active: true,
      });
    });

    it('should page with pageSize and page', async () => {
      const second = await iso.http().get('/products?pageSize=1&page=2').expect(200);
      expect(second.body).toEqual({ data: [products.b], meta: { page: 2, pageSize: 1, total: 3 } });
      const last = await iso.http().get('/products?pageSize=2&page=2').expect(200);
      expect(last.body).toEqual({ data: [products.c], meta: { page: 2, pageSize: 2, total: 3 } });
      const beyond = await iso.http().get('/products?pageSize=2&page=5').expect(200);
      expect(beyond.body).toEqual({ data: [], meta: { page: 5, pageSize: 2, total: 3 } });
    });

    it('should list inactive products too for an admin', async () => {
      const { body } = await iso.http().get('/admin/products').set(isoAdmin.auth).expect(200);
      expect(body.meta).toEqual({ page: 1, pageSize: 20, total: 4 });
      expect((body.data as ProductDto[]).map((p) => p.id)).toEqual([
        products.a.id,
        products.hidden.id,
        products.b.id,
        products.c.id,
      ]);
      expect(body.data[1]).toMatchObject({ id: products.hidden.id, active: false });
    });
  });

  describe('GET /products with a bad query', () => {
    it.each([
      ['pageSize=0', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['pageSize=-3', 'pageSize'],
      ['pageSize=2.5', 'pageSize'],
      ['page=abc', 'page'],
      ['page=0', 'page'],
      ['sort=name', 'sort'],
      ['active=false', 'active'],
    ])('should answer 400 VALIDATION_FAILED for ?%s naming %s', async (query, field) => {
      const { body } = await t.http().get(`/products?${query}`).expect(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
      expect(body.message).toMatch(new RegExp(`^${field}\\b`));
      expect(body.details).toEqual([expect.objectContaining({ field })]);
    });

    it('should answer 400 on the admin list too', async () => {
      const { body } = await t.http().get('/admin/products?pageSize=101').set(admin.auth).expect(400);
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'pageSize must not be greater than 100' });
    });
  });

  describe('GET /products/:id', () => {
    it('should return an active product', async () => {
      const product = await createProduct(t, { name: 'Readable', unitAmount: 4200 });
      const { body } = await t.http().get(`/products/${product.id}`).expect(200);
      expect(body).toEqual({
        id: product.id,
        sku: product.sku,
        name: 'Readable',
        description: null,
        unitAmount: 4200,
        currency: 'usd',
        active: true,
      });
    });

    it('should answer 404 PRODUCT_NOT_FOUND for an inactive product', async () => {
      const product = await createProduct(t, { active: false });
      const { body } = await t.http().get(`/products/${product.id}`).expect(404);
      expect(body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `Product ${product.id} not found`,
        code: 'PRODUCT_NOT_FOUND',
      });
    });

    it('should answer 404 PRODUCT_NOT_FOUND for an unknown id', async () => {
      const id = randomUUID();
      const { body } = await t.http().get(`/products/${id}`).expect(404);
      expect(body).toMatchObject({ code: 'PRODUCT_NOT_FOUND', message: `Product ${id} not found` });
    });

    it.each(['not-a-uuid', '123', `${randomUUID()}x`])('should answer 400 naming id for %s', async (id) => {
      const { body } = await t.http().get(`/products/${id}`).expect(400);
      expect(body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'id must be a UUID',
        code: 'VALIDATION_FAILED',
      });
    });
  });

  describe('POST /admin/products', () => {
    it('should create a product and store it', async () => {
      const input = validProduct({ name: 'Green mug', unitAmount: 1550 });
      const { body } = await t.http().post('/admin/products').set(admin.auth).send(input).expect(201);
      expect(body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sku: input.sku,
        name: 'Green mug',
        description: 'Stoneware, 350 ml',
        unitAmount: 1550,
        currency: 'usd',
        active: true,
      });
      expect(await productRow(body.id)).toEqual({
        id: body.id,
        sku: input.sku,
        name: 'Green mug',
        description: 'Stoneware, 350 ml',
        unit_amount: 1550,
        active: true,
      });
      await t.http().get(`/products/${body.id}`).expect(200, body);
    });

    it('should trim sku and name and default description to null', async () => {
      const sku = uniqueSku();
      const { body } = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send({ sku: `  ${sku} `, name: '  Plain tee  ', unitAmount: 2500 })
        .expect(201);
      expect(body).toMatchObject({ sku, name: 'Plain tee', description: null, unitAmount: 2500, active: true });
      expect(await productRow(body.id)).toMatchObject({ sku, name: 'Plain tee', description: null });
    });

    it('should create an inactive product when asked', async () => {
      const { body } = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send(validProduct({ active: false }))
        .expect(201);
      expect(body.active).toBe(false);
      expect((await productRow(body.id))?.active).toBe(false);
      await t.http().get(`/products/${body.id}`).expect(404);
    });

    it('should accept the largest chargeable price and the smallest', async () => {
      const high = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send(validProduct({ unitAmount: 99_999_999 }))
        .expect(201);
      expect((await productRow(high.body.id))?.unit_amount).toBe(99_999_999);
      const low = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send(validProduct({ unitAmount: 1 }))
        .expect(201);
      expect((await productRow(low.body.id))?.unit_amount).toBe(1);
    });

    it('should answer 409 SKU_TAKEN for a duplicate sku and keep the first product', async () => {
      const sku = uniqueSku('DUP');
      const first = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send(validProduct({ sku, name: 'First' }))
        .expect(201);
      const before = await countRows(t, 'products');
      const { body } = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send(validProduct({ sku, name: 'Second' }))
        .expect(409);
      expect(body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: `A product with sku ${sku} already exists`,
        code: 'SKU_TAKEN',
      });
      expect(await countRows(t, 'products')).toBe(before);
      expect(await productRowBySku(sku)).toMatchObject({ id: first.body.id, name: 'First' });
    });

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ['unitAmount 0', { unitAmount: 0 }, 'unitAmount', /unitAmount must not be less than 1/],
      ['unitAmount -5', { unitAmount: -5 }, 'unitAmount', /unitAmount must not be less than 1/],
      ['unitAmount 12.5', { unitAmount: 12.5 }, 'unitAmount', /unitAmount must be an integer number of minor units/],
      [
        'unitAmount "1200"',
        { unitAmount: '1200' },
        'unitAmount',
        /unitAmount must be an integer number of minor units/,
      ],
      [
        'unitAmount 100000000',
        { unitAmount: 100_000_000 },
        'unitAmount',
        /unitAmount must not be greater than 99999999/,
      ],
      ['unitAmount null', { unitAmount: null }, 'unitAmount', /unitAmount must be an integer/],
      ['a missing unitAmount', { unitAmount: undefined }, 'unitAmount', /unitAmount must be an integer/],
      ['a missing name', { name: undefined }, 'name', /name should not be empty|name must be a string/],
      ['a blank name', { name: '   ' }, 'name', /name should not be empty/],
      [
        'a name over 200 characters',
        { name: 'n'.repeat(201) },
        'name',
        /name must be shorter than or equal to 200 characters/,
      ],
      ['a sku with spaces', { sku: 'BLUE MUG' }, 'sku', /sku must be 1 to 64 letters, digits/],
      ['a sku over 64 characters', { sku: 'S'.repeat(65) }, 'sku', /sku must be 1 to 64 letters, digits/],
      ['a missing sku', { sku: undefined }, 'sku', /sku must be/],
      ['a description that is not a string', { description: 42 }, 'description', /description must be a string/],
      ['active that is not a boolean', { active: 'yes' }, 'active', /active must be a boolean value/],
      ['an extra currency field', { currency: 'eur' }, 'currency', /currency should not exist/],
      ['an extra id field', { id: randomUUID() }, 'id', /id should not exist/],
    ])('should answer 400 for %s, naming the field and writing nothing', async (_label, overrides, field, message) => {
      const input = validProduct(overrides);
      const before = await countRows(t, 'products');
      const { body } = await t.http().post('/admin/products').set(admin.auth).send(input).expect(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
      expect(body.message).toMatch(message);
      expect(body.message).toContain(field);
      expect(body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countRows(t, 'products')).toBe(before);
      if (typeof input.sku === 'string') expect(await productRowBySku(input.sku.trim())).toBeUndefined();
    });

    it('should name every bad field at once', async () => {
      const before = await countRows(t, 'products');
      const { body } = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send({ sku: 'has space', unitAmount: 0, totalAmount: 5 })
        .expect(400);
      expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'name',
        'sku',
        'totalAmount',
        'unitAmount',
      ]);
      for (const field of ['name', 'sku', 'totalAmount', 'unitAmount']) expect(body.message).toContain(field);
      expect(await countRows(t, 'products')).toBe(before);
    });

    it('should refuse a body that is not a JSON object', async () => {
      const before = await countRows(t, 'products');
      await t.http().post('/admin/products').set(admin.auth).send([validProduct()]).expect(400);
      await t.http().post('/admin/products').set(admin.auth).send({}).expect(400);
      expect(await countRows(t, 'products')).toBe(before);
    });
  });

  describe('PATCH /admin/products/:id', () => {
    it('should update the name and the price', async () => {
      const product = await createProduct(t, { name: 'Old name', unitAmount: 1000 });
      const { body } = await t
        .http()
        .patch(`/admin/products/${product.id}`)
        .set(admin.auth)
        .send({ name: 'New name', unitAmount: 1250 })
        .expect(200);
      expect(body).toEqual({ ...product, name: 'New name', unitAmount: 1250 });
      expect(await productRow(product.id)).toMatchObject({
        sku: product.sku,
        name: 'New name',
        unit_amount: 1250,
        active: true,
      });
      await t.http().get(`/products/${product.id}`).expect(200, body);
    });

    it('should change nothing for an empty body', async () => {
      const product = await createProduct(t, { name: 'Unchanged', unitAmount: 777 });
      const { body } = await t.http().patch(`/admin/products/${product.id}`).set(admin.auth).send({}).expect(200);
      expect(body).toEqual(product);
      expect(await productRow(product.id)).toMatchObject({ name: 'Unchanged', unit_amount: 777, active: true });
    });

    it('should deactivate with {active: false}: hidden from the public, still listed for admins', async () => {
      const product = await createProduct(t, { name: 'Soon gone' });
      expect(await listedIds('/products')).toContain(product.id);

      const { body } = await t
        .http()
        .patch(`/admin/products/${product.id}`)
        .set(admin.auth)
        .send({ active: false })
        .expect(200);
      expect(body).toEqual({ ...product, active: false });
      expect((await productRow(product.id))?.active).toBe(false);

      const hidden = await t.http().get(`/products/${product.id}`).expect(404);
      expect(hidden.body.code).toBe('PRODUCT_NOT_FOUND');
      expect(await listedIds('/products')).not.toContain(product.id);
      expect(await listedIds('/admin/products')).toContain(product.id);
    });

    it('should reactivate with {active: true}', async () => {
      const product = await createProduct(t, { active: false });
      await t.http().patch(`/admin/products/${product.id}`).set(admin.auth).send({ active: true }).expect(200);
      expect((await productRow(product.id))?.active).toBe(true);
      await t.http().get(`/products/${product.id}`).expect(200);
    });

    it('should answer 404 PRODUCT_NOT_FOUND for an unknown product and write nothing', async () => {
      const id = randomUUID();
      const before = await countRows(t, 'products');
      const { body } = await t
        .http()
        .patch(`/admin/products/${id}`)
        .set(admin.auth)
        .send({ name: 'Ghost' })
        .expect(404);
      expect(body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `Product ${id} not found`,
        code: 'PRODUCT_NOT_FOUND',
      });
      expect(await countRows(t, 'products')).toBe(before);
    });

    it('should answer 400 naming id for a malformed id', async () => {
      const { body } = await t.http().patch('/admin/products/nope').set(admin.auth).send({ name: 'X' }).expect(400);
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'id must be a UUID' });
    });

    it('should answer 409 SKU_TAKEN when renaming to a taken sku', async () => {
      const taken = await createProduct(t);
      const product = await createProduct(t);
      const { body } = await t
        .http()
        .patch(`/admin/products/${product.id}`)
        .set(admin.auth)
        .send({ sku: taken.sku })
        .expect(409);
      expect(body).toMatchObject({ code: 'SKU_TAKEN' });
      expect((await productRow(product.id))?.sku).toBe(product.sku);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['unitAmount 0', { unitAmount: 0 }, 'unitAmount'],
      ['unitAmount 12.5', { unitAmount: 12.5 }, 'unitAmount'],
      ['unitAmount "1200"', { unitAmount: '1200' }, 'unitAmount'],
      ['unitAmount 100000000', { unitAmount: 100_000_000 }, 'unitAmount'],
      ['a blank name', { name: '  ' }, 'name'],
      ['a sku with spaces', { sku: 'A B' }, 'sku'],
      ['active "false"', { active: 'false' }, 'active'],
      ['an extra currency field', { currency: 'eur' }, 'currency'],
      ['an extra id field', { id: randomUUID() }, 'id'],
    ])('should answer 400 for %s and change nothing', async (_label, patch, field) => {
      const product = await createProduct(t, { name: 'Stable', unitAmount: 1000 });
      const { body } = await t.http().patch(`/admin/products/${product.id}`).set(admin.auth).send(patch).expect(400);
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(body.message).toContain(field);
      expect(await productRow(product.id)).toMatchObject({
        sku: product.sku,
        name: 'Stable',
        unit_amount: 1000,
        active: true,
      });
    });

    // A partial update makes every field optional, but optional must mean "absent", not "null":
    // these columns are NOT NULL, so a null has to be a 400, not a database error.
    it.each<[string, Record<string, unknown>]>([
      ['name', { name: null }],
      ['unitAmount', { unitAmount: null }],
      ['sku', { sku: null }],
      ['active', { active: null }],
    ])('should answer 400, not 500, for a null %s and change nothing', async (field, patch) => {
      const product = await createProduct(t, { name: 'Stable', unitAmount: 1000 });
      const { body } = await t.http().patch(`/admin/products/${product.id}`).set(admin.auth).send(patch);
      expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(body.message).toContain(field);
      expect(await productRow(product.id)).toMatchObject({
        sku: product.sku,
        name: 'Stable',
        unit_amount: 1000,
        active: true,
      });
    });
  });

  describe('admin routes', () => {
    const routes = (id: string) =>
      [
        ['GET /admin/products', () => t.http().get('/admin/products')],
        ['POST /admin/products', () => t.http().post('/admin/products').send(validProduct())],
        [
          'PATCH /admin/products/:id',
          () => t.http().patch(`/admin/products/${id}`).send({ name: 'Hijacked', active: false }),
        ],
      ] as const;

    it('should answer 403 FORBIDDEN to a customer on every admin route and write nothing', async () => {
      const product = await createProduct(t, { name: 'Guarded' });
      const before = await countRows(t, 'products');
      for (const [route, send] of routes(product.id)) {
        const { body, status } = await send().set(customer.auth);
        expect({ route, status, body }).toEqual({
          route,
          status: 403,
          body: { statusCode: 403, error: 'Forbidden', message: 'This route needs the admin role', code: 'FORBIDDEN' },
        });
      }
      expect(await countRows(t, 'products')).toBe(before);
      expect(await productRow(product.id)).toMatchObject({ name: 'Guarded', active: true });
    });

    it('should answer 401 UNAUTHENTICATED without a token on every admin route and write nothing', async () => {
      const product = await createProduct(t, { name: 'Guarded' });
      const before = await countRows(t, 'products');
      for (const [route, send] of routes(product.id)) {
        const { body, status } = await send();
        expect({ route, status, body }).toEqual({
          route,
          status: 401,
          body: {
            statusCode: 401,
            error: 'Unauthorized',
            message: 'A bearer token is required (Authorization: Bearer <token>)',
            code: 'UNAUTHENTICATED',
          },
        });
      }
      expect(await countRows(t, 'products')).toBe(before);
      expect(await productRow(product.id)).toMatchObject({ name: 'Guarded', active: true });
    });

    it('should answer 401 UNAUTHENTICATED for an invalid token on every admin route', async () => {
      const product = await createProduct(t);
      for (const [route, send] of routes(product.id)) {
        const { body, status } = await send().set('Authorization', `Bearer ${admin.token}x`);
        expect({ route, status, code: body.code, message: body.message }).toEqual({
          route,
          status: 401,
          code: 'UNAUTHENTICATED',
          message: 'The bearer token is invalid',
        });
      }
    });

    it('should check the role before validating the body', async () => {
      const { body } = await t.http().post('/admin/products').set(customer.auth).send({ unitAmount: -1 }).expect(403);
      expect(body.code).toBe('FORBIDDEN');
    });

    it('should keep the public routes open to anonymous callers', async () => {
      const product = await createProduct(t);
      await t.http().get('/products').expect(200);
      await t.http().get(`/products/${product.id}`).expect(200);
    });
  });
});

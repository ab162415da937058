import {
  countRows,
  createAdmin,
  createProduct,
  createUser,
  PASSWORD,
  TestUser,
  uniqueEmail,
} from './support/factories';
import { orderRow, paidOrder, refundRows } from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/** JSON text nested `depth` levels deep, e.g. {"a":{"a":1}}: built as text, since a value this deep cannot be stringified safely. */
const nested = (depth: number, key = 'email') => `{"${key}":${'['.repeat(depth)}1${']'.repeat(depth)}}`;

/**
 * The one input policy in front of every JSON route (src/common/http/json-input-policy.ts and
 * the validation pipe): each case here was a refund or a 500 before it.
 */
describe('Input policy (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createAdmin(t);
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const expectError = (body: Record<string, unknown>, status: number, code: string) =>
    expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String), code });

  describe('a refund is taken only from a validated JSON body', () => {
    let order: Awaited<ReturnType<typeof paidOrder>>;
    beforeAll(async () => {
      order = await paidOrder(t, customer, 1000, 2);
    });
    const refunds = () => t.http().post(`/admin/orders/${order.orderId}/refunds`).set(admin.auth);

    const expectNothingRefunded = async () => {
      expect(await refundRows(t, order.orderId)).toEqual([]);
      expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    };

    it.each([
      ['text/plain', 'amount=1'],
      ['application/x-www-form-urlencoded', 'amount=1'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="amount"\r\n\r\n1\r\n--x--\r\n'],
      ['application/xml', '<refund><amount>1</amount></refund>'],
    ])('should answer 415 to a %s body and refund nothing', async (contentType, body) => {
      const response = await refunds().set('Content-Type', contentType).send(body);
      expect(response.status).toBe(415);
      expectError(response.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(response.body.message).toMatch(/application\/json/);
      await expectNothingRefunded();
    });

    it('should answer 415 to a body sent without a Content-Type and refund nothing', async () => {
      const request = refunds();
      // supertest would add a Content-Type for a string body; unset it on the raw request.
      request.set('Content-Length', '8').unset('Content-Type');
      const response = await request.send(Buffer.from('amount=1'));
      expect(response.status).toBe(415);
      expectError(response.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectNothingRefunded();
    });

    it('should answer 400 to {"amount": null}, never read as a full refund', async () => {
      const response = await refunds().send({ amount: null });
      expect(response.status).toBe(400);
      expectError(response.body, 400, 'VALIDATION_FAILED');
      expect(response.body.message).toMatch(/^amount/);
      await expectNothingRefunded();
    });

    it('should answer 400 to an empty body sent as application/json, never read as {}', async () => {
      const response = await refunds().set('Content-Type', 'application/json').set('Content-Length', '0');
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/JSON body is required/);
      await expectNothingRefunded();
    });

    it.each([['__proto__'], ['constructor'], ['prototype'], ['valueOf'], ['hasOwnProperty'], ['__lookupGetter__']])(
      'should answer 400 to a %s key, which class-transformer would drop silently',
      async (key) => {
        const response = await refunds().set('Content-Type', 'application/json').send(`{"${key}": {"amount": 100}}`);
        expect(response.status).toBe(400);
        expect(response.body.message).toBe(
          `${key}: a field may not be named like a built-in object property (__proto__, constructor, valueOf…)`,
        );
        await expectNothingRefunded();
      },
    );

    it('should answer 400 to a __proto__ query parameter', async () => {
      const response = await t.http().get('/admin/orders?__proto__=1').set(admin.auth);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^query\.__proto__: a field may not be named/);
    });

    it('should answer 400 to no body at all, asking for {}', async () => {
      const response = await refunds();
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/JSON body is required/);
      await expectNothingRefunded();
    });

    it.each([['[]'], ['"full"'], ['null'], ['1']])('should answer 400 to the JSON body %s', async (body) => {
      const response = await refunds().set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_JSON']).toContain(response.body.code);
      await expectNothingRefunded();
    });

    it('should still refund in full for an explicit {}', async () => {
      const other = await paidOrder(t, customer, 700, 1);
      const response = await t
        .http()
        .post(`/admin/orders/${other.orderId}/refunds`)
        .set(admin.auth)
        .send({})
        .expect(202);
      expect(response.body).toMatchObject({
        amount: 700,
        refunds: [expect.objectContaining({ status: 'pending', amount: 700 })],
      });
    });
  });

  describe('nesting is bounded before validation (no stack overflow)', () => {
    it.each([
      ['/auth/login', () => ({})],
      ['/auth/register', () => ({})],
      ['/orders', () => customer.auth],
      ['/admin/products', () => admin.auth],
    ])('should answer 400 to JSON nested 2,000 levels deep on %s', async (path, auth) => {
      const users = await countRows(t, 'users');
      const response = await t.http().post(path).set(auth()).set('Content-Type', 'application/json').send(nested(2000));
      expect(response.status).toBe(400);
      expectError(response.body, 400, 'VALIDATION_FAILED');
      expect(response.body.message).toBe('email: JSON is nested deeper than 32 levels');
      expect(await countRows(t, 'users')).toBe(users);
    });

    it('should take a body nested as deep as the limit to the validators (a plain 400 naming the field)', async () => {
      const response = await t.http().post('/auth/login').set('Content-Type', 'application/json').send(nested(31));
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/email must be a string/);
    });
  });

  describe('text PostgreSQL or the validators cannot take is a 400 naming the field', () => {
    it('should refuse a NUL in the login email', async () => {
      const response = await t.http().post('/auth/login').send({ email: 'a\u0000@example.test', password: PASSWORD });
      expect(response.status).toBe(400);
      expectError(response.body, 400, 'VALIDATION_FAILED');
      expect(response.body.message).toBe('email: must not contain a NUL character (\\u0000)');
    });

    it('should refuse a lone surrogate in the register email and create no user', async () => {
      const users = await countRows(t, 'users');
      const response = await t
        .http()
        .post('/auth/register')
        .send({ email: `\udfff${uniqueEmail()}`, password: PASSWORD });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('email: contains an unpaired UTF-16 surrogate (not valid Unicode text)');
      expect(await countRows(t, 'users')).toBe(users);
    });

    it("should check an email's length as it will be stored: one that grows when lowercased is a 400, not a 500", async () => {
      const users = await countRows(t, 'users');
      const grows = `${'İ'.repeat(32)}@${Array(4).fill('İ'.repeat(30)).join('.')}.com`;
      expect(grows.length).toBeLessThanOrEqual(254);
      expect(grows.toLowerCase().length).toBeGreaterThan(254);
      const response = await t.http().post('/auth/register').send({ email: grows, password: PASSWORD });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^email/);
      expect(await countRows(t, 'users')).toBe(users);
    });

    it('should refuse a NUL in a product name, in a nested item and in a key, writing nothing', async () => {
      const products = await countRows(t, 'products');
      const orders = await countRows(t, 'orders');
      const created = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send({ sku: 'NUL-1', name: 'Mug\u0000', unitAmount: 100 });
      expect(created.status).toBe(400);
      expect(created.body.message).toBe('name: must not contain a NUL character (\\u0000)');
      const product = await createProduct(t);
      const renamed = await t
        .http()
        .patch(`/admin/products/${product.id}`)
        .set(admin.auth)
        .send({ description: '\ud800x' });
      expect(renamed.status).toBe(400);
      expect(renamed.body.message).toMatch(/^description: contains an unpaired/);
      const order = await t
        .http()
        .post('/orders')
        .set(customer.auth)
        .send({ items: [{ productId: product.id, 'quan\u0000tity': 1 }] });
      expect(order.status).toBe(400);
      expect(order.body.message).toBe('items.0.quan\ufffdtity: must not contain a NUL character (\\u0000)');
      expect(await countRows(t, 'products')).toBe(products + 1);
      expect(await countRows(t, 'orders')).toBe(orders);
    });

    it('should refuse a NUL in a query string', async () => {
      const response = await t.http().get('/admin/orders?status=%00').set(admin.auth);
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('query.status: must not contain a NUL character (\\u0000)');
    });
  });

  describe('null for an optional field is a wrong type, not "absent"', () => {
    it('should refuse description: null on a new product', async () => {
      const response = await t
        .http()
        .post('/admin/products')
        .set(admin.auth)
        .send({ sku: 'NULL-DESC', name: 'Mug', unitAmount: 100, description: null });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^description/);
    });

    it('should refuse reason: null on a refund', async () => {
      const order = await paidOrder(t, customer, 300, 1);
      const response = await t
        .http()
        .post(`/admin/orders/${order.orderId}/refunds`)
        .set(admin.auth)
        .send({ reason: null });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^reason/);
      expect(await refundRows(t, order.orderId)).toEqual([]);
    });
  });

  it('should still take a plain JSON body with a charset, and a bodiless POST', async () => {
    const email = uniqueEmail();
    await t
      .http()
      .post('/auth/register')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ email, password: PASSWORD }))
      .expect(201);
    const product = await createProduct(t);
    const order = await t
      .http()
      .post('/orders')
      .set(customer.auth)
      .send({ items: [{ productId: product.id, quantity: 1 }] })
      .expect(201);
    await t.http().post(`/orders/${order.body.id}/cancel`).set(customer.auth).expect(200);
  });
});

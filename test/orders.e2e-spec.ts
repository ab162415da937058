import { randomUUID } from 'node:crypto';
import { CatalogService } from '../src/catalog/catalog.service';
import { countRows, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Orders (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const ordersOf = async (user: TestUser) =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [user.id]))[0].n as number;

  describe('POST /orders', () => {
    it('should snapshot names and prices from the catalog and compute the total', async () => {
      const mug = await createProduct(t, { name: 'Mug', unitAmount: 1299 });
      const tee = await createProduct(t, { name: 'Tee', unitAmount: 2500 });
      const { body } = await t
        .http()
        .post('/orders')
        .set(customer.auth)
        .send({
          items: [
            { productId: mug.id, quantity: 3 },
            { productId: tee.id, quantity: 1 },
          ],
        })
        .expect(201);
      expect(body).toEqual({
        id: expect.any(String),
        status: 'pending',
        currency: 'usd',
        totalAmount: 3 * 1299 + 2500,
        amountPaid: 0,
        amountDue: 3 * 1299 + 2500,
        amountRefunded: 0,
        items: [
          { productId: mug.id, name: 'Mug', unitAmount: 1299, quantity: 3, lineTotal: 3897 },
          { productId: tee.id, name: 'Tee', unitAmount: 2500, quantity: 1, lineTotal: 2500 },
        ],
        createdAt: expect.any(String),
        paidAt: null,
        canceledAt: null,
      });
      const [row] = await t.dataSource.query(
        'SELECT user_id, status, total_amount, currency FROM orders WHERE id = $1',
        [body.id],
      );
      expect(row).toEqual({ user_id: customer.id, status: 'pending', total_amount: 6397, currency: 'usd' });
      expect(
        await t.dataSource.query('SELECT count(*)::int AS n FROM order_items WHERE order_id = $1', [body.id]),
      ).toEqual([{ n: 2 }]);
    });

    it('should keep the snapshot when the catalog changes later', async () => {
      const product = await createProduct(t, { name: 'Old name', unitAmount: 700 });
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 2 }]);
      await t.app.get(CatalogService).update(product.id, { name: 'New name', unitAmount: 9900 });
      const { body } = await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
      expect(body.totalAmount).toBe(1400);
      expect(body.items[0]).toMatchObject({ name: 'Old name', unitAmount: 700, lineTotal: 1400 });
    });

    describe('bad input: 4xx naming the field, nothing written', () => {
      let productId: string;
      beforeAll(async () => {
        productId = (await createProduct(t)).id;
      });

      const refuses = async (body: unknown, status: number, field: RegExp, code = 'VALIDATION_FAILED') => {
        const before = await countRows(t, 'orders');
        const response = await t
          .http()
          .post('/orders')
          .set(customer.auth)
          .send(body as object);
        expect(response.status).toBe(status);
        expect(response.body).toMatchObject({ statusCode: status, code });
        expect(response.body.message).toMatch(field);
        expect(await countRows(t, 'orders')).toBe(before);
      };

      it.each(['amount', 'totalAmount', 'unitAmount', 'status', 'userId', 'currency'])(
        'should refuse a top-level `%s`',
        async (field) => {
          await refuses(
            { items: [{ productId, quantity: 1 }], [field]: field === 'status' ? 'paid' : 1 },
            400,
            new RegExp(`^${field} should not exist`),
          );
        },
      );

      it.each(['amount', 'unitAmount', 'lineTotal', 'name', 'price'])(
        'should refuse `%s` inside an item',
        async (field) => {
          await refuses(
            { items: [{ productId, quantity: 1, [field]: 1 }] },
            400,
            new RegExp(`items\\.0\\.${field} should not exist`),
          );
        },
      );

      it.each([
        ['0', 0],
        ['negative', -1],
        ['fractional', 1.5],
        ['a string', '2'],
        ['above 999', 1000],
        ['null', null],
      ])('should refuse a quantity that is %s', async (_case, quantity) => {
        await refuses({ items: [{ productId, quantity }] }, 400, /items\.0\.quantity/);
      });

      it('should refuse a missing quantity', async () => {
        await refuses({ items: [{ productId }] }, 400, /items\.0\.quantity/);
      });

      it('should refuse an empty item list, a missing one and more than 100 items', async () => {
        await refuses({ items: [] }, 400, /items must contain at least one item/);
        await refuses({}, 400, /items/);
        await refuses({ items: 'all' }, 400, /items/);
        const many = Array.from({ length: 101 }, () => ({ productId: randomUUID(), quantity: 1 }));
        await refuses({ items: many }, 400, /items must contain at most 100 items/);
      });

      it('should refuse the same product twice', async () => {
        await refuses(
          {
            items: [
              { productId, quantity: 1 },
              { productId, quantity: 2 },
            ],
          },
          400,
          /items must not list the same productId twice/,
        );
      });

      it('should refuse a malformed product id', async () => {
        await refuses({ items: [{ productId: 'abc', quantity: 1 }] }, 400, /items\.0\.productId must be a UUID/);
      });

      it('should refuse an unknown product with 422 PRODUCT_NOT_FOUND', async () => {
        const unknown = randomUUID();
        await refuses(
          {
            items: [
              { productId, quantity: 1 },
              { productId: unknown, quantity: 1 },
            ],
          },
          422,
          new RegExp(`items\\.1\\.productId: product ${unknown} does not exist`),
          'PRODUCT_NOT_FOUND',
        );
      });

      it('should refuse an inactive product with 422 PRODUCT_UNAVAILABLE', async () => {
        const retired = await createProduct(t, { active: false });
        await refuses(
          { items: [{ productId: retired.id, quantity: 1 }] },
          422,
          /items\.0\.productId.*no longer sold/,
          'PRODUCT_UNAVAILABLE',
        );
      });

      it('should refuse a total above what one payment can take with 422 ORDER_TOTAL_OUT_OF_RANGE', async () => {
        const pricey = await createProduct(t, { unitAmount: 99_999_999 });
        await refuses(
          { items: [{ productId: pricey.id, quantity: 2 }] },
          422,
          /above the largest amount/,
          'ORDER_TOTAL_OUT_OF_RANGE',
        );
      });

      it('should refuse malformed JSON', async () => {
        const before = await countRows(t, 'orders');
        const { body } = await t
          .http()
          .post('/orders')
          .set(customer.auth)
          .set('Content-Type', 'application/json')
          .send('{"items": [')
          .expect(400);
        expect(body.code).toBe('MALFORMED_JSON');
        expect(await countRows(t, 'orders')).toBe(before);
      });

      it('should refuse an oversized body with 413', async () => {
        const before = await countRows(t, 'orders');
        const items = Array.from({ length: 2000 }, () => ({ productId, quantity: 1, padding: 'x'.repeat(20) }));
        const { body } = await t.http().post('/orders').set(customer.auth).send({ items }).expect(413);
        expect(body.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await countRows(t, 'orders')).toBe(before);
      });

      it('should refuse an anonymous caller with 401', async () => {
        const before = await countRows(t, 'orders');
        await t
          .http()
          .post('/orders')
          .send({ items: [{ productId, quantity: 1 }] })
          .expect(401);
        expect(await countRows(t, 'orders')).toBe(before);
      });
    });
  });

  describe('GET /orders', () => {
    it("should list only the caller's orders, newest first, paginated", async () => {
      const buyer = await createUser(t);
      const other = await createUser(t);
      const product = await createProduct(t, { unitAmount: 100 });
      const first = await createOrder(t, buyer, [{ productId: product.id, quantity: 1 }]);
      const second = await createOrder(t, buyer, [{ productId: product.id, quantity: 2 }]);
      await createOrder(t, other, [{ productId: product.id, quantity: 3 }]);

      const { body } = await t.http().get('/orders').set(buyer.auth).expect(200);
      expect(body.meta).toEqual({ page: 1, pageSize: 20, total: 2 });
      expect(body.data.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
      expect(body.data[0].items).toHaveLength(1);

      const page2 = await t.http().get('/orders?page=2&pageSize=1').set(buyer.auth).expect(200);
      expect(page2.body).toMatchObject({ meta: { page: 2, pageSize: 1, total: 2 } });
      expect(page2.body.data.map((o: { id: string }) => o.id)).toEqual([first.id]);
    });

    it('should refuse bad pagination', async () => {
      for (const query of ['pageSize=0', 'pageSize=101', 'page=0', 'page=x', 'page=1e300', 'sort=id']) {
        const { body } = await t.http().get(`/orders?${query}`).set(customer.auth).expect(400);
        expect(body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('GET /orders/:id', () => {
    it('should read back the order with the right total', async () => {
      const product = await createProduct(t, { unitAmount: 333 });
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 3 }]);
      const { body } = await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
      expect(body).toMatchObject({ id: order.id, status: 'pending', totalAmount: 999 });
    });

    it('should answer 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = await t.http().get(`/orders/${randomUUID()}`).set(customer.auth).expect(404);
      expect(unknown.body.code).toBe('ORDER_NOT_FOUND');
      const malformed = await t.http().get('/orders/not-a-uuid').set(customer.auth).expect(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'id must be a UUID' });
    });
  });

  describe('POST /orders/:id/cancel', () => {
    it('should cancel a pending order and write one audit row', async () => {
      const product = await createProduct(t);
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      const { body } = await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(200);
      expect(body).toMatchObject({ id: order.id, status: 'canceled', canceledAt: expect.any(String) });
      const events = await t.dataSource.query(
        'SELECT from_status, to_status, cause FROM order_events WHERE order_id = $1',
        [order.id],
      );
      expect(events).toEqual([{ from_status: 'pending', to_status: 'canceled', cause: `user:${customer.id}` }]);
    });

    it('should refuse to cancel twice with 409 ORDER_NOT_CANCELABLE and write nothing more', async () => {
      const product = await createProduct(t);
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(200);
      const { body } = await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(409);
      expect(body).toMatchObject({ code: 'ORDER_NOT_CANCELABLE' });
      expect(body.message).toMatch(/is canceled/);
      expect(
        await t.dataSource.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [order.id]),
      ).toEqual([{ n: 1 }]);
    });

    it('should cancel exactly once under concurrent requests', async () => {
      const product = await createProduct(t);
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => t.http().post(`/orders/${order.id}/cancel`).set(customer.auth)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
      expect(
        await t.dataSource.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [order.id]),
      ).toEqual([{ n: 1 }]);
    });
  });

  describe("another user's order", () => {
    it('should answer 404 on every order route, exactly as for a missing order, and change nothing', async () => {
      const owner = await createUser(t);
      const intruder = await createUser(t);
      const product = await createProduct(t);
      const order = await createOrder(t, owner, [{ productId: product.id, quantity: 1 }]);
      const missing = await t.http().get(`/orders/${randomUUID()}`).set(intruder.auth).expect(404);

      const read = await t.http().get(`/orders/${order.id}`).set(intruder.auth).expect(404);
      const cancel = await t.http().post(`/orders/${order.id}/cancel`).set(intruder.auth).expect(404);
      for (const response of [read, cancel]) {
        expect(response.body).toEqual({ ...missing.body, message: `Order ${order.id} not found` });
      }
      const list = await t.http().get('/orders').set(intruder.auth).expect(200);
      expect(list.body.data).toEqual([]);
      const [row] = await t.dataSource.query('SELECT status FROM orders WHERE id = $1', [order.id]);
      expect(row.status).toBe('pending');
      expect(await ordersOf(owner)).toBe(1);
    });
  });
});

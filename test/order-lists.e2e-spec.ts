import { OrdersService } from '../src/orders/orders.service';
import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

type Listed = { id: string; status: string; items: { name: string }[]; flags: { kind: string }[] };
const ids = (body: { data: { id: string }[] }) => body.data.map((order) => order.id);

/**
 * The customer's and the admin's order lists at their edges: page boundaries, ties in creation
 * time, each filter's inclusive or exclusive bound, and orders of several lines on a page of one.
 * Creation times are set in the database (in 2001, where no other order of this file lives), so
 * every expected list is exact.
 */
describe('Order lists (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  /** An order of two lines (so pages are counted in orders, not rows) created at `createdAt`. */
  const orderAt = async (user: TestUser, createdAt: string, status = 'pending') => {
    const first = await createProduct(t, { name: 'First line', unitAmount: 500 });
    const second = await createProduct(t, { name: 'Second line', unitAmount: 700 });
    const order = await createOrder(t, user, [
      { productId: first.id, quantity: 1 },
      { productId: second.id, quantity: 2 },
    ]);
    await t.dataSource.query('UPDATE orders SET created_at = $2, status = $3 WHERE id = $1', [
      order.id,
      createdAt,
      status,
    ]);
    return order.id;
  };

  describe('GET /orders', () => {
    it('should page newest first, break ties in creation time by id, and answer an empty page past the end', async () => {
      const buyer = await createUser(t);
      const oldest = await orderAt(buyer, '2001-01-01T00:00:00Z');
      const middle = await orderAt(buyer, '2001-01-02T00:00:00Z');
      const tieA = await orderAt(buyer, '2001-01-03T00:00:00Z');
      const tieB = await orderAt(buyer, '2001-01-03T00:00:00Z');
      await orderAt(customer, '2001-01-04T00:00:00Z');
      const [newerTie, olderTie] = [tieA, tieB].sort().reverse();

      const all = await t.http().get('/orders?pageSize=100').set(buyer.auth).expect(200);
      expect(ids(all.body)).toEqual([newerTie, olderTie, middle, oldest]);
      expect(all.body.meta).toEqual({ page: 1, pageSize: 100, total: 4 });

      const first = await t.http().get('/orders?page=1&pageSize=3').set(buyer.auth).expect(200);
      expect(ids(first.body)).toEqual([newerTie, olderTie, middle]);
      const last = await t.http().get('/orders?page=2&pageSize=3').set(buyer.auth).expect(200);
      expect(ids(last.body)).toEqual([oldest]);
      expect(last.body.data[0].items.map((item: { name: string }) => item.name)).toEqual(['First line', 'Second line']);
      expect(last.body.meta).toEqual({ page: 2, pageSize: 3, total: 4 });
      const past = await t.http().get('/orders?page=3&pageSize=3').set(buyer.auth).expect(200);
      expect(past.body).toEqual({ data: [], meta: { page: 3, pageSize: 3, total: 4 } });
    });

    it('should answer an empty first page to a customer without orders', async () => {
      const newcomer = await createUser(t);
      const { body } = await t.http().get('/orders').set(newcomer.auth).expect(200);
      expect(body).toEqual({ data: [], meta: { page: 1, pageSize: 20, total: 0 } });
    });
  });

  describe('GET /admin/orders', () => {
    let pendingOld: string;
    let paid: string;
    let canceled: string;
    let refunded: string;
    let pendingNew: string;
    const window = 'from=2001-06-01T00:00:00Z&to=2001-07-01T00:00:00Z';
    const list = async (query: string) => {
      const { body } = await t.http().get(`/admin/orders?${window}&${query}`).set(admin.auth).expect(200);
      return body as { data: Listed[]; meta: { page: number; pageSize: number; total: number } };
    };

    beforeAll(async () => {
      const other = await createUser(t);
      await orderAt(customer, '2001-05-31T23:59:59.999Z');
      pendingOld = await orderAt(customer, '2001-06-01T00:00:00Z');
      paid = await orderAt(other, '2001-06-10T00:00:00Z', 'paid');
      canceled = await orderAt(customer, '2001-06-15T00:00:00Z', 'canceled');
      refunded = await orderAt(other, '2001-06-20T00:00:00Z', 'refunded');
      pendingNew = await orderAt(customer, '2001-06-30T23:59:59.999Z');
      await orderAt(other, '2001-07-01T00:00:00Z');
      const service = t.app.get(OrdersService);
      await service.flag(t.dataSource.manager, paid, 'dispute', 'du_lists_1', { amount: 1900 });
      await service.flag(t.dataSource.manager, paid, 'late_payment', 'pi_lists_1', { amount: 1900 });
      await service.flag(t.dataSource.manager, canceled, 'amount_mismatch', 'cs_lists_1', { expected: 1900 });
    });

    it('should include `from` and exclude `to`, to the millisecond', async () => {
      const body = await list('pageSize=100');
      expect(ids(body)).toEqual([pendingNew, refunded, canceled, paid, pendingOld]);
      expect(body.meta).toEqual({ page: 1, pageSize: 100, total: 5 });
    });

    it.each([
      ['pending', () => [pendingNew, pendingOld]],
      ['paid', () => [paid]],
      ['canceled', () => [canceled]],
      ['refunded', () => [refunded]],
    ])('should filter by status=%s', async (status, expected) => {
      const body = await list(`status=${status}&pageSize=100`);
      expect(ids(body)).toEqual(expected());
      expect(body.meta.total).toBe(expected().length);
    });

    it('should filter by flag either way, each order once with its flags oldest first', async () => {
      const flagged = await list('flagged=true');
      expect(ids(flagged)).toEqual([canceled, paid]);
      expect(flagged.data[1].flags.map((flag) => flag.kind)).toEqual(['dispute', 'late_payment']);
      expect(flagged.data[0].flags).toEqual([
        {
          kind: 'amount_mismatch',
          reference: 'cs_lists_1',
          details: { expected: 1900 },
          createdAt: expect.any(String),
        },
      ]);
      const unflagged = await list('flagged=false');
      expect(ids(unflagged)).toEqual([pendingNew, refunded, pendingOld]);
      expect(unflagged.data.every((order) => order.flags.length === 0)).toBe(true);
    });

    it('should combine filters', async () => {
      expect(ids(await list('status=paid&flagged=true'))).toEqual([paid]);
      expect(ids(await list('status=paid&flagged=false'))).toEqual([]);
      expect(ids(await list('status=pending&flagged=false'))).toEqual([pendingNew, pendingOld]);
    });

    it('should page by orders, not by their lines, with the total of the filter', async () => {
      const second = await list('page=2&pageSize=2');
      expect(ids(second)).toEqual([canceled, paid]);
      expect(second.meta).toEqual({ page: 2, pageSize: 2, total: 5 });
      expect(second.data.map((order) => order.items.length)).toEqual([2, 2]);
      const last = await list('page=3&pageSize=2');
      expect(ids(last)).toEqual([pendingOld]);
      const past = await list('page=4&pageSize=2');
      expect(past).toEqual({ data: [], meta: { page: 4, pageSize: 2, total: 5 } });
    });

    it("should show an order's flags in its detail too, and answer 404 naming an unknown order", async () => {
      const { body } = await t.http().get(`/admin/orders/${paid}`).set(admin.auth).expect(200);
      expect(body.flags).toEqual([
        { kind: 'dispute', reference: 'du_lists_1', details: { amount: 1900 }, createdAt: expect.any(String) },
        { kind: 'late_payment', reference: 'pi_lists_1', details: { amount: 1900 }, createdAt: expect.any(String) },
      ]);
      const unknown = '00000000-0000-4000-8000-000000000000';
      const missing = await t.http().get(`/admin/orders/${unknown}`).set(admin.auth).expect(404);
      expect(missing.body).toMatchObject({ code: 'ORDER_NOT_FOUND', message: `Order ${unknown} not found` });
    });

    it('should show who placed each order', async () => {
      const body = await list('status=canceled');
      expect(body.data).toEqual([
        expect.objectContaining({ id: canceled, userId: customer.id, userEmail: customer.email, status: 'canceled' }),
      ]);
    });
  });
});

import { ErrorCode } from '../src/common/errors/domain-error';
import { ORDER_STATUSES, OrderStatus } from '../src/orders/order-status';
import { OrdersService } from '../src/orders/orders.service';
import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { auditTrail, paidOrder, waitForOrderStatus } from './support/payments';
import { orderState } from './support/stripe-requests';
import { createTestApp, TestApp } from './support/test-app';

/** The order state machine, written out by hand so a change to the table has to change this too. */
const ALLOWED: ReadonlyArray<[OrderStatus, OrderStatus]> = [
  ['pending', 'partially_paid'],
  ['pending', 'paid'],
  ['pending', 'canceled'],
  ['partially_paid', 'partially_paid'],
  ['partially_paid', 'paid'],
  ['partially_paid', 'canceled'],
  ['partially_paid', 'refunded'],
  ['paid', 'paid'],
  ['paid', 'refunded'],
  ['canceled', 'canceled'],
  ['refunded', 'refunded'],
  ['refunded', 'paid'],
  ['refunded', 'partially_paid'],
];
const PAIRS = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]));
const isAllowed = ([from, to]: [OrderStatus, OrderStatus]) => ALLOWED.some(([f, s]) => f === from && s === to);
const REFUSED = PAIRS.filter((pair) => !isAllowed(pair));

/**
 * OrdersService.transition on PostgreSQL (the guarded UPDATE and its audit row), for every pair of
 * statuses; then the transitions people reach over HTTP, with the trail the admin reads back.
 */
describe('Order transitions (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;
  let orders: OrdersService;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
    orders = t.app.get(OrdersService);
  });
  afterAll(() => t.close());

  /** A new order put straight into `status`, as earlier transitions would have left it. */
  const orderIn = async (status: OrderStatus) => {
    const product = await createProduct(t, { unitAmount: 800 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    await t.dataSource.query('UPDATE orders SET status = $2 WHERE id = $1', [order.id, status]);
    return order.id;
  };
  const transition = (orderId: string, from: OrderStatus, to: OrderStatus, changes = {}) =>
    t.dataSource.transaction((manager) => orders.transition(manager, orderId, from, to, 'test:transition', changes));

  it('should cover all 25 pairs: 13 allowed, 12 refused', () => {
    expect(PAIRS).toHaveLength(25);
    expect(REFUSED).toHaveLength(12);
  });

  describe.each(ALLOWED)('%s -> %s (allowed)', (from, to) => {
    it('should move the order and write exactly one audit row with the cause', async () => {
      const orderId = await orderIn(from);
      const at = new Date('2026-03-04T05:06:07.000Z');

      expect(await transition(orderId, from, to, { paidAt: at })).toBe(true);

      const after = await orderState(t, orderId);
      expect(after.order).toMatchObject({ status: to, paid_at: at });
      expect(await auditTrail(t, orderId)).toEqual([{ from_status: from, to_status: to, cause: 'test:transition' }]);
    });

    it('should change nothing and answer false when the order is no longer in the from status', async () => {
      const elsewhere = ORDER_STATUSES.find((status) => status !== from)!;
      const orderId = await orderIn(elsewhere);
      const before = await orderState(t, orderId);

      expect(await transition(orderId, from, to, { paidAt: new Date() })).toBe(false);

      expect(await orderState(t, orderId)).toEqual(before);
      expect(before.events).toEqual([]);
    });
  });

  describe.each(REFUSED)('%s -> %s (refused)', (from, to) => {
    it('should throw INVALID_TRANSITION (409) before writing anything, even with the order in that status', async () => {
      const orderId = await orderIn(from);
      const before = await orderState(t, orderId);

      await expect(transition(orderId, from, to, { canceledAt: new Date() })).rejects.toMatchObject({
        code: ErrorCode.INVALID_TRANSITION,
        status: 409,
        message: `An order cannot go from ${from} to ${to}`,
      });

      expect(await orderState(t, orderId)).toEqual(before);
      expect(before.events).toEqual([]);
    });
  });

  describe('over HTTP', () => {
    it('should record pending -> paid (the webhook) and paid -> refunded (a full refund) in the trail', async () => {
      const order = await paidOrder(t, customer, 1200, 1);
      await t.http().post(`/admin/orders/${order.orderId}/refunds`).set(admin.auth).send({}).expect(202);
      await waitForOrderStatus(t, order.orderId, 'refunded');
      await t.stripe.waitForDeliveries();

      const { body } = await t.http().get(`/admin/orders/${order.orderId}`).set(admin.auth).expect(200);
      expect(body).toMatchObject({ status: 'refunded', amountRefunded: 1200, paidAt: expect.any(String) });
      expect(body.auditTrail).toEqual([
        {
          fromStatus: 'pending',
          toStatus: 'paid',
          cause: expect.stringMatching(/^stripe_event:evt_/),
          amountPaid: 1200,
          amountRefunded: 0,
          at: expect.any(String),
        },
        {
          fromStatus: 'paid',
          toStatus: 'refunded',
          cause: expect.stringMatching(/^stripe_event:evt_/),
          amountPaid: 1200,
          amountRefunded: 1200,
          at: expect.any(String),
        },
      ]);
      expect((await auditTrail(t, order.orderId)).map((row) => [row.from_status, row.to_status])).toEqual([
        ['pending', 'paid'],
        ['paid', 'refunded'],
      ]);
    });

    it('should record an admin cancel with the admin as cause', async () => {
      const product = await createProduct(t);
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);

      const { body } = await t.http().post(`/admin/orders/${order.id}/cancel`).set(admin.auth).expect(200);

      expect(body).toMatchObject({ id: order.id, status: 'canceled', canceledAt: expect.any(String) });
      expect(await auditTrail(t, order.id)).toEqual([
        { from_status: 'pending', to_status: 'canceled', cause: `admin:${admin.id}` },
      ]);
    });

    it.each(['paid', 'refunded', 'canceled'] as const)(
      'should refuse to cancel a %s order with 409 ORDER_NOT_CANCELABLE and write nothing',
      async (status) => {
        const orderId = await orderIn(status);
        const before = await orderState(t, orderId);

        const { body } = await t.http().post(`/orders/${orderId}/cancel`).set(customer.auth).expect(409);

        expect(body).toMatchObject({
          code: 'ORDER_NOT_CANCELABLE',
          message: `Order ${orderId} is ${status}; only orders not yet paid in full can be canceled`,
        });
        expect(await orderState(t, orderId)).toEqual(before);
      },
    );
  });
});

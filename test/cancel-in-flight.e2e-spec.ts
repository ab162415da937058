import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { startCheckout, stripeClient, waitFor } from './support/payments';
import { insertAttempt, orderState } from './support/stripe-requests';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Cancelling an order while a payment attempt is in flight: the order must stay payable-or-paid
 * exactly as it was, whoever asks (the customer, or an admin).
 */
describe('Cancelling an order with a payment in flight (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const cancelRoutes = [
    { who: 'the customer', path: (id: string) => `/orders/${id}/cancel`, user: () => customer },
    { who: 'an admin', path: (id: string) => `/admin/orders/${id}/cancel`, user: () => admin },
  ];

  describe.each(cancelRoutes)('asked by $who', ({ path, user }) => {
    it('should answer 409 PAYMENT_IN_PROGRESS while the checkout is being opened (creating), changing nothing', async () => {
      const product = await createProduct(t, { unitAmount: 1500 });
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      // A /pay that has claimed the attempt and is calling Stripe right now.
      const attemptId = await insertAttempt(t, order, 'creating');
      const before = await orderState(t, order.id);

      const { body } = await t.http().post(path(order.id)).set(user().auth).expect(409);

      expect(body).toMatchObject({ statusCode: 409, code: 'PAYMENT_IN_PROGRESS' });
      expect(body.message).toBe(`A checkout for order ${order.id} is being opened; try again`);
      expect(await orderState(t, order.id)).toEqual(before);
      expect(before.order).toMatchObject({ status: 'pending', canceled_at: null });
      expect(before.payments).toEqual([expect.objectContaining({ id: attemptId, status: 'creating' })]);
      expect(before.events).toEqual([]);
    });

    it('should answer 409 ORDER_NOT_CANCELABLE while a bank debit is processing, changing nothing', async () => {
      const checkout = await startCheckout(t, customer, 2000, 1);
      // "Pay later": Stripe completes the session unpaid and the debit settles days later.
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      await waitFor(
        async () =>
          (await t.dataSource.query('SELECT status FROM payments WHERE id = $1', [checkout.paymentId]))[0].status ===
          'processing',
        { what: `payment ${checkout.paymentId} to be processing`, timeoutMs: 5000 },
      );
      await t.stripe.waitForDeliveries();
      const before = await orderState(t, checkout.orderId);

      const { body } = await t.http().post(path(checkout.orderId)).set(user().auth).expect(409);

      expect(body).toMatchObject({ statusCode: 409, code: 'ORDER_NOT_CANCELABLE' });
      expect(body.message).toBe(
        `Order ${checkout.orderId} has a payment being processed (e.g. a bank debit); it cannot be canceled until that ends`,
      );
      expect(await orderState(t, checkout.orderId)).toEqual(before);
      expect(before.order).toMatchObject({ status: 'pending', canceled_at: null });
      expect(before.payments).toEqual([expect.objectContaining({ id: checkout.paymentId, status: 'processing' })]);
      expect(before.events).toEqual([]);
      // Nothing was asked of Stripe: the session stays complete, its debit still pending.
      const session = await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId);
      expect(session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    });
  });

  it('should still cancel once the attempt in flight has failed, with one audit row', async () => {
    const product = await createProduct(t, { unitAmount: 1500 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    const attemptId = await insertAttempt(t, order, 'creating');
    await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(409);
    await t.dataSource.query(`UPDATE payments SET status = 'failed' WHERE id = $1`, [attemptId]);

    const { body } = await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(200);

    expect(body).toMatchObject({
      id: order.id,
      status: 'canceled',
      canceledAt: expect.any(String),
      items: [{ productId: product.id, name: 'Test product', unitAmount: 1500, quantity: 1, lineTotal: 1500 }],
    });
    const after = await orderState(t, order.id);
    expect(after.order).toMatchObject({ status: 'canceled', canceled_at: expect.any(Date) });
    expect(after.events).toEqual([{ from_status: 'pending', to_status: 'canceled' }]);
    expect(after.payments).toEqual([expect.objectContaining({ id: attemptId, status: 'failed' })]);
  });
});

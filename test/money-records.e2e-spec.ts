import { createUser, TestUser } from './support/factories';
import {
  completedEventFor,
  deliver,
  refundEventFor,
  inboxRows,
  orderStatus,
  paidOrder,
  startCheckout,
  stripeClient,
  stripeEvent,
  waitFor,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

describe('Money records (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const paymentRow = async (paymentId: string) =>
    (
      await t.dataSource.query(
        'SELECT status, amount, received_amount, received_currency, amount_refunded FROM payments WHERE id = $1',
        [paymentId],
      )
    )[0];

  it('should store what Stripe took for a mismatched payment, and record its full refund from the Dashboard', async () => {
    const checkout = await startCheckout(t, customer, 1000, 1);
    const paymentIntentId = `pi_test_mismatch_${Date.now()}`;
    // Stripe took 1500 for an order of 1000 (a session changed behind orderpay's back).
    const completed = await completedEventFor(t, checkout, { amount_total: 1500, payment_intent: paymentIntentId });
    await deliver(t, completed).expect(200);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({
      status: 'failed',
      amount: 1000,
      received_amount: 1500,
      received_currency: 'usd',
    });

    // A person refunds all of it from the Dashboard: 1500, more than orderpay asked.
    const refund = refundEventFor(paymentIntentId, { amount: 1500 });
    await deliver(t, refund).expect(200);
    await deliver(t, refund).expect(200); // every delivery, not only the first
    expect(await inboxRows(t, refund.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ amount_refunded: 1500 });
    const refunds = await t.dataSource.query('SELECT amount, status, reason FROM refunds WHERE payment_id = $1', [
      checkout.paymentId,
    ]);
    expect(refunds).toEqual([{ amount: 1500, status: 'succeeded', reason: 'provider_dashboard' }]);
    // The order was never paid by it: it stays as it was.
    expect(await orderStatus(t, checkout.orderId)).toBe('pending');
  });

  it('should refuse a refund past what Stripe took, as a reason on the inbox row (no 5xx)', async () => {
    const checkout = await startCheckout(t, customer, 1000, 1);
    const paymentIntentId = `pi_test_over_${Date.now()}`;
    await deliver(
      t,
      await completedEventFor(t, checkout, { amount_total: 1200, payment_intent: paymentIntentId }),
    ).expect(200);
    const refund = refundEventFor(paymentIntentId, { amount: 1300 });
    await deliver(t, refund).expect(200);
    const [row] = await inboxRows(t, refund.id);
    expect(row).toMatchObject({ status: 'ignored', last_error: expect.stringMatching(/more than the payment's 1200/) });
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ amount_refunded: 0 });
  });

  it('should settle a charge.refunded without a refund list against the refunds Stripe lists for the payment', async () => {
    const order = await paidOrder(t, customer, 1000, 2);
    // Refunded in the Dashboard; its refund.* events are lost, only charge.refunded arrives, in
    // the shape current API versions send: no `refunds` list on the charge.
    t.stripe.holdEvents();
    const atStripe = await stripeClient(t).refunds.create({ payment_intent: order.paymentIntentId, amount: 2000 });
    await waitFor(async () => (await stripeClient(t).refunds.retrieve(atStripe.id)).status === 'succeeded', {
      what: 'the refund to settle at Stripe',
    });
    const charge = await stripeClient(t).charges.retrieve(
      (await stripeClient(t).paymentIntents.retrieve(order.paymentIntentId)).latest_charge as string,
    );
    const { refunds: _listed, ...withoutList } = charge as unknown as Record<string, unknown>;
    const event = stripeEvent('charge.refunded', { ...withoutList, amount_refunded: 2000, refunded: true });
    await deliver(t, event).expect(200);

    expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
    const refunds = await t.dataSource.query(
      'SELECT provider_refund_id, amount, status FROM refunds WHERE order_id = $1',
      [order.orderId],
    );
    expect(refunds).toEqual([{ provider_refund_id: atStripe.id, amount: 2000, status: 'succeeded' }]);
    expect(await orderStatus(t, order.orderId)).toBe('refunded');

    // The held refund.* events arrive late and change nothing.
    await t.stripe.releaseEvents();
    await t.stripe.waitForDeliveries();
    expect(await paymentRow(order.paymentId)).toMatchObject({ amount_refunded: 2000 });
  });
});

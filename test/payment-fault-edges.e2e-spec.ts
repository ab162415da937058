import { createUser, TestUser } from './support/factories';
import {
  completedEventFor,
  deliver,
  inboxRows,
  refundEventFor,
  startCheckout,
  stripeClient,
  stripeEvent,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/** Edge cases an adversarial review found: each failed before its fix. */
describe('Payment fault edges (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  it('should answer 200 (ignored) to a charge.refunded without a refund list about a payment that is not ours', async () => {
    // Current Stripe API versions never put `refunds` on the charge: every Dashboard refund of a
    // payment made by another integration on the same account looks like this.
    const event = stripeEvent('charge.refunded', {
      id: `ch_test_foreign_${Date.now()}`,
      object: 'charge',
      amount: 500,
      amount_refunded: 500,
      currency: 'usd',
      payment_intent: `pi_test_foreign_charge_${Date.now()}`,
      refunded: true,
    });
    const first = await deliver(t, event);
    const second = await deliver(t, event);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await inboxRows(t, event.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
  });

  it('should record a mismatched payment that lands on an ended attempt, so later events about it are not 5xx forever', async () => {
    const checkout = await startCheckout(t, customer, 1000, 1);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(checkout.sessionId, 'pay');
    // The attempt ended meanwhile (what endMissingSession / a cancel leaves behind).
    await t.dataSource.query("UPDATE payments SET status = 'expired', failure_code = 'session_missing' WHERE id = $1", [
      checkout.paymentId,
    ]);
    const session = await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId);
    const paymentIntentId = session.payment_intent as string;
    // Stripe took another amount than the order's (a session changed behind orderpay's back).
    await deliver(t, await completedEventFor(t, checkout, { amount_total: 1500 })).expect(200);

    // A person refunds it from the Dashboard: the event is about one of our payments.
    const refund = refundEventFor(paymentIntentId, { amount: 1500 });
    const answers = [(await deliver(t, refund)).status, (await deliver(t, refund)).status];
    const [payment] = await t.dataSource.query(
      'SELECT status, provider_payment_intent_id, received_amount FROM payments WHERE id = $1',
      [checkout.paymentId],
    );
    expect({ answers, payment }).toEqual({
      answers: [200, 200],
      // What Stripe took must be on record (its refunds are bounded by it, its events map to it).
      payment: { status: 'expired', provider_payment_intent_id: paymentIntentId, received_amount: 1500 },
    });
  });

  it('should tell a person when the provider refuses a refund orderpay decided on its own (a late payment)', async () => {
    const checkout = await startCheckout(t, customer, 1000, 1);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(checkout.sessionId, 'pay');
    const session = await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId);
    // Support gave 300 back from the Dashboard while orderpay had not heard of the payment yet.
    await stripeClient(t).refunds.create({ payment_intent: session.payment_intent as string, amount: 300 });
    await t.dataSource.query("UPDATE payments SET status = 'canceled' WHERE id = $1", [checkout.paymentId]);
    await t.dataSource.query("UPDATE orders SET status = 'canceled', canceled_at = now() WHERE id = $1", [
      checkout.orderId,
    ]);
    // Only the completion arrives (the Dashboard refund's events are still on their way).
    await deliver(t, await completedEventFor(t, checkout, {})).expect(200);
    const refundOf = async () =>
      t.dataSource.query<{ status: string }[]>(
        "SELECT status FROM refunds WHERE order_id = $1 AND reason = 'late_payment'",
        [checkout.orderId],
      );
    for (let i = 0; i < 100 && (await refundOf())[0]?.status === 'pending'; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));

    // Stripe refused the 1000 (only 700 left): the customer's 700 stays with the shop.
    expect(await refundOf()).toEqual([{ status: 'failed' }]);
    const flags = await t.dataSource.query(
      "SELECT kind FROM order_flags WHERE order_id = $1 AND kind IN ('refund_failed', 'refund_stuck')",
      [checkout.orderId],
    );
    expect(flags.length).toBeGreaterThan(0);
  });
});

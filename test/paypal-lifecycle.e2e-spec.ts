import { createOrder, createProduct, TestUser } from './support/factories';
import { auditTrail, refundRows, stripeClient } from './support/payments';
import {
  approveAndReturn,
  attemptRow,
  capturesAt,
  followReturn,
  inboxOf,
  moneyState,
  openedAttempt,
  orderFlags,
  paymentTrail,
  paypalEvent,
  paypalEventsOf,
  paypalOrderAt,
  payWithPayPal,
  pressApprovalButton,
  refundsAt,
  resetPayPalStandIn,
  setApiFaults,
  startPayPalCheckout,
  startPayPalSuite,
  waitForAttemptStatus,
  waitForEventsOf,
  waitForInbox,
  waitForRefunds,
} from './support/paypal';
import type { TestApp } from './support/test-app';

/**
 * A PayPal checkout orderpay gives up on (another provider chosen, the order canceled, its time
 * up) is closed by never capturing it: PayPal has no void. What the customer approves there
 * afterwards must take no money; money taken anyway in a race is given back.
 */
describe('PayPal checkouts closed, raced and recovered (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => ({ t, customer, admin } = await startPayPalSuite()));
  afterEach(() => resetPayPalStandIn(t));
  afterAll(() => t.close());

  const newOrder = async (unitAmount = 1250, quantity = 2) => {
    const product = await createProduct(t, { unitAmount });
    return createOrder(t, customer, [{ productId: product.id, quantity }]);
  };
  const payWithStripe = (orderId: string) =>
    t.http().post(`/orders/${orderId}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' });
  /** The customer approves a PayPal order orderpay closed, and comes back to the shop. */
  const approveClosedOrder = async (paypalOrderId: string, checkoutUrl: string) => {
    const page = await approveAndReturn(t, checkoutUrl);
    const approved = await paypalEvent(t, paypalOrderId, 'CHECKOUT.ORDER.APPROVED');
    await waitForInbox(t, [approved.id]);
    expect(await inboxOf(t, [approved.id])).toEqual([expect.objectContaining({ status: 'processed' })]);
    // PayPal holds an approval nobody captures: no money moved.
    expect((await paypalOrderAt(t, paypalOrderId)).status).toBe('APPROVED');
    expect(await capturesAt(t, paypalOrderId)).toEqual([]);
    expect(paypalEventsOf(t, paypalOrderId).map((event) => event.event_type)).toEqual(['CHECKOUT.ORDER.APPROVED']);
    return page;
  };

  describe('switching provider on an open order', () => {
    it('should expire the Stripe session at Stripe when PayPal is chosen instead, and take the payment through PayPal', async () => {
      const order = await newOrder();
      const stripe = await payWithStripe(order.id).expect(201);
      const [{ provider_session_id: sessionId }] = await t.dataSource.query(
        'SELECT provider_session_id FROM payments WHERE id = $1',
        [stripe.body.paymentId],
      );

      const paypal = await payWithPayPal(t, customer, order.id).expect(201);
      expect(paypal.body).toMatchObject({ provider: 'paypal', status: 'open', amount: 2500 });
      expect((await stripeClient(t).checkout.sessions.retrieve(sessionId)).status).toBe('expired');
      expect(await attemptRow(t, stripe.body.paymentId)).toMatchObject({ provider: 'stripe', status: 'expired' });
      expect((await paymentTrail(t, stripe.body.paymentId)).at(-1)).toEqual({
        from_status: 'open',
        to_status: 'expired',
        cause: `user:${customer.id}`,
      });
      const attempt = await openedAttempt(t, paypal.body);
      expect(await attemptRow(t, attempt.paymentId)).toMatchObject({ provider: 'paypal', status: 'open' });

      await approveAndReturn(t, attempt.checkoutUrl);
      expect(await moneyState(t, order.id)).toMatchObject({
        order: { status: 'paid', amount_paid: 2500 },
        payments: [
          expect.objectContaining({ id: stripe.body.paymentId, status: 'expired', amount_applied: 0 }),
          expect.objectContaining({ id: attempt.paymentId, status: 'succeeded', amount_applied: 2500 }),
        ],
      });
    });

    it('should give up the PayPal order when Stripe is chosen instead: approving it afterwards captures nothing', async () => {
      const checkout = await startPayPalCheckout(t, customer);
      const stripe = await payWithStripe(checkout.orderId).expect(201);
      expect(stripe.body).toMatchObject({ provider: 'stripe', status: 'open' });
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({ status: 'expired' });
      expect((await paymentTrail(t, checkout.paymentId)).at(-1)).toEqual({
        from_status: 'open',
        to_status: 'expired',
        cause: `user:${customer.id}`,
      });
      // PayPal has no void: its page still takes an approval.
      expect((await paypalOrderAt(t, checkout.paypalOrderId)).status).toBe('PAYER_ACTION_REQUIRED');

      const page = await approveClosedOrder(checkout.paypalOrderId, checkout.checkoutUrl);
      expect(page.text).toContain('data-state="expired"');
      expect(await moneyState(t, checkout.orderId)).toMatchObject({
        order: { status: 'pending', amount_paid: 0 },
        payments: [
          expect.objectContaining({ id: checkout.paymentId, status: 'expired', provider_payment_intent_id: null }),
          expect.objectContaining({ id: stripe.body.paymentId, status: 'open' }),
        ],
        orderEvents: 0,
      });
    });
  });

  it('should never capture the PayPal order of an order the customer canceled', async () => {
    const checkout = await startPayPalCheckout(t, customer);
    const canceled = await t.http().post(`/orders/${checkout.orderId}/cancel`).set(customer.auth).expect(200);
    expect(canceled.body).toMatchObject({ id: checkout.orderId, status: 'canceled' });
    expect(await attemptRow(t, checkout.paymentId)).toMatchObject({ status: 'canceled' });
    expect((await paymentTrail(t, checkout.paymentId)).at(-1)).toEqual({
      from_status: 'open',
      to_status: 'canceled',
      cause: `user:${customer.id}`,
    });

    const page = await approveClosedOrder(checkout.paypalOrderId, checkout.checkoutUrl);
    expect(page.text).toContain('data-state="canceled"');
    expect(page.text).toContain('it will not be charged');
    expect(await moneyState(t, checkout.orderId)).toMatchObject({
      order: { status: 'canceled', amount_paid: 0, amount_refunded: 0 },
      payments: [expect.objectContaining({ status: 'canceled', provider_payment_intent_id: null })],
      refunds: 0,
      flags: 0,
    });
  });

  it('should refund a capture that raced the order’s cancel in full, once, and flag the order late_payment', async () => {
    const checkout = await startPayPalCheckout(t, customer, { unitAmount: 2100, quantity: 1 });
    // The approval's webhook is not what races here: the customer's own return is.
    t.stripe.paypal.holdEvents();
    const approval = await pressApprovalButton(checkout.checkoutUrl, 'approve');
    // PayPal answers slowly: the cancel reads the order (approved, not captured) while the
    // return's capture is on its way, so each sees an attempt the other is about to change.
    await setApiFaults(t, { latencyMs: 700 });
    const returning = followReturn(t, approval).then((response) => response);
    const canceling = t
      .http()
      .post(`/orders/${checkout.orderId}/cancel`)
      .set(customer.auth)
      .then((response) => response);
    const [page, cancel] = await Promise.all([returning, canceling]);
    await setApiFaults(t, { latencyMs: 0 });

    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('canceled');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-state="canceled"');
    expect(page.text).toContain('refunded to you in full');

    const [capture] = await capturesAt(t, checkout.paypalOrderId);
    expect(await paymentTrail(t, checkout.paymentId)).toEqual([
      expect.objectContaining({ to_status: 'creating' }),
      expect.objectContaining({ to_status: 'open' }),
      { from_status: 'open', to_status: 'canceled', cause: `user:${customer.id}` },
      { from_status: 'canceled', to_status: 'succeeded', cause: `customer_return:${checkout.paymentId}` },
    ]);
    await waitForRefunds(t, checkout.orderId, 'succeeded', 1);
    const [refund] = await refundRows(t, checkout.orderId);
    expect(refund).toMatchObject({
      amount: 2100,
      reason: 'late_payment',
      requested_by: 'system:late_payment',
      status: 'succeeded',
      provider_refund_id: expect.stringMatching(/^[A-Z0-9]{17}$/),
    });
    expect(await refundsAt(t, checkout.paypalOrderId)).toEqual([
      expect.objectContaining({
        id: refund.provider_refund_id,
        custom_id: refund.id,
        status: 'COMPLETED',
        amount: expect.objectContaining({ value: '21.00' }),
      }),
    ]);
    expect((await capturesAt(t, checkout.paypalOrderId))[0].status).toBe('REFUNDED');
    expect(await orderFlags(t, checkout.orderId)).toEqual([
      {
        kind: 'late_payment',
        reference: checkout.paypalOrderId,
        details: expect.objectContaining({
          paymentId: checkout.paymentId,
          refundId: refund.id,
          amount: 2100,
          applied: 0,
          refunded: 2100,
          orderStatus: 'canceled',
        }),
      },
    ]);
    const state = await moneyState(t, checkout.orderId);
    expect(state).toMatchObject({
      // The order never took it: canceled, nothing paid, nothing of its own refunded.
      order: { status: 'canceled', amount_paid: 0, amount_refunded: 0 },
      payments: [
        expect.objectContaining({
          status: 'succeeded',
          provider_payment_intent_id: capture.id,
          received_amount: 2100,
          amount_applied: 0,
          amount_refunded: 2100,
        }),
      ],
      refunds: 1,
      flags: 1,
    });
    expect(await auditTrail(t, checkout.orderId)).toEqual([
      { from_status: 'pending', to_status: 'canceled', cause: `user:${customer.id}` },
    ]);

    // The held approval, the capture's and the refund's events change nothing now.
    const events = paypalEventsOf(t, checkout.paypalOrderId).map((event) => event.id);
    expect(paypalEventsOf(t, checkout.paypalOrderId).map((event) => event.event_type)).toEqual([
      'CHECKOUT.ORDER.APPROVED',
      'PAYMENT.CAPTURE.COMPLETED',
      'PAYMENT.CAPTURE.REFUNDED',
    ]);
    await t.stripe.paypal.releaseEvents();
    await waitForInbox(t, events);
    expect(await moneyState(t, checkout.orderId)).toEqual(state);
    expect(await refundsAt(t, checkout.paypalOrderId)).toHaveLength(1);
  });

  describe('reconciler', () => {
    const runNow = () => t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);

    it('should capture and record an approved PayPal order whose webhooks were all lost', async () => {
      const checkout = await startPayPalCheckout(t, customer);
      // Every delivery fails: nothing listens there (the URL is put back after each test).
      t.stripe.paypal.setWebhookUrl('http://127.0.0.1:9/webhooks/paypal');
      // Approved at PayPal; the customer closed the tab instead of coming back.
      t.stripe.paypal.approveOrder(checkout.paypalOrderId, 'complete');
      const approvedId = (await paypalEvent(t, checkout.paypalOrderId, 'CHECKOUT.ORDER.APPROVED')).id;
      await t.stripe.paypal.waitForDeliveries();
      t.stripe.paypal.setWebhookUrl(`${t.baseUrl}/webhooks/paypal`);
      const tries = t.stripe.paypal.deliveryLog().filter((d) => d.eventId === approvedId);
      expect(tries.length).toBeGreaterThan(1);
      expect(tries.every((d) => !d.delivered && d.statusCode === null)).toBe(true);
      expect(await inboxOf(t, [approvedId])).toEqual([]);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({ status: 'open' });
      expect(await capturesAt(t, checkout.paypalOrderId)).toEqual([]);

      const { body } = await runNow();
      expect(body.changes).toContainEqual({
        paymentId: checkout.paymentId,
        orderId: checkout.orderId,
        from: 'open',
        to: 'succeeded',
      });
      const [capture] = await capturesAt(t, checkout.paypalOrderId);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'succeeded',
        provider_payment_intent_id: capture.id,
        received_amount: 2500,
        amount_applied: 2500,
      });
      expect((await paymentTrail(t, checkout.paymentId)).at(-1)).toMatchObject({ cause: 'reconciler' });
      expect(await auditTrail(t, checkout.orderId)).toEqual([
        { from_status: 'pending', to_status: 'paid', cause: 'reconciler' },
      ]);

      // The capture's event (sent once the URL was back) and the lost approval, redelivered: repeats.
      const completed = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.COMPLETED');
      await waitForInbox(t, [completed.id]);
      const state = await moneyState(t, checkout.orderId);
      t.stripe.paypal.redeliverEvent(approvedId);
      await waitForInbox(t, [approvedId]);
      expect(await moneyState(t, checkout.orderId)).toEqual(state);
      expect(await capturesAt(t, checkout.paypalOrderId)).toHaveLength(1);
      expect((await runNow()).body.changes).not.toContainEqual(
        expect.objectContaining({ paymentId: checkout.paymentId }),
      );
    });

    it.each([
      { settledTo: 'COMPLETED', attempt: 'succeeded', order: 'paid', amountPaid: 2500 },
      { settledTo: 'DECLINED', attempt: 'failed', order: 'pending', amountPaid: 0 },
    ] as const)(
      'should read a pending capture settled $settledTo while its webhook was lost: attempt $attempt, order $order',
      async (c) => {
        const checkout = await startPayPalCheckout(t, customer);
        t.stripe.paypal.approveOrder(checkout.paypalOrderId, 'pending');
        await waitForAttemptStatus(t, checkout.paymentId, 'processing');
        await waitForEventsOf(t, checkout.paypalOrderId);
        const [capture] = await capturesAt(t, checkout.paypalOrderId);

        t.stripe.paypal.setWebhookUrl('http://127.0.0.1:9/webhooks/paypal');
        t.stripe.paypal.settlePendingCapture(capture.id, c.settledTo);
        await t.stripe.paypal.waitForDeliveries();
        t.stripe.paypal.setWebhookUrl(`${t.baseUrl}/webhooks/paypal`);
        expect(await attemptRow(t, checkout.paymentId)).toMatchObject({ status: 'processing' });

        const { body } = await runNow();
        expect(body.changes).toContainEqual({
          paymentId: checkout.paymentId,
          orderId: checkout.orderId,
          from: 'processing',
          to: c.attempt,
        });
        expect(await moneyState(t, checkout.orderId)).toMatchObject({
          order: { status: c.order, amount_paid: c.amountPaid },
          payments: [
            expect.objectContaining({
              status: c.attempt,
              provider_payment_intent_id: capture.id,
              amount_applied: c.amountPaid,
            }),
          ],
        });
        expect((await paymentTrail(t, checkout.paymentId)).at(-1)).toEqual({
          from_status: 'processing',
          to_status: c.attempt,
          cause: 'reconciler',
        });
        expect(await capturesAt(t, checkout.paypalOrderId)).toHaveLength(1);
      },
    );

    it('should close an open PayPal attempt more than 5 minutes past its expiry, and never capture it afterwards', async () => {
      const overdue = await startPayPalCheckout(t, customer);
      const recent = await startPayPalCheckout(t, customer);
      await t.dataSource.query("UPDATE payments SET expires_at = now() - interval '6 minutes' WHERE id = $1", [
        overdue.paymentId,
      ]);
      // Just expired: PayPal-side clocks and the customer on the page get a few minutes' grace.
      await t.dataSource.query("UPDATE payments SET expires_at = now() - interval '1 minute' WHERE id = $1", [
        recent.paymentId,
      ]);

      const { body } = await runNow();
      expect(body.changes).toContainEqual({
        paymentId: overdue.paymentId,
        orderId: overdue.orderId,
        from: 'open',
        to: 'expired',
      });
      expect(body.changes).not.toContainEqual(expect.objectContaining({ paymentId: recent.paymentId }));
      expect(await attemptRow(t, overdue.paymentId)).toMatchObject({ status: 'expired' });
      expect(await attemptRow(t, recent.paymentId)).toMatchObject({ status: 'open' });
      expect((await paymentTrail(t, overdue.paymentId)).at(-1)).toEqual({
        from_status: 'open',
        to_status: 'expired',
        cause: 'reconciler',
      });

      const page = await approveClosedOrder(overdue.paypalOrderId, overdue.checkoutUrl);
      expect(page.text).toContain('data-state="expired"');
      expect(await moneyState(t, overdue.orderId)).toMatchObject({
        order: { status: 'pending', amount_paid: 0 },
        payments: [expect.objectContaining({ status: 'expired', provider_payment_intent_id: null })],
      });
      // The order itself is still payable, with a new PayPal order.
      const again = await payWithPayPal(t, customer, overdue.orderId).expect(201);
      expect(again.body.paymentId).not.toBe(overdue.paymentId);
    });
  });
});

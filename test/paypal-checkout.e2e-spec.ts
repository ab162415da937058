import { countRows, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { auditTrail, waitForOrderStatus } from './support/payments';
import {
  approveAndReturn,
  attemptRow,
  capturedButNotRecorded,
  capturesAt,
  followReturn,
  inboxOf,
  moneyState,
  openedAttempt,
  paymentTrail,
  paypalCaptureId,
  paypalEvent,
  paypalEventsOf,
  paypalOrderAt,
  payWithPayPal,
  pressApprovalButton,
  resetPayPalStandIn,
  startPayPalCheckout,
  startPayPalSuite,
  waitForAttemptStatus,
  waitForEventsOf,
  waitForInbox,
} from './support/paypal';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Paying with PayPal Checkout end to end: `/pay {paymentMethod: "paypal"}`, the emulator's PayPal
 * stand-in (its approval page, captures and signed webhooks), orderpay's capture on the customer's
 * return or on CHECKOUT.ORDER.APPROVED, on real PostgreSQL. Pending captures here settle only when
 * a test settles them.
 */
describe('PayPal checkout (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => ({ t, customer, admin } = await startPayPalSuite({ pendingCaptureOutcome: 'manual' })));
  // A test that held events leaves none behind for the next one.
  afterEach(() => resetPayPalStandIn(t));
  afterAll(() => t.close());

  it('should open a PayPal order for the order, and record the capture made on CHECKOUT.ORDER.APPROVED: paid, audited, in the inbox and on the admin view', async () => {
    const checkout = await startPayPalCheckout(t, customer, { unitAmount: 1250, quantity: 2 });
    expect(checkout.answer).toEqual({
      paymentId: expect.any(String),
      orderId: checkout.orderId,
      provider: 'paypal',
      status: 'open',
      amount: 2500,
      currency: 'usd',
      checkoutUrl: `${t.stripe.url}/checkoutnow?token=${checkout.paypalOrderId}`,
      expiresAt: expect.any(String),
    });
    const atPayPal = await paypalOrderAt(t, checkout.paypalOrderId);
    expect(atPayPal.status).toBe('PAYER_ACTION_REQUIRED');
    expect(atPayPal.purchase_units[0]).toMatchObject({
      amount: { currency_code: 'USD', value: '25.00' },
      custom_id: checkout.orderId,
      invoice_id: checkout.paymentId,
      items: [{ name: 'Walnut desk tidy', quantity: '2', unit_amount: { value: '12.50' } }],
    });

    // Approved on the page; the customer's browser is not followed: the webhook alone captures.
    const approval = await pressApprovalButton(checkout.checkoutUrl, 'approve');
    expect(approval.status).toBe(303);
    await waitForOrderStatus(t, checkout.orderId, 'paid');

    const captures = await capturesAt(t, checkout.paypalOrderId);
    expect(captures).toEqual([
      expect.objectContaining({ status: 'COMPLETED', amount: expect.objectContaining({ value: '25.00' }) }),
    ]);
    const [capture] = captures;
    expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
      provider: 'paypal',
      status: 'succeeded',
      provider_session_id: checkout.paypalOrderId,
      provider_payment_intent_id: capture.id,
      received_amount: 2500,
      received_currency: 'usd',
      amount_applied: 2500,
    });
    const approved = await paypalEvent(t, checkout.paypalOrderId, 'CHECKOUT.ORDER.APPROVED');
    const completed = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.COMPLETED');
    await waitForInbox(t, [approved.id, completed.id]);
    expect(await inboxOf(t, [approved.id, completed.id])).toEqual([
      expect.objectContaining({ type: 'CHECKOUT.ORDER.APPROVED', status: 'processed', order_id: checkout.orderId }),
      expect.objectContaining({ type: 'PAYMENT.CAPTURE.COMPLETED', status: 'processed', order_id: checkout.orderId }),
    ]);

    // Whichever of the two deliveries committed first recorded it, and named itself.
    const trail = await paymentTrail(t, checkout.paymentId);
    expect(trail.map((change) => `${change.from_status}->${change.to_status}`)).toEqual([
      'null->creating',
      'creating->open',
      'open->succeeded',
    ]);
    expect(trail[0].cause).toBe(`user:${customer.id}`);
    const cause = trail[2].cause;
    expect([`paypal_event:${approved.id}`, `paypal_event:${completed.id}`]).toContain(cause);
    expect(await auditTrail(t, checkout.orderId)).toEqual([{ from_status: 'pending', to_status: 'paid', cause }]);
    const [order] = await t.dataSource.query('SELECT amount_paid, paid_at FROM orders WHERE id = $1', [
      checkout.orderId,
    ]);
    expect(order).toEqual({ amount_paid: 2500, paid_at: expect.any(Date) });

    // The customer's and the admin's views name the provider.
    const mine = await t.http().get(`/orders/${checkout.orderId}/payments`).set(customer.auth).expect(200);
    expect(mine.body.data).toEqual([
      expect.objectContaining({ id: checkout.paymentId, provider: 'paypal', status: 'succeeded', checkoutUrl: null }),
    ]);
    const detail = await t.http().get(`/admin/orders/${checkout.orderId}`).set(admin.auth).expect(200);
    expect(detail.body.payments).toEqual([
      expect.objectContaining({
        id: checkout.paymentId,
        provider: 'paypal',
        status: 'succeeded',
        amount: 2500,
        receivedAmount: 2500,
        receivedCurrency: 'usd',
        amountApplied: 2500,
      }),
    ]);
    expect(detail.body.webhookEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ provider: 'paypal', eventId: approved.id, type: 'CHECKOUT.ORDER.APPROVED' }),
        expect.objectContaining({ provider: 'paypal', eventId: completed.id, type: 'PAYMENT.CAPTURE.COMPLETED' }),
      ]),
    );
    expect(detail.body.webhookEvents).toHaveLength(2);
  });

  it('should capture on the customer’s return with every webhook held, then take the held events as repeats', async () => {
    const checkout = await startPayPalCheckout(t, customer, { unitAmount: 1800, quantity: 1 });
    t.stripe.paypal.holdEvents();
    const approval = await pressApprovalButton(checkout.checkoutUrl, 'approve');
    const back = new URL(approval.headers.location as string);
    expect(`${back.origin}${back.pathname}`).toBe('http://shop.example.test/payment/success');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      orderId: checkout.orderId,
      session_id: checkout.paymentId,
      token: checkout.paypalOrderId,
      PayerID: expect.stringMatching(/^[A-Z0-9]{13}$/),
    });
    // Approved at PayPal; nothing taken until orderpay captures.
    expect((await paypalOrderAt(t, checkout.paypalOrderId)).status).toBe('APPROVED');
    expect(await capturesAt(t, checkout.paypalOrderId)).toEqual([]);
    expect((await attemptRow(t, checkout.paymentId)).status).toBe('open');

    const page = await followReturn(t, approval).expect(200);
    expect(page.text).toContain('data-state="paid"');
    expect(page.text).toContain('Payment received');
    const [capture] = await capturesAt(t, checkout.paypalOrderId);
    expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
      status: 'succeeded',
      provider_payment_intent_id: capture.id,
      received_amount: 1800,
      amount_applied: 1800,
    });
    const cause = `customer_return:${checkout.paymentId}`;
    expect((await paymentTrail(t, checkout.paymentId)).at(-1)).toEqual({
      from_status: 'open',
      to_status: 'succeeded',
      cause,
    });
    expect(await auditTrail(t, checkout.orderId)).toEqual([{ from_status: 'pending', to_status: 'paid', cause }]);
    const status = await t
      .http()
      .get(`/checkout-sessions/${checkout.paymentId}/status?orderId=${checkout.orderId}`)
      .expect(200);
    expect(status.body).toMatchObject({ state: 'paid', final: true, orderStatus: 'paid', amount: 1800 });

    // Nothing arrived by webhook: both events are still held.
    const events = paypalEventsOf(t, checkout.paypalOrderId).map((event) => event.id);
    expect(paypalEventsOf(t, checkout.paypalOrderId).map((event) => event.event_type)).toEqual([
      'CHECKOUT.ORDER.APPROVED',
      'PAYMENT.CAPTURE.COMPLETED',
    ]);
    expect(t.stripe.paypal.heldEventIds()).toEqual(events);
    expect(await inboxOf(t, events)).toEqual([]);

    const before = await moneyState(t, checkout.orderId);
    await t.stripe.paypal.releaseEvents();
    await waitForInbox(t, events);
    expect(await inboxOf(t, events)).toEqual([
      expect.objectContaining({ status: 'processed', order_id: checkout.orderId, attempts: 1 }),
      expect.objectContaining({ status: 'processed', order_id: checkout.orderId, attempts: 1 }),
    ]);
    expect(await moneyState(t, checkout.orderId)).toEqual(before);
    expect(await capturesAt(t, checkout.paypalOrderId)).toHaveLength(1);
  });

  it('should record a payment once, whatever the order and number of its deliveries', async () => {
    // orderpay captured (with its own PayPal-Request-Id) and stopped before recording it.
    const checkout = await capturedButNotRecorded(t, customer);
    const approved = await paypalEvent(t, checkout.paypalOrderId, 'CHECKOUT.ORDER.APPROVED');
    const completed = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.COMPLETED');

    // The capture's event first, the approval last.
    expect(await t.stripe.paypal.releaseEvents('reversed')).toEqual([completed.id, approved.id]);
    await waitForInbox(t, [completed.id, approved.id]);
    expect(await moneyState(t, checkout.orderId)).toMatchObject({
      order: { status: 'paid', amount_paid: 2500, amount_refunded: 0 },
      payments: [expect.objectContaining({ status: 'succeeded', received_amount: 2500, amount_applied: 2500 })],
      orderEvents: 1,
    });
    expect((await paymentTrail(t, checkout.paymentId)).at(-1)?.cause).toBe(`paypal_event:${completed.id}`);
    const before = await moneyState(t, checkout.orderId);

    // Every event again, one by one; then again, held and released backwards.
    for (const id of [approved.id, completed.id]) expect(t.stripe.paypal.redeliverEvent(id)).toBe(true);
    await t.stripe.paypal.waitForDeliveries();
    t.stripe.paypal.holdEvents();
    for (const id of [approved.id, completed.id, approved.id]) t.stripe.paypal.redeliverEvent(id);
    await t.stripe.paypal.releaseEvents('reversed');
    await t.stripe.paypal.waitForDeliveries();

    const answered = t.stripe.paypal
      .deliveryLog()
      .filter((d) => d.eventId === approved.id || d.eventId === completed.id)
      .map((d) => d.statusCode);
    expect(answered).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(await moneyState(t, checkout.orderId)).toEqual(before);
    expect(await inboxOf(t, [approved.id, completed.id])).toEqual([
      expect.objectContaining({ status: 'processed', attempts: 1 }),
      expect.objectContaining({ status: 'processed', attempts: 1 }),
    ]);
    expect(await capturesAt(t, checkout.paypalOrderId)).toHaveLength(1);
  });

  it('should hand out the same PayPal order again after the customer cancels on PayPal’s page', async () => {
    const checkout = await startPayPalCheckout(t, customer);
    const canceled = await pressApprovalButton(checkout.checkoutUrl, 'cancel');
    const back = new URL(canceled.headers.location as string);
    expect(`${back.origin}${back.pathname}`).toBe('http://shop.example.test/payment/cancel');
    expect(back.searchParams.get('orderId')).toBe(checkout.orderId);
    const page = await t.http().get(`${back.pathname}${back.search}`).expect(200);
    expect(page.text).toContain('Payment canceled');
    expect(await attemptRow(t, checkout.paymentId)).toMatchObject({ status: 'open' });

    const again = await payWithPayPal(t, customer, checkout.orderId).expect(200);
    expect(again.body).toMatchObject({ paymentId: checkout.paymentId, checkoutUrl: checkout.checkoutUrl });
    await approveAndReturn(t, checkout.checkoutUrl);
    expect(await moneyState(t, checkout.orderId)).toMatchObject({
      order: { status: 'paid', amount_paid: 2500 },
      payments: [expect.objectContaining({ id: checkout.paymentId, status: 'succeeded' })],
    });
  });

  it('should take an approved payment found on a new /pay at once (its webhook and return lost), and open no second checkout', async () => {
    const checkout = await startPayPalCheckout(t, customer);
    t.stripe.paypal.holdEvents();
    await pressApprovalButton(checkout.checkoutUrl, 'approve');
    // Back at the shop without passing the return page, the customer presses Pay again.
    const again = await payWithPayPal(t, customer, checkout.orderId).expect(409);
    expect(again.body.code).toBe('PAYMENT_IN_PROGRESS');
    expect(await moneyState(t, checkout.orderId)).toMatchObject({
      order: { status: 'paid', amount_paid: 2500 },
      payments: [expect.objectContaining({ id: checkout.paymentId, status: 'succeeded', amount_applied: 2500 })],
    });
    expect((await paymentTrail(t, checkout.paymentId)).at(-1)?.cause).toBe(`customer_return:${checkout.paymentId}`);
    expect(await capturesAt(t, checkout.paypalOrderId)).toHaveLength(1);
    await payWithPayPal(t, customer, checkout.orderId)
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('ORDER_NOT_PAYABLE'));
  });

  describe('captures that do not complete at once', () => {
    it('should wait in processing on a pending capture (the order not paid, no new checkout), then count it once it completes', async () => {
      const checkout = await startPayPalCheckout(t, customer);
      const page = await approveAndReturn(t, checkout.checkoutUrl, 'approve_pending');
      expect(page.text).toContain('data-state="processing"');
      const [capture] = await capturesAt(t, checkout.paypalOrderId);
      expect(capture.status).toBe('PENDING');
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'processing',
        provider_payment_intent_id: capture.id,
        received_amount: null,
        amount_applied: 0,
      });
      const pending = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.PENDING');
      await waitForInbox(t, [pending.id]);
      expect(await moneyState(t, checkout.orderId)).toMatchObject({
        order: { status: 'pending', amount_paid: 0 },
        orderEvents: 0,
      });
      const again = await payWithPayPal(t, customer, checkout.orderId).expect(409);
      expect(again.body.code).toBe('PAYMENT_IN_PROGRESS');

      t.stripe.paypal.settlePendingCapture(capture.id, 'COMPLETED');
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      const completed = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.COMPLETED');
      expect(await paymentTrail(t, checkout.paymentId)).toEqual([
        expect.objectContaining({ to_status: 'creating' }),
        expect.objectContaining({ to_status: 'open' }),
        expect.objectContaining({ from_status: 'open', to_status: 'processing' }),
        { from_status: 'processing', to_status: 'succeeded', cause: `paypal_event:${completed.id}` },
      ]);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'succeeded',
        provider_payment_intent_id: capture.id,
        received_amount: 2500,
        amount_applied: 2500,
      });
      expect((await t.dataSource.query('SELECT amount_paid FROM orders WHERE id = $1', [checkout.orderId]))[0]).toEqual(
        { amount_paid: 2500 },
      );
    });

    it('should fail the attempt on a denied capture and leave the order payable with a new PayPal order', async () => {
      const checkout = await startPayPalCheckout(t, customer);
      const page = await approveAndReturn(t, checkout.checkoutUrl, 'approve_denied');
      expect(page.text).toContain('data-state="failed"');
      expect(await capturesAt(t, checkout.paypalOrderId)).toEqual([expect.objectContaining({ status: 'DECLINED' })]);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'failed',
        failure_code: 'payment_failed',
        amount_applied: 0,
      });
      const mine = await t.http().get(`/orders/${checkout.orderId}/payments`).set(customer.auth).expect(200);
      expect(mine.body.data[0]).toMatchObject({ status: 'failed', failureCode: 'payment_failed' });
      expect(mine.body.data[0].failureMessage).toMatch(/payment failed/i);
      const denied = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.DENIED');
      await waitForInbox(t, [denied.id]);
      expect(await moneyState(t, checkout.orderId)).toMatchObject({
        order: { status: 'pending', amount_paid: 0 },
        orderEvents: 0,
      });

      const retry = await payWithPayPal(t, customer, checkout.orderId).expect(201);
      const second = await openedAttempt(t, retry.body);
      expect(second.paymentId).not.toBe(checkout.paymentId);
      expect(second.paypalOrderId).not.toBe(checkout.paypalOrderId);
      expect(retry.body).toMatchObject({ provider: 'paypal', status: 'open', amount: 2500 });
    });

    it('should fail a pending capture that is denied afterwards, and count nothing', async () => {
      const checkout = await startPayPalCheckout(t, customer);
      // The webhook captures this time: the customer never comes back.
      t.stripe.paypal.approveOrder(checkout.paypalOrderId, 'pending');
      await waitForAttemptStatus(t, checkout.paymentId, 'processing');
      const captureId = await paypalCaptureId(t, checkout.paymentId);

      t.stripe.paypal.settlePendingCapture(captureId, 'DECLINED');
      await waitForAttemptStatus(t, checkout.paymentId, 'failed');
      const denied = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.DENIED');
      expect((await paymentTrail(t, checkout.paymentId)).slice(2)).toEqual([
        expect.objectContaining({
          from_status: 'open',
          to_status: 'processing',
          cause: expect.stringMatching(/^paypal_event:WH-/),
        }),
        { from_status: 'processing', to_status: 'failed', cause: `paypal_event:${denied.id}` },
      ]);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        failure_code: 'payment_failed',
        amount_applied: 0,
      });
      expect(await moneyState(t, checkout.orderId)).toMatchObject({
        order: { status: 'pending', amount_paid: 0 },
        orderEvents: 0,
      });
      await payWithPayPal(t, customer, checkout.orderId).expect(201);
    });
  });

  it('should take a deposit then the balance through PayPal, each a PayPal order for its part', async () => {
    const product = await createProduct(t, { unitAmount: 6000, name: 'Made-to-order chair' });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 2 }]);

    const depositAnswer = await payWithPayPal(t, customer, order.id, 3600).expect(201);
    expect(depositAnswer.body).toMatchObject({ provider: 'paypal', amount: 3600 });
    const deposit = await openedAttempt(t, depositAnswer.body);
    expect((await paypalOrderAt(t, deposit.paypalOrderId)).purchase_units[0]).toMatchObject({
      amount: { currency_code: 'USD', value: '36.00' },
      custom_id: order.id,
      invoice_id: deposit.paymentId,
      items: [
        {
          name: `Deposit for order ${order.id.slice(0, 8)}… (36.00 of 120.00 USD)`,
          quantity: '1',
          unit_amount: { value: '36.00' },
        },
      ],
    });
    const depositPage = await approveAndReturn(t, deposit.checkoutUrl);
    expect(depositPage.text).toContain('data-state="partially_paid"');
    const afterDeposit = await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
    expect(afterDeposit.body).toMatchObject({ status: 'partially_paid', amountPaid: 3600, amountDue: 8400 });

    const balanceAnswer = await payWithPayPal(t, customer, order.id).expect(201);
    expect(balanceAnswer.body).toMatchObject({ provider: 'paypal', amount: 8400 });
    const balance = await openedAttempt(t, balanceAnswer.body);
    expect((await paypalOrderAt(t, balance.paypalOrderId)).purchase_units[0]).toMatchObject({
      amount: { value: '84.00' },
      invoice_id: balance.paymentId,
    });
    await approveAndReturn(t, balance.checkoutUrl);
    await waitForOrderStatus(t, order.id, 'paid');

    const trail = await t.dataSource.query(
      'SELECT from_status, to_status, amount_paid FROM order_events WHERE order_id = $1 ORDER BY at',
      [order.id],
    );
    expect(trail).toEqual([
      { from_status: 'pending', to_status: 'partially_paid', amount_paid: 3600 },
      { from_status: 'partially_paid', to_status: 'paid', amount_paid: 12000 },
    ]);
    const payments = await t.dataSource.query(
      `SELECT id, provider, status, amount, received_amount, amount_applied FROM payments
       WHERE order_id = $1 ORDER BY created_at`,
      [order.id],
    );
    expect(payments).toEqual([
      {
        id: deposit.paymentId,
        provider: 'paypal',
        status: 'succeeded',
        amount: 3600,
        received_amount: 3600,
        amount_applied: 3600,
      },
      {
        id: balance.paymentId,
        provider: 'paypal',
        status: 'succeeded',
        amount: 8400,
        received_amount: 8400,
        amount_applied: 8400,
      },
    ]);
    expect(await capturesAt(t, deposit.paypalOrderId)).toHaveLength(1);
    expect(await capturesAt(t, balance.paypalOrderId)).toHaveLength(1);
    for (const paypalOrderId of [deposit.paypalOrderId, balance.paypalOrderId]) await waitForEventsOf(t, paypalOrderId);
  });
});

describe('PayPal turned off (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAYPAL_ENABLED: 'false' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  it('should refuse paymentMethod "paypal" with 400 naming the methods offered, writing nothing', async () => {
    const product = await createProduct(t);
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    const before = await countRows(t, 'payments');
    const { body } = await payWithPayPal(t, customer, order.id).expect(400);
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'paymentMethod must be one of: stripe',
    });
    expect(await countRows(t, 'payments')).toBe(before);
    expect(t.stripe.paypal.events()).toEqual([]);
    // Stripe still answers.
    await t.http().post(`/orders/${order.id}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' }).expect(201);
  });
});

import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import {
  attemptRow,
  capturesAt,
  createPayPalTestApp,
  followReturn,
  moneyState,
  inboxOf,
  orderFlags,
  waitForInbox,
  paidWithPayPal,
  payWithPayPal,
  pressApprovalButton,
  resetPayPalStandIn,
  setApiFaults,
  startPayPalCheckout,
  startPayPalSuite,
} from './support/paypal';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Regressions from the adversarial review of the PayPal provider: an approval orderpay no longer
 * holds open (canceled during a reconciler batch, past its expiry) is never captured; a capture
 * refused on /pay lets the customer pay again; PayPal turned off still settles what it took;
 * what PayPal cannot take is a 422 before anything is written.
 */
describe('PayPal: what the review found (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    ({ t, customer, admin } = await startPayPalSuite());
  });
  afterEach(() => resetPayPalStandIn(t));
  afterAll(() => t.close());

  const expireAttempt = (paymentId: string, minutesAgo: number) =>
    t.dataSource.query(`UPDATE payments SET expires_at = now() - make_interval(mins => $2) WHERE id = $1`, [
      paymentId,
      minutesAgo,
    ]);

  it.each([
    ['an amount', { currency_code: 'USD', value: '1.00' }, { receivedAmount: 100, receivedCurrency: 'usd' }],
    ['a currency', { currency_code: 'EUR', value: '25.00' }, { receivedAmount: 2500, receivedCurrency: 'eur' }],
  ])(
    'should not count a verified capture of %s its attempt did not ask for: the attempt needs review, the order is flagged',
    async (_case, amount, received) => {
      const checkout = await startPayPalCheckout(t, customer, { unitAmount: 1250, quantity: 2 });
      // PayPal's webhook simulator: a capture of this order, signed like any delivery, another amount.
      const event = t.stripe.paypal.simulateEvent('PAYMENT.CAPTURE.COMPLETED', {
        id: `SIMCAPTURE${checkout.paymentId.slice(0, 7).toUpperCase()}`,
        status: 'COMPLETED',
        amount,
        custom_id: checkout.orderId,
        invoice_id: checkout.paymentId,
        supplementary_data: { related_ids: { order_id: checkout.paypalOrderId } },
      });
      await waitForInbox(t, [event.id]);

      expect(await inboxOf(t, [event.id])).toEqual([expect.objectContaining({ status: 'processed' })]);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'failed',
        failure_code: 'needs_review',
        received_amount: received.receivedAmount,
        received_currency: received.receivedCurrency,
      });
      expect((await moneyState(t, checkout.orderId)).order).toMatchObject({ status: 'pending', amount_paid: 0 });
      expect(await orderFlags(t, checkout.orderId)).toEqual([
        expect.objectContaining({ kind: 'amount_mismatch', reference: checkout.paypalOrderId }),
      ]);
    },
  );

  it('should answer /pay after a refused capture with a new checkout, not "being confirmed"', async () => {
    const first = await startPayPalCheckout(t, customer);
    t.stripe.paypal.holdEvents();
    await pressApprovalButton(first.checkoutUrl, 'approve_denied');

    const again = await payWithPayPal(t, customer, first.orderId).expect(201);

    expect(again.body.paymentId).not.toBe(first.paymentId);
    expect((await attemptRow(t, first.paymentId)).status).toBe('failed');
    expect((await attemptRow(t, again.body.paymentId)).status).toBe('open');
  });

  it('should not capture an approval given long after the attempt expired, on the return or by the reconciler', async () => {
    const returned = await startPayPalCheckout(t, customer);
    const reconciled = await startPayPalCheckout(t, customer);
    await expireAttempt(returned.paymentId, 20);
    await expireAttempt(reconciled.paymentId, 20);
    t.stripe.paypal.holdEvents();

    await followReturn(t, await pressApprovalButton(returned.checkoutUrl, 'approve')).expect(200);
    await pressApprovalButton(reconciled.checkoutUrl, 'approve');
    await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);

    expect(await capturesAt(t, returned.paypalOrderId)).toEqual([]);
    expect(await capturesAt(t, reconciled.paypalOrderId)).toEqual([]);
    expect((await attemptRow(t, returned.paymentId)).status).toBe('expired');
    expect((await attemptRow(t, reconciled.paymentId)).status).toBe('expired');
    expect((await moneyState(t, reconciled.orderId)).order).toMatchObject({ status: 'pending', amount_paid: 0 });
  });

  it('should not capture an attempt canceled while the reconciler works through its batch', async () => {
    const a = await startPayPalCheckout(t, customer);
    const b = await startPayPalCheckout(t, customer);
    t.stripe.paypal.holdEvents();
    await pressApprovalButton(a.checkoutUrl, 'approve');
    await pressApprovalButton(b.checkoutUrl, 'approve');
    // The batch reads the smaller id first; the other is canceled while that one is captured.
    const later = a.paymentId < b.paymentId ? b : a;
    await setApiFaults(t, { latencyMs: 800 });
    const run = t
      .http()
      .post('/admin/reconciliation/run')
      .set(admin.auth)
      .then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await setApiFaults(t, { latencyMs: 0 });
    await t.http().post(`/orders/${later.orderId}/cancel`).set(customer.auth).expect(200);
    expect((await run).status).toBe(200);

    expect(await capturesAt(t, later.paypalOrderId)).toEqual([]);
    expect((await attemptRow(t, later.paymentId)).status).toBe('canceled');
    expect((await moneyState(t, later.orderId)).order).toMatchObject({ status: 'canceled', amount_paid: 0 });
  }, 30_000);
});

describe('PayPal turned off with a PayPal attempt still open (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ PAYPAL_ENABLED: 'false', PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  it('should name the missing configuration (503) rather than blame the client (400)', async () => {
    const product = await createProduct(t, { unitAmount: 1000 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    await t.dataSource.query(
      `INSERT INTO payments (order_id, provider, status, amount, currency, provider_session_id, checkout_url, expires_at)
       VALUES ($1, 'paypal', 'open', 1000, 'usd', 'PAYPALORDER123456', 'http://x/checkoutnow', now() + interval '1 hour')`,
      [order.id],
    );

    const pay = await t.http().post(`/orders/${order.id}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' });

    expect(pay.status).toBe(503);
    expect(pay.body).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE order_id = $1`, [order.id]);
    expect(row.n).toBe(1);
  });
});

describe.each([
  { CURRENCY: 'inr', unitAmount: 5000, message: 'PayPal does not take payments in INR' },
  { CURRENCY: 'huf', unitAmount: 17550, message: 'PayPal takes whole HUF only' },
])('PayPal and a $CURRENCY shop (e2e)', ({ CURRENCY, unitAmount, message }) => {
  let t: TestApp;
  let customer: TestUser;
  beforeAll(async () => {
    t = await createPayPalTestApp({ CURRENCY, PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  it('should refuse what PayPal cannot take with a 422 naming it, writing nothing', async () => {
    const product = await createProduct(t, { unitAmount });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);

    const { body } = await payWithPayPal(t, customer, order.id).expect(422);

    expect(body).toMatchObject({ code: 'PAYMENT_METHOD_UNSUPPORTED' });
    expect(body.message).toContain(message);
    const rows = await t.dataSource.query('SELECT id FROM payments WHERE order_id = $1', [order.id]);
    expect(rows).toEqual([]);
    // Stripe takes it.
    await t.http().post(`/orders/${order.id}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' }).expect(201);
  });
});

describe('PayPal refunds in a HUF shop (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createPayPalTestApp({ CURRENCY: 'huf', PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterEach(() => resetPayPalStandIn(t));
  afterAll(() => t.close());

  it('should refuse a refund PayPal cannot give back (a fraction of a forint) with a 422, writing nothing', async () => {
    const paid = await paidWithPayPal(t, customer, { unitAmount: 17500, quantity: 1 });

    const { body } = await t
      .http()
      .post(`/admin/orders/${paid.orderId}/refunds`)
      .set(admin.auth)
      .send({ amount: 50 })
      .expect(422);

    expect(body).toMatchObject({ code: 'PAYMENT_METHOD_UNSUPPORTED' });
    expect(body.message).toContain('PayPal takes whole HUF only');
    expect(await t.dataSource.query('SELECT id FROM refunds WHERE order_id = $1', [paid.orderId])).toEqual([]);
    // A whole forint is fine.
    await t.http().post(`/admin/orders/${paid.orderId}/refunds`).set(admin.auth).send({ amount: 100 }).expect(202);
  });
});

import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import {
  deliver,
  refundEventFor,
  inboxRows,
  orderStatus,
  paymentStatus,
  startCheckout,
  stripeClient,
  stripeEvent,
  waitFor,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/** The emulator's fault control: the Stripe API slow (latencyMs) or cut off (down). */
async function setFaults(t: TestApp, faults: { latencyMs?: number; down?: boolean } | null): Promise<void> {
  const response = await fetch(`${t.stripe.url}/_emulator/faults`, {
    method: faults ? 'POST' : 'DELETE',
    headers: { 'Content-Type': 'application/json' },
    body: faults ? JSON.stringify(faults) : undefined,
  });
  if (!response.ok) throw new Error(`faults control answered ${response.status}`);
}

async function attemptRow(t: TestApp, paymentId: string) {
  const [row] = await t.dataSource.query(
    'SELECT status, failure_code, failure_reason, next_check_at FROM payments WHERE id = $1',
    [paymentId],
  );
  return row as { status: string; failure_code: string | null; failure_reason: string | null };
}

describe('Provider faults (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    // A small pool: a transaction held across a provider call would starve it at once.
    t = await createTestApp({ DB_POOL_MAX: '3', PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterEach(() => setFaults(t, null));
  afterAll(() => t.close());

  describe('no transaction or pooled connection waits on the provider', () => {
    it('should keep the pool free while refund events for unknown payments wait 5 s on Stripe', async () => {
      await setFaults(t, { latencyMs: 5_000 });
      const events = Array.from({ length: 6 }, (_, i) => refundEventFor(`pi_test_foreign_slow_${i}_${Date.now()}`));
      const deliveries = events.map((event) => deliver(t, event).then((response) => response.status));
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      // Six provider calls in flight, a pool of three: the rest of the app still works.
      const heldInTransaction = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      expect(heldInTransaction).toEqual([{ n: 0 }]);
      await t.http().get('/health/ready').expect(200);
      const product = await createProduct(t, { unitAmount: 700 });
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);

      expect(await Promise.all(deliveries)).toEqual(events.map(() => 200));
      for (const event of events)
        expect(await inboxRows(t, event.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
    }, 30_000);

    it('should remember a payment that is not ours: a later event about it needs no provider call', async () => {
      // Another integration on the same Stripe account takes a payment: no metadata of ours.
      const stripe = stripeClient(t);
      const session = await stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'x' } } }],
        success_url: 'https://elsewhere.example.test/done',
      });
      t.stripe.checkoutAction(session.id, 'pay');
      const paymentIntentId = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
      await deliver(t, refundEventFor(paymentIntentId)).expect(200);
      expect(
        await t.dataSource.query('SELECT provider FROM foreign_payment_intents WHERE payment_intent_id = $1', [
          paymentIntentId,
        ]),
      ).toEqual([{ provider: 'stripe' }]);

      // Stripe is down now: a dispute and another refund event about it are still settled at once.
      await setFaults(t, { down: true });
      const dispute = stripeEvent('charge.dispute.created', {
        id: `dp_test_${Date.now()}`,
        object: 'dispute',
        amount: 500,
        currency: 'usd',
        charge: 'ch_test_foreign',
        payment_intent: paymentIntentId,
        reason: 'fraudulent',
        status: 'needs_response',
      });
      await deliver(t, dispute).expect(200);
      const again = { ...refundEventFor(paymentIntentId), id: `${dispute.id}_refund` };
      await deliver(t, again).expect(200);
      expect(await inboxRows(t, dispute.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
      expect(await inboxRows(t, again.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
    });

    it('should answer a late payment at once and submit its refund afterwards, from the queue, once Stripe is back', async () => {
      const checkout = await startCheckout(t, customer, 900, 1);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await t.dataSource.query("UPDATE payments SET status = 'canceled' WHERE id = $1", [checkout.paymentId]);
      await t.dataSource.query("UPDATE orders SET status = 'canceled', canceled_at = now() WHERE id = $1", [
        checkout.orderId,
      ]);
      // Stripe goes down before the completion arrives: the webhook needs no Stripe call, so it
      // is answered 200 at once, and its refund waits as a row.
      await setFaults(t, { down: true });
      await t.stripe.releaseEvents();
      await t.stripe.waitForDeliveries();
      const completions = t.stripe.deliveryLog().filter((d) => d.type === 'checkout.session.completed');
      expect(completions.at(-1)?.statusCode).toBe(200);
      const refundRow = async () =>
        (
          await t.dataSource.query('SELECT id, status, provider_refund_id, reason FROM refunds WHERE order_id = $1', [
            checkout.orderId,
          ])
        )[0];
      expect(await refundRow()).toMatchObject({ reason: 'late_payment', status: 'pending', provider_refund_id: null });
      await setFaults(t, null);
      await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);
      await waitFor(async () => (await refundRow()).status === 'succeeded', { what: 'the late payment refund' });
      expect((await refundRow()).provider_refund_id).toMatch(/^re_/);
      expect(await orderStatus(t, checkout.orderId)).toBe('canceled');
    });

    it('should keep an unsubmitted refund through a "crash" and submit it on the next run', async () => {
      const checkout = await startCheckout(t, customer, 1500, 1);
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await waitFor(async () => (await orderStatus(t, checkout.orderId)) === 'paid', { what: 'paid' });
      // What a crash between the commit and the provider call leaves behind: the row alone.
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO refunds (payment_id, order_id, amount, status, reason, requested_by)
         VALUES ($1, $2, 400, 'pending', 'requested_by_customer', 'user:test') RETURNING id`,
        [checkout.paymentId, checkout.orderId],
      );
      const { body } = await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);
      expect(body.refundsSubmitted).toBeGreaterThanOrEqual(1);
      const [row] = await t.dataSource.query('SELECT provider_refund_id FROM refunds WHERE id = $1', [id]);
      expect(row.provider_refund_id).toMatch(/^re_/);
    });
  });

  describe('a session Stripe no longer knows (the emulator restarted, keys switched)', () => {
    const forgetEverything = () => {
      t.stripe.reset();
      t.stripe.setWebhookUrl(`${t.baseUrl}/webhooks/stripe`);
    };

    it('should let /pay open a new session, ending the old attempt as session_missing', async () => {
      const checkout = await startCheckout(t, customer);
      forgetEverything();
      const { body } = await t
        .http()
        .post(`/orders/${checkout.orderId}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(201);
      expect(body.paymentId).not.toBe(checkout.paymentId);
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'expired',
        failure_code: 'session_missing',
      });
      expect(await paymentStatus(t, body.paymentId)).toBe('open');
      await stripeClient(t).checkout.sessions.retrieve(
        (await t.dataSource.query('SELECT provider_session_id FROM payments WHERE id = $1', [body.paymentId]))[0]
          .provider_session_id,
      );
    });

    it('should let a customer cancel', async () => {
      const checkout = await startCheckout(t, customer);
      forgetEverything();
      const { body } = await t.http().post(`/orders/${checkout.orderId}/cancel`).set(customer.auth).expect(200);
      expect(body.status).toBe('canceled');
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({
        status: 'expired',
        failure_code: 'session_missing',
      });
    });

    it('should let the reconciler end it and say so', async () => {
      const checkout = await startCheckout(t, customer);
      forgetEverything();
      // One "no such session" is not enough (wrong keys for a minute look the same): the next read decides.
      const first = await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);
      expect(first.body.changes).not.toContainEqual(expect.objectContaining({ paymentId: checkout.paymentId }));
      expect(await attemptRow(t, checkout.paymentId)).toMatchObject({ status: 'open' });
      const { body } = await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);
      expect(body.changes).toContainEqual({
        paymentId: checkout.paymentId,
        orderId: checkout.orderId,
        from: 'open',
        to: 'expired',
      });
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
    });
  });

  describe('what customers read about a failed attempt', () => {
    it('should show a code and a safe message, and keep the provider details for admins', async () => {
      const product = await createProduct(t, { unitAmount: 1100 });
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      await setFaults(t, { down: true });
      const pay = await t
        .http()
        .post(`/orders/${order.id}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(503);
      expect(pay.body.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');

      const { body } = await t.http().get(`/orders/${order.id}/payments`).set(customer.auth).expect(200);
      expect(body.data).toEqual([
        expect.objectContaining({
          status: 'failed',
          failureCode: 'checkout_unavailable',
          failureMessage: 'The payment provider could not be reached; please try again.',
        }),
      ]);
      expect(body.data[0]).not.toHaveProperty('failureReason');
      expect(JSON.stringify(body)).not.toMatch(/ECONN|socket|hang up|Could not create|at Stripe/);

      const detail = await t.http().get(`/admin/orders/${order.id}`).set(admin.auth).expect(200);
      expect(detail.body.payments[0]).toMatchObject({
        failureCode: 'checkout_unavailable',
        failureReason: expect.stringMatching(/Could not create a Checkout Session at Stripe/),
      });
    });
  });
});

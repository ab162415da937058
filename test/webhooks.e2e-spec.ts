import { PaymentEventsService } from '../src/payments/payment-events.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createUser, TestUser } from './support/factories';
import {
  completedEventFor,
  auditTrail,
  deliver,
  failWrites,
  inboxRows,
  orderStatus,
  paidOrder,
  paymentStatus,
  refundEventFor,
  refundRows,
  signatureFor,
  startCheckout,
  StartedCheckout,
  stripeClient,
  stripeEvent,
  waitFor,
  waitForOrderStatus,
} from './support/payments';
import { setApiFaults } from './support/paypal';
import { testServerUrl, withAdminClient } from './support/test-database';
import { createTestApp, TestApp } from './support/test-app';

describe('Webhooks (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  /** The session as Stripe holds it now, with some fields changed: the object a crafted event carries. */
  const sessionObject = async (checkout: StartedCheckout, changes: Record<string, unknown> = {}) => ({
    ...(await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)),
    ...changes,
  });
  const completedPaid = (checkout: StartedCheckout, changes: Record<string, unknown> = {}) =>
    sessionObject(checkout, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_test_crafted',
      ...changes,
    });
  const webhookRows = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_events'))[0].n as number;

  describe('signature', () => {
    let checkout: StartedCheckout;
    let payload: string;

    beforeAll(async () => {
      checkout = await startCheckout(t, customer);
      payload = JSON.stringify(stripeEvent('checkout.session.completed', await completedPaid(checkout)));
    });

    const refused = async (headers: Record<string, string>, body = payload) => {
      const before = await webhookRows();
      const response = await t
        .http()
        .post('/webhooks/stripe')
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK_SIGNATURE_INVALID' });
      expect(await webhookRows()).toBe(before);
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      return response.body.message as string;
    };

    it('should refuse a missing signature', async () => {
      expect(await refused({})).toMatch(/Missing Stripe-Signature/);
    });

    it('should refuse a malformed signature header', async () => {
      await refused({ 'Stripe-Signature': 'garbage' });
      await refused({ 'Stripe-Signature': 't=abc,v1=' });
    });

    it('should refuse a signature made with another secret', async () => {
      await refused({ 'Stripe-Signature': signatureFor(t, payload, { secret: 'whsec_not_the_right_one_123456' }) });
    });

    it('should refuse a stale signature (older than 300 s): a replay', async () => {
      await refused({
        'Stripe-Signature': signatureFor(t, payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      });
    });

    it('should refuse a body changed after signing', async () => {
      const header = signatureFor(t, payload);
      await refused(
        { 'Stripe-Signature': header },
        payload.replace('"payment_status":"paid"', '"payment_status":"paid" '),
      );
    });

    it('should accept the same event correctly signed', async () => {
      await t
        .http()
        .post('/webhooks/stripe')
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', signatureFor(t, payload))
        .send(payload)
        .expect(200, { received: true });
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    });
  });

  describe('secret rotation', () => {
    let rotated: TestApp;
    beforeAll(async () => {
      rotated = await createTestApp({
        STRIPE_WEBHOOK_SECRET: 'whsec_new_secret_0000000000000000,whsec_old_secret_1111111111111111',
      });
    });
    afterAll(() => rotated.close());

    it('should accept events signed with any of the configured secrets', async () => {
      for (const secret of ['whsec_new_secret_0000000000000000', 'whsec_old_secret_1111111111111111']) {
        await deliver(rotated, stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }), { secret }).expect(
          200,
        );
      }
      await deliver(rotated, stripeEvent('customer.created', { id: 'cus_1' }), {
        secret: 'whsec_retired_22222222222',
      }).expect(400);
    });
  });

  it('should process an event delivered 50 times at once exactly once', async () => {
    const checkout = await startCheckout(t, customer);
    const event = stripeEvent('checkout.session.completed', await completedPaid(checkout));
    const responses = await Promise.all(Array.from({ length: 50 }, () => deliver(t, event)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    expect(await auditTrail(t, checkout.orderId)).toEqual([
      { from_status: 'pending', to_status: 'paid', cause: `stripe_event:${event.id}` },
    ]);
    expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
  });

  it('should record a refund made outside orderpay once when its event arrives 20 times at once', async () => {
    const order = await paidOrder(t, customer);
    const event = refundEventFor(order.paymentIntentId, { amount: 300 });
    const responses = await Promise.all(Array.from({ length: 20 }, () => deliver(t, event)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await refundRows(t, order.orderId)).toEqual([expect.objectContaining({ amount: 300, status: 'succeeded' })]);
    expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
    const [{ amount_refunded }] = await t.dataSource.query<{ amount_refunded: number }[]>(
      'SELECT amount_refunded FROM orders WHERE id = $1',
      [order.orderId],
    );
    expect(amount_refunded).toBe(300);
  });

  it('should apply an event once when 10 copies are all inside its handler at the same moment', async () => {
    const checkout = await startCheckout(t, customer);
    const payload = JSON.stringify(await completedEventFor(t, checkout, {}));
    const payments = t.app.get(PaymentEventsService);
    const original = payments.applyCheckout.bind(payments);
    const copies = 10;
    let inside = 0;
    let release!: () => void;
    const allInside = new Promise<void>((resolve) => (release = resolve));
    // Each copy waits in its handler, its transaction open, until every copy is there (or 5 s).
    const spy = jest.spyOn(payments, 'applyCheckout').mockImplementation(async (...args) => {
      if (++inside === copies) release();
      await Promise.race([allInside, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      return original(...args);
    });
    try {
      const receive = () =>
        t.app.get(WebhooksService).receive('stripe', Buffer.from(payload), {
          'stripe-signature': signatureFor(t, payload),
        });
      await expect(Promise.all(Array.from({ length: copies }, receive))).resolves.toEqual(
        Array(copies).fill({ received: true }),
      );
    } finally {
      spy.mockRestore();
    }
    expect(inside).toBe(copies);
    expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
    const moves = await t.dataSource.query<{ to_status: string }[]>(
      `SELECT to_status FROM payment_status_changes WHERE payment_id = $1 AND to_status = 'succeeded'`,
      [checkout.paymentId],
    );
    expect(moves).toHaveLength(1);
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM webhook_events WHERE payload->>'id' = $1`,
      [JSON.parse(payload).id],
    );
    expect(await t.dataSource.query(`SELECT status, attempts FROM webhook_events WHERE id = $1`, [id])).toEqual([
      { status: 'processed', attempts: 1 },
    ]);
  });

  it('should answer 200, changing nothing, when a copy delivered meanwhile settled the event and this one failed', async () => {
    const checkout = await startCheckout(t, customer);
    const event = await completedEventFor(t, checkout, {});
    const payments = t.app.get(PaymentEventsService);
    // The other copy commits while this one is inside its handler; this one then trips.
    jest.spyOn(payments, 'applyCheckout').mockImplementationOnce(async () => {
      await t.dataSource.query(
        `INSERT INTO webhook_events (provider, event_id, type, payload, status, attempts, processed_at)
         VALUES ('stripe', $1, 'checkout.session.completed', '{}', 'processed', 1, now())`,
        [event.id],
      );
      throw new Error('duplicate key value violates unique constraint (test)');
    });
    await deliver(t, event).expect(200, { received: true });
    expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
    expect(await orderStatus(t, checkout.orderId)).toBe('pending');
  });

  it('should answer a redelivery of a processed event at once and change nothing', async () => {
    const checkout = await startCheckout(t, customer);
    t.stripe.checkoutAction(checkout.sessionId, 'pay');
    await waitForOrderStatus(t, checkout.orderId, 'paid');
    const [completed] = t.stripe
      .events()
      .filter(
        (e) => e.type === 'checkout.session.completed' && (e.data.object as { id: string }).id === checkout.sessionId,
      );
    const deliveries = () => t.stripe.deliveryLog().filter((d) => d.eventId === completed.id);
    await waitFor(() => deliveries().length === 1);
    t.stripe.redeliverEvent(completed.id);
    await waitFor(() => deliveries().length === 2);
    expect(deliveries().map((d) => d.statusCode)).toEqual([200, 200]);
    expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
    expect(await inboxRows(t, completed.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
  });

  it('should answer a redelivery of a processed event from one read: it writes nothing and asks Stripe nothing', async () => {
    const checkout = await startCheckout(t, customer);
    const event = await completedEventFor(t, checkout, {});
    await deliver(t, event).expect(200);
    await waitForOrderStatus(t, checkout.orderId, 'paid');
    // Any write to the inbox, and any call to Stripe, would now fail: the redelivery needs neither.
    const restoreInserts = await failWrites(t, 'webhook_events', 'INSERT', 'inbox locked (test)');
    const restoreUpdates = await failWrites(t, 'webhook_events', 'UPDATE', 'inbox locked (test)');
    await setApiFaults(t, { down: true });
    try {
      await deliver(t, event).expect(200, { received: true });
    } finally {
      await setApiFaults(t, { down: false });
      await restoreUpdates();
      await restoreInserts();
    }
    expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
    expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
  });

  describe('events in any order end in the same state', () => {
    it('completed, then expired: paid', async () => {
      const checkout = await startCheckout(t, customer);
      await deliver(t, stripeEvent('checkout.session.completed', await completedPaid(checkout))).expect(200);
      await deliver(
        t,
        stripeEvent('checkout.session.expired', await sessionObject(checkout, { status: 'expired' })),
      ).expect(200);
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');
      expect(await paymentStatus(t, checkout.paymentId)).toBe('succeeded');
    });

    it('expired, then completed: Stripe’s word that money moved wins: paid', async () => {
      const checkout = await startCheckout(t, customer);
      await deliver(
        t,
        stripeEvent('checkout.session.expired', await sessionObject(checkout, { status: 'expired' })),
      ).expect(200);
      expect(await paymentStatus(t, checkout.paymentId)).toBe('expired');
      await deliver(t, stripeEvent('checkout.session.completed', await completedPaid(checkout))).expect(200);
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');
      expect(await paymentStatus(t, checkout.paymentId)).toBe('succeeded');
    });

    it('async_payment_succeeded before completed(unpaid): paid, and the late completed changes nothing', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      t.stripe.checkoutAction(checkout.sessionId, 'async_succeed');
      expect(t.stripe.heldEventIds()).toHaveLength(2);
      await t.stripe.releaseEvents('reversed');
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      await t.stripe.waitForDeliveries();
      expect(await paymentStatus(t, checkout.paymentId)).toBe('succeeded');
      expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
    });

    it('completed(unpaid) then async_payment_succeeded, in order: processing, then paid', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      await waitFor(async () => (await paymentStatus(t, checkout.paymentId)) === 'processing');
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      // While the bank debit is pending, no new attempt can start.
      const blocked = await t
        .http()
        .post(`/orders/${checkout.orderId}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(409);
      expect(blocked.body.code).toBe('PAYMENT_IN_PROGRESS');
      t.stripe.checkoutAction(checkout.sessionId, 'async_succeed');
      await waitForOrderStatus(t, checkout.orderId, 'paid');
    });

    it('async_payment_failed: the attempt fails, the order stays pending and payable', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      t.stripe.checkoutAction(checkout.sessionId, 'async_fail');
      await waitFor(async () => (await paymentStatus(t, checkout.paymentId)) === 'failed');
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      const retry = await t
        .http()
        .post(`/orders/${checkout.orderId}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(201);
      expect(retry.body.paymentId).not.toBe(checkout.paymentId);
    });

    it('async_payment_failed before completed(unpaid): failed, and the late completed changes nothing', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      t.stripe.checkoutAction(checkout.sessionId, 'async_fail');
      await t.stripe.releaseEvents('reversed');
      await t.stripe.waitForDeliveries();
      expect(await paymentStatus(t, checkout.paymentId)).toBe('failed');
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
    });

    it('expired at Stripe (the session timed out): the attempt is expired, the order stays pending', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'expire');
      await waitFor(async () => (await paymentStatus(t, checkout.paymentId)) === 'expired');
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
    });
  });

  describe('money that does not match the order is never marked paid', () => {
    it.each([
      ['amount', { amount_total: 1 }],
      ['currency', { currency: 'eur' }],
    ])('should flag a %s mismatch for review and keep the order pending', async (_what, changes) => {
      const checkout = await startCheckout(t, customer);
      const event = stripeEvent('checkout.session.completed', await completedPaid(checkout, changes));
      await deliver(t, event).expect(200);
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      // The attempt ends for review, so the order is not stuck behind it.
      expect(await paymentStatus(t, checkout.paymentId)).toBe('failed');
      const flags = await t.dataSource.query('SELECT kind, reference, details FROM order_flags WHERE order_id = $1', [
        checkout.orderId,
      ]);
      expect(flags).toEqual([
        {
          kind: 'amount_mismatch',
          reference: checkout.sessionId,
          details: expect.objectContaining({ expectedAmount: checkout.totalAmount, expectedCurrency: 'usd' }),
        },
      ]);
      expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
      // A repeat flags once.
      await deliver(t, { ...event, id: `${event.id}_again` }).expect(200);
      expect(
        await t.dataSource.query('SELECT count(*)::int AS n FROM order_flags WHERE order_id = $1', [checkout.orderId]),
      ).toEqual([{ n: 1 }]);
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      await t.http().post(`/orders/${checkout.orderId}/cancel`).set(customer.auth).expect(200);
    });
  });

  describe('events orderpay does not act on', () => {
    it('should store an unknown event type as ignored and answer 200', async () => {
      const event = stripeEvent('customer.subscription.created', { id: 'sub_123', object: 'subscription' });
      await deliver(t, event).expect(200, { received: true });
      expect(await inboxRows(t, event.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
    });

    it('should ignore a checkout session orderpay did not create', async () => {
      const checkout = await startCheckout(t, customer);
      const foreign = await completedPaid(checkout, {
        id: 'cs_test_someone_else',
        metadata: {},
        client_reference_id: null,
      });
      const event = stripeEvent('checkout.session.completed', foreign);
      await deliver(t, event).expect(200);
      expect(await inboxRows(t, event.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
    });

    it('should not be fooled by metadata naming another order’s payment', async () => {
      const victim = await startCheckout(t, customer);
      const forged = await completedPaid(victim, {
        id: 'cs_test_forged',
        metadata: { orderId: victim.orderId, paymentId: victim.paymentId },
      });
      const event = stripeEvent('checkout.session.completed', forged);
      await deliver(t, event).expect(200);
      expect(await inboxRows(t, event.id)).toEqual([{ status: 'ignored', attempts: 1, last_error: null }]);
      expect(await orderStatus(t, victim.orderId)).toBe('pending');
    });
  });

  describe('failures roll everything back and the retry succeeds', () => {
    it('should answer 500 when a handler fails midway, keep nothing of it, record the error, and succeed on retry', async () => {
      const checkout = await startCheckout(t, customer);
      // The audit insert is the last write of the paid transition: fail it after the order and payment updates.
      const restore = await failWrites(t, 'order_events', 'INSERT', 'audit table unavailable (test)');
      const event = stripeEvent('checkout.session.completed', await completedPaid(checkout));
      try {
        const failed = await deliver(t, event).expect(500);
        expect(failed.body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
        expect(await orderStatus(t, checkout.orderId)).toBe('pending');
        expect(await paymentStatus(t, checkout.paymentId)).toBe('open');
        const [row] = await inboxRows(t, event.id);
        expect(row).toMatchObject({
          status: 'failed',
          attempts: 1,
          last_error: expect.stringContaining('audit table unavailable'),
        });
      } finally {
        await restore();
      }
      await deliver(t, event).expect(200);
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');
      expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 2, last_error: null }]);
      expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
    });

    it('should answer 5xx while the database is down, then the provider’s retry marks the order paid', async () => {
      const checkout = await startCheckout(t, customer);
      const database = new URL((t.dataSource.options as { url: string }).url).pathname.slice(1);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      const [eventId] = t.stripe.heldEventIds();
      const setOutage = (down: boolean) =>
        withAdminClient(testServerUrl(), async (client) => {
          await client.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS ${down ? 'false' : 'true'}`);
          if (down)
            await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
        });
      await setOutage(true);
      try {
        await t.stripe.releaseEvents();
        await waitFor(() => t.stripe.deliveryLog().some((d) => d.eventId === eventId && d.statusCode === 500), {
          timeoutMs: 5000,
        });
      } finally {
        await setOutage(false);
      }
      await waitFor(() => t.stripe.deliveryLog().some((d) => d.eventId === eventId && d.delivered), {
        timeoutMs: 10_000,
      });
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
      expect((await inboxRows(t, eventId))[0]).toMatchObject({ status: 'processed' });
    });
  });
});

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import {
  auditTrail,
  deliver,
  failWrites,
  inboxRows,
  orderStatus,
  paidOrder,
  paymentStatus,
  startCheckout,
  stripeClient,
  stripeEvent,
  waitFor,
  waitForOrderStatus,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

describe('Admin console (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createAdmin(t);
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  describe('GET /admin/orders', () => {
    it('should list any customer’s orders with filters by status, flag and date', async () => {
      const other = await createUser(t);
      const product = await createProduct(t, { unitAmount: 600 });
      const pending = await createOrder(t, other, [{ productId: product.id, quantity: 1 }]);
      const paid = await paidOrder(t, customer);

      const all = await t.http().get('/admin/orders?pageSize=100').set(admin.auth).expect(200);
      const ids = all.body.data.map((o: { id: string }) => o.id);
      expect(ids).toEqual(expect.arrayContaining([pending.id, paid.orderId]));
      expect(all.body.data.find((o: { id: string }) => o.id === pending.id)).toMatchObject({
        userId: other.id,
        userEmail: other.email,
        status: 'pending',
        totalAmount: 600,
        items: [expect.objectContaining({ productId: product.id })],
        flags: [],
      });

      const paidOnly = await t.http().get('/admin/orders?status=paid&pageSize=100').set(admin.auth).expect(200);
      expect(paidOnly.body.data.every((o: { status: string }) => o.status === 'paid')).toBe(true);
      expect(paidOnly.body.data.map((o: { id: string }) => o.id)).toContain(paid.orderId);

      const future = new Date(Date.now() + 3_600_000).toISOString();
      const none = await t
        .http()
        .get(`/admin/orders?from=${encodeURIComponent(future)}`)
        .set(admin.auth)
        .expect(200);
      expect(none.body).toEqual({ data: [], meta: { page: 1, pageSize: 20, total: 0 } });
      const before = await t
        .http()
        .get(`/admin/orders?to=${encodeURIComponent(future)}&pageSize=100`)
        .set(admin.auth)
        .expect(200);
      expect(before.body.meta.total).toBe(all.body.meta.total);

      const unflagged = await t.http().get('/admin/orders?flagged=false&pageSize=100').set(admin.auth).expect(200);
      expect(unflagged.body.data.map((o: { id: string }) => o.id)).toContain(pending.id);
      const flagged = await t.http().get('/admin/orders?flagged=true&pageSize=100').set(admin.auth).expect(200);
      expect(flagged.body.data.map((o: { id: string }) => o.id)).not.toContain(pending.id);
    });

    it.each([
      'status=lost',
      'flagged=maybe',
      'from=yesterday',
      'from=-200000-01-01T00:00:00Z',
      'to=+275000-01-01T00:00:00Z',
      'pageSize=500',
      'page=1e300',
      'userId=x',
    ])('should refuse ?%s with 400', async (query) => {
      const { body } = await t.http().get(`/admin/orders?${query}`).set(admin.auth).expect(400);
      expect(body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /admin/orders/:id', () => {
    it('should show the whole history: items, attempts, refunds, flags, audit trail and webhook events', async () => {
      const order = await paidOrder(t, customer, 1000, 2);
      await t.http().post(`/admin/orders/${order.orderId}/refunds`).set(admin.auth).send({ amount: 500 }).expect(202);
      await waitFor(
        async () =>
          (
            await t.dataSource.query("SELECT 1 FROM refunds WHERE order_id = $1 AND status = 'succeeded'", [
              order.orderId,
            ])
          ).length === 1,
      );
      await t.stripe.waitForDeliveries();

      const { body } = await t.http().get(`/admin/orders/${order.orderId}`).set(admin.auth).expect(200);
      expect(body).toMatchObject({
        id: order.orderId,
        status: 'paid',
        totalAmount: 2000,
        amountRefunded: 500,
        userEmail: customer.email,
        items: [expect.objectContaining({ quantity: 2, unitAmount: 1000, lineTotal: 2000 })],
        payments: [expect.objectContaining({ id: order.paymentId, status: 'succeeded', amountRefunded: 500 })],
        refunds: [
          expect.objectContaining({
            amount: 500,
            status: 'succeeded',
            requestedBy: `user:${admin.id}`,
            providerRefundId: expect.stringMatching(/^re_/),
          }),
        ],
        flags: [],
        auditTrail: [
          expect.objectContaining({
            fromStatus: 'pending',
            toStatus: 'paid',
            cause: expect.stringMatching(/^stripe_event:evt_/),
            amountPaid: 2000,
            amountRefunded: 0,
          }),
          // A partial refund changes the amounts, not the status: audited all the same.
          expect.objectContaining({
            fromStatus: 'paid',
            toStatus: 'paid',
            cause: expect.stringMatching(/^stripe_event:evt_/),
            amountPaid: 2000,
            amountRefunded: 500,
          }),
        ],
      });
      const types = body.webhookEvents.map((e: { type: string }) => e.type);
      expect(types).toEqual(expect.arrayContaining(['checkout.session.completed', 'charge.refunded']));
      expect(body.webhookEvents.every((e: { orderId: string }) => e.orderId === order.orderId)).toBe(true);
    });

    it('should list the audit trail and the flags oldest first, whatever order they were stored in', async () => {
      const product = await createProduct(t, { unitAmount: 700 });
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      // Stored newest first: only an ORDER BY puts them back in time order.
      await t.dataSource.query(
        `INSERT INTO order_events (order_id, from_status, to_status, cause, at)
         VALUES ($1, 'paid', 'refunded', 'newer', now()), ($1, 'pending', 'paid', 'older', now() - interval '1 hour')`,
        [order.id],
      );
      await t.dataSource.query(
        `INSERT INTO order_flags (order_id, kind, reference, created_at)
         VALUES ($1, 'dispute', 'du_newer', now()), ($1, 'late_payment', 'cs_older', now() - interval '1 hour')`,
        [order.id],
      );

      const { body } = await t.http().get(`/admin/orders/${order.id}`).set(admin.auth).expect(200);
      expect(body.auditTrail.map((entry: { cause: string }) => entry.cause)).toEqual(['older', 'newer']);
      expect(body.flags.map((flag: { reference: string }) => flag.reference)).toEqual(['cs_older', 'du_newer']);
      const list = await t.http().get('/admin/orders?flagged=true&pageSize=100').set(admin.auth).expect(200);
      const listed = list.body.data.find((o: { id: string }) => o.id === order.id);
      expect(listed.flags.map((flag: { reference: string }) => flag.reference)).toEqual(['cs_older', 'du_newer']);
    });

    it('should answer 404 for an unknown order and 400 for a malformed id', async () => {
      expect((await t.http().get(`/admin/orders/${randomUUID()}`).set(admin.auth).expect(404)).body.code).toBe(
        'ORDER_NOT_FOUND',
      );
      await t.http().get('/admin/orders/123').set(admin.auth).expect(400);
    });
  });

  describe('POST /admin/orders/:id/cancel', () => {
    it('should cancel any customer’s pending order, expiring its session, with the admin as cause', async () => {
      const checkout = await startCheckout(t, customer);
      const { body } = await t.http().post(`/admin/orders/${checkout.orderId}/cancel`).set(admin.auth).expect(200);
      expect(body.status).toBe('canceled');
      expect(await paymentStatus(t, checkout.paymentId)).toBe('canceled');
      expect((await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)).status).toBe('expired');
      expect(await auditTrail(t, checkout.orderId)).toEqual([
        { from_status: 'pending', to_status: 'canceled', cause: `admin:${admin.id}` },
      ]);
    });

    it('should refuse a paid order with 409 and an unknown one with 404', async () => {
      const order = await paidOrder(t, customer);
      expect((await t.http().post(`/admin/orders/${order.orderId}/cancel`).set(admin.auth).expect(409)).body.code).toBe(
        'ORDER_NOT_CANCELABLE',
      );
      await t.http().post(`/admin/orders/${randomUUID()}/cancel`).set(admin.auth).expect(404);
    });
  });

  describe('webhook inbox', () => {
    it('should list failed events and replay one after the cause is fixed', async () => {
      const checkout = await startCheckout(t, customer);
      const restore = await failWrites(t, 'payments', 'UPDATE', 'payments table locked (test)');
      const event = stripeEvent('checkout.session.completed', {
        ...(await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)),
        status: 'complete',
        payment_status: 'paid',
      });
      try {
        await deliver(t, event).expect(500);
      } finally {
        await restore();
      }
      const failed = await t.http().get('/admin/webhook-events?status=failed&pageSize=100').set(admin.auth).expect(200);
      const row = failed.body.data.find((e: { eventId: string }) => e.eventId === event.id);
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 1,
        type: 'checkout.session.completed',
        lastError: expect.stringContaining('payments table locked'),
      });

      const replayed = await t.http().post(`/admin/webhook-events/${row.id}/replay`).set(admin.auth).expect(200);
      expect(replayed.body).toMatchObject({
        id: row.id,
        status: 'processed',
        attempts: 2,
        lastError: null,
        orderId: checkout.orderId,
      });
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');

      const again = await t.http().post(`/admin/webhook-events/${row.id}/replay`).set(admin.auth).expect(409);
      expect(again.body.code).toBe('WEBHOOK_EVENT_NOT_REPLAYABLE');
      const unknown = randomUUID();
      const missing = await t.http().post(`/admin/webhook-events/${unknown}/replay`).set(admin.auth).expect(404);
      expect(missing.body).toMatchObject({
        code: 'WEBHOOK_EVENT_NOT_FOUND',
        message: `Webhook event ${unknown} not found`,
      });
      expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 2, last_error: null }]);
    });

    it('should replay an event left received by an instance that died while handling it', async () => {
      const checkout = await startCheckout(t, customer);
      const event = stripeEvent('checkout.session.completed', {
        ...(await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)),
        status: 'complete',
        payment_status: 'paid',
      });
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO webhook_events (provider, event_id, type, payload, status, attempts)
         VALUES ('stripe', $1, $2, $3, 'received', 1) RETURNING id`,
        [event.id, event.type, JSON.stringify(event)],
      );

      const replayed = await t.http().post(`/admin/webhook-events/${id}/replay`).set(admin.auth).expect(200);
      expect(replayed.body).toMatchObject({ id, status: 'processed', orderId: checkout.orderId });
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    });

    it('should refuse a bad status filter', async () => {
      await t.http().get('/admin/webhook-events?status=lost').set(admin.auth).expect(400);
    });
  });

  describe('reconciler', () => {
    const run = () => t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);

    it('should mark paid, exactly once, a payment whose webhook never arrived; the late webhook then changes nothing', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents(); // The webhook is lost on the way.
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      // Past its expiry, as far as orderpay knows.
      await t.dataSource.query("UPDATE payments SET expires_at = now() - interval '1 minute' WHERE id = $1", [
        checkout.paymentId,
      ]);

      const { body } = await run();
      expect(body).toMatchObject({ ran: true, checkoutsChanged: 1, errors: 0 });
      expect(await orderStatus(t, checkout.orderId)).toBe('paid');
      expect(await auditTrail(t, checkout.orderId)).toEqual([
        { from_status: 'pending', to_status: 'paid', cause: 'reconciler' },
      ]);

      const second = await run();
      expect(second.body.checkoutsChanged).toBe(0);
      await t.stripe.releaseEvents();
      await t.stripe.waitForDeliveries();
      expect(
        t.stripe
          .deliveryLog()
          .filter((d) => d.type === 'checkout.session.completed')
          .at(-1)?.statusCode,
      ).toBe(200);
      expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
      expect(await paymentStatus(t, checkout.paymentId)).toBe('succeeded');
    });

    it('should expire attempts Stripe expired while their webhook was lost', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'expire');
      await t.dataSource.query("UPDATE payments SET expires_at = now() - interval '1 minute' WHERE id = $1", [
        checkout.paymentId,
      ]);
      await run();
      expect(await paymentStatus(t, checkout.paymentId)).toBe('expired');
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      await t.stripe.releaseEvents();
    });

    it('should hold no session lock: a run goes ahead while another connection holds the old advisory lock', async () => {
      // Session advisory locks do not survive PgBouncer's transaction pooling; rows are claimed instead.
      const holder = new Client({ connectionString: (t.dataSource.options as { url: string }).url });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock(7310624002)');
        expect((await run()).body).toMatchObject({ ran: true, errors: 0 });
      } finally {
        await holder.end();
      }
    });

    it('should apply a lost payment once when two runs overlap', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await t.dataSource.query("UPDATE payments SET expires_at = now() - interval '1 minute' WHERE id = $1", [
        checkout.paymentId,
      ]);
      const [a, b] = await Promise.all([run(), run()]);
      expect(a.body.checkoutsChanged + b.body.checkoutsChanged).toBe(1);
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      expect(await auditTrail(t, checkout.orderId)).toHaveLength(1);
      await t.stripe.releaseEvents();
    });
  });

  describe('every admin route refuses customers (403) and anonymous callers (401)', () => {
    const id = randomUUID();
    it.each([
      ['get', '/admin/orders'],
      ['get', `/admin/orders/${id}`],
      ['post', `/admin/orders/${id}/cancel`],
      ['post', `/admin/orders/${id}/refunds`],
      ['get', '/admin/webhook-events'],
      ['post', `/admin/webhook-events/${id}/replay`],
      ['post', '/admin/reconciliation/run'],
      ['get', '/admin/products'],
      ['post', '/admin/products'],
      ['patch', `/admin/products/${id}`],
    ] as const)('%s %s', async (method, path) => {
      const asCustomer = await t.http()[method](path).set(customer.auth).send({});
      expect(asCustomer.status).toBe(403);
      expect(asCustomer.body.code).toBe('FORBIDDEN');
      const anonymous = await t.http()[method](path).send({});
      expect(anonymous.status).toBe(401);
    });

    it('should document every admin route in OpenAPI with bearer auth and a 403', async () => {
      const { body } = await t.http().get('/docs-json').expect(200);
      const adminOperations = Object.entries(
        body.paths as Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>,
      )
        .filter(([path]) => path.startsWith('/admin/'))
        .flatMap(([, operations]) => Object.values(operations));
      expect(adminOperations.length).toBeGreaterThanOrEqual(10);
      for (const operation of adminOperations) {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation.responses['403']).toBeDefined();
      }
    });
  });
});

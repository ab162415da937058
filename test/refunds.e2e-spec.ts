import { randomUUID } from 'node:crypto';
import { countRows, createAdmin, createUser, TestUser } from './support/factories';
import {
  auditTrail,
  orderRow,
  paidOrder,
  paymentStatus,
  refundRows,
  deliver,
  startCheckout,
  stripeClient,
  stripeEvent,
  waitFor,
  waitForOrderStatus,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

describe('Refunds, disputes and late payments (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await createAdmin(t);
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const refund = (orderId: string, body: object = {}) =>
    t.http().post(`/admin/orders/${orderId}/refunds`).set(admin.auth).send(body);
  const waitForRefund = (orderId: string, status: string, count = 1) =>
    waitFor(async () => (await refundRows(t, orderId)).filter((r) => r.status === status).length >= count, {
      what: `${count} ${status} refund(s)`,
      timeoutMs: 5000,
    });

  it('should refund a paid order in full: 202 pending, then refunded when Stripe settles it', async () => {
    const order = await paidOrder(t, customer, 1250, 2);
    const { body } = await refund(order.orderId).expect(202);
    expect(body).toEqual({
      amount: 2500,
      refunds: [
        {
          refundId: expect.any(String),
          paymentId: order.paymentId,
          status: 'pending',
          amount: 2500,
          failureReason: null,
        },
      ],
    });
    const refundId = body.refunds[0].refundId;

    await waitForOrderStatus(t, order.orderId, 'refunded');
    expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'refunded', amount_refunded: 2500 });
    const [row] = await refundRows(t, order.orderId);
    expect(row).toMatchObject({
      id: refundId,
      amount: 2500,
      status: 'succeeded',
      requested_by: `user:${admin.id}`,
      provider_refund_id: expect.stringMatching(/^re_/),
    });
    const [payment] = await t.dataSource.query('SELECT amount_refunded FROM payments WHERE id = $1', [order.paymentId]);
    expect(payment.amount_refunded).toBe(2500);
    expect((await auditTrail(t, order.orderId)).map((e) => `${e.from_status}->${e.to_status}`)).toEqual([
      'pending->paid',
      'paid->refunded',
    ]);
    const atStripe = await stripeClient(t).refunds.retrieve(row.provider_refund_id!);
    expect(atStripe).toMatchObject({
      amount: 2500,
      payment_intent: order.paymentIntentId,
      metadata: expect.objectContaining({ refundId: refundId }),
    });
  });

  it('should refund part, keep the order paid, then refund the rest', async () => {
    const order = await paidOrder(t, customer, 1000, 3);
    await refund(order.orderId, { amount: 500, reason: 'requested_by_customer' }).expect(202);
    await waitForRefund(order.orderId, 'succeeded');
    expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'paid', amount_refunded: 500 });
    const customerView = await t.http().get(`/orders/${order.orderId}`).set(customer.auth).expect(200);
    expect(customerView.body).toMatchObject({ status: 'paid', amountRefunded: 500 });

    const rest = await refund(order.orderId).expect(202);
    expect(rest.body.amount).toBe(2500);
    await waitForOrderStatus(t, order.orderId, 'refunded');
    expect(await orderRow(t, order.orderId)).toMatchObject({ amount_refunded: 3000 });
    const nothingLeft = await refund(order.orderId, { amount: 1 }).expect(409);
    expect(nothingLeft.body.code).toBe('ORDER_NOT_REFUNDABLE');
  });

  it('should record a refund that fails at Stripe and let the amount be refunded again', async () => {
    const order = await paidOrder(t, customer);
    t.stripe.failNextRefund();
    await refund(order.orderId, { amount: 700 }).expect(202);
    await waitForRefund(order.orderId, 'failed');
    expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    const again = await refund(order.orderId).expect(202);
    expect(again.body.amount).toBe(2500);
    await waitForOrderStatus(t, order.orderId, 'refunded');
  });

  it('should never refund more than was paid when two partial refunds race for the last amount', async () => {
    const order = await paidOrder(t, customer, 1250, 2);
    await refund(order.orderId, { amount: 1500 }).expect(202);
    // 1000 left: each asks for 600; only one can have it.
    const racing = await Promise.all([refund(order.orderId, { amount: 600 }), refund(order.orderId, { amount: 600 })]);
    expect(racing.map((r) => r.status).sort()).toEqual([202, 422]);
    expect(racing.find((r) => r.status === 422)!.body.code).toBe('REFUND_EXCEEDS_REMAINING');
    // 400 left: each asks for all of it.
    const last = await Promise.all([refund(order.orderId, { amount: 400 }), refund(order.orderId, { amount: 400 })]);
    expect(last.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(last.find((r) => r.status === 409)!.body.code).toBe('ORDER_NOT_REFUNDABLE');
    await waitForOrderStatus(t, order.orderId, 'refunded');
    const rows = await refundRows(t, order.orderId);
    expect(rows.map((r) => r.amount)).toEqual([1500, 600, 400]);
    expect(await orderRow(t, order.orderId)).toMatchObject({ amount_refunded: 2500 });
  });

  describe('refusals (nothing written)', () => {
    let order: Awaited<ReturnType<typeof paidOrder>>;
    beforeAll(async () => {
      order = await paidOrder(t, customer);
    });

    const refused = async (orderId: string, body: object, status: number, code: string, message?: RegExp) => {
      const before = await countRows(t, 'refunds');
      const response = await refund(orderId, body);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, code });
      if (message) expect(response.body.message).toMatch(message);
      expect(await countRows(t, 'refunds')).toBe(before);
    };

    it.each([
      ['0', 0, /amount must be at least 1/],
      ['negative', -100, /amount must be at least 1/],
      ['fractional', 10.5, /amount must be a whole number/],
      ['a string', '100', /amount must be a whole number/],
    ])('should refuse an amount that is %s with 400', async (_case, amount, message) => {
      await refused(order.orderId, { amount }, 400, 'VALIDATION_FAILED', message);
    });

    it('should refuse an unknown reason and extra fields', async () => {
      await refused(order.orderId, { reason: 'because' }, 400, 'VALIDATION_FAILED', /reason/);
      await refused(
        order.orderId,
        { amount: 100, paymentIntent: 'pi_x' },
        400,
        'VALIDATION_FAILED',
        /paymentIntent should not exist/,
      );
    });

    it('should refuse more than what is left with 422', async () => {
      await refused(order.orderId, { amount: 2501 }, 422, 'REFUND_EXCEEDS_REMAINING', /more than the 25\.00 USD left/);
    });

    it('should refuse an unpaid order with 409 and an unknown one with 404', async () => {
      const pending = await startCheckout(t, customer);
      await refused(pending.orderId, {}, 409, 'ORDER_NOT_REFUNDABLE', /is pending/);
      await refused(randomUUID(), {}, 404, 'ORDER_NOT_FOUND');
    });

    it('should refuse customers (403) and anonymous callers (401)', async () => {
      const before = await countRows(t, 'refunds');
      await t.http().post(`/admin/orders/${order.orderId}/refunds`).set(customer.auth).send({}).expect(403);
      await t.http().post(`/admin/orders/${order.orderId}/refunds`).send({}).expect(401);
      expect(await countRows(t, 'refunds')).toBe(before);
    });
  });

  it('should record a refund made in the Stripe Dashboard from its events', async () => {
    const order = await paidOrder(t, customer);
    const dashboardRefund = await stripeClient(t).refunds.create({
      payment_intent: order.paymentIntentId,
      amount: 300,
    });
    await waitForRefund(order.orderId, 'succeeded');
    const [row] = await refundRows(t, order.orderId);
    expect(row).toMatchObject({
      amount: 300,
      reason: 'provider_dashboard',
      requested_by: 'provider',
      provider_refund_id: dashboardRefund.id,
    });
    expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'paid', amount_refunded: 300 });
  });

  it('should flag a disputed order with the dispute id, amount and reason', async () => {
    const order = await paidOrder(t, customer);
    const dispute = t.stripe.openDispute({ paymentIntent: order.paymentIntentId, reason: 'fraudulent' });
    await waitFor(
      async () =>
        (
          await t.dataSource.query("SELECT 1 FROM order_flags WHERE order_id = $1 AND kind = 'dispute'", [
            order.orderId,
          ])
        ).length === 1,
    );
    const { body } = await t.http().get('/admin/orders?flagged=true&pageSize=100').set(admin.auth).expect(200);
    const listed = body.data.find((o: { id: string }) => o.id === order.orderId);
    expect(listed.flags).toEqual([
      {
        kind: 'dispute',
        reference: dispute.id,
        details: expect.objectContaining({ amount: 2500, reason: 'fraudulent', currency: 'usd' }),
        createdAt: expect.any(String),
      },
    ]);
  });

  it('should record a payment that lands on a canceled order, refund it in full and flag it; the order stays canceled', async () => {
    const checkout = await startCheckout(t, customer, 900, 1);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(checkout.sessionId, 'pay');
    // The customer paid at Stripe, but orderpay saw the order canceled first: the race Stripe's
    // asynchrony allows (its completion event was still on the way).
    await t.dataSource.query("UPDATE payments SET status = 'canceled' WHERE id = $1", [checkout.paymentId]);
    await t.dataSource.query("UPDATE orders SET status = 'canceled', canceled_at = now() WHERE id = $1", [
      checkout.orderId,
    ]);
    await t.stripe.releaseEvents();

    await waitForRefund(checkout.orderId, 'succeeded');
    expect(await paymentStatus(t, checkout.paymentId)).toBe('succeeded');
    expect(await orderRow(t, checkout.orderId)).toMatchObject({ status: 'canceled', amount_refunded: 0 });
    const [row] = await refundRows(t, checkout.orderId);
    expect(row).toMatchObject({
      amount: 900,
      reason: 'late_payment',
      requested_by: 'system:late_payment',
      status: 'succeeded',
    });
    const [flag] = await t.dataSource.query('SELECT kind, details FROM order_flags WHERE order_id = $1', [
      checkout.orderId,
    ]);
    expect(flag).toEqual({
      kind: 'late_payment',
      details: expect.objectContaining({ refundId: row.id, amount: 900, orderStatus: 'canceled' }),
    });
    const [payment] = await t.dataSource.query('SELECT amount_refunded, amount_applied FROM payments WHERE id = $1', [
      checkout.paymentId,
    ]);
    expect(payment).toEqual({ amount_refunded: 900, amount_applied: 0 });
  });

  describe('refund events out of the ordinary', () => {
    const refundEvent = async (providerRefundId: string, changes: Record<string, unknown>) =>
      stripeEvent('refund.updated', { ...(await stripeClient(t).refunds.retrieve(providerRefundId)), ...changes });

    it('should undo a refund that fails after it succeeded: amounts back, order paid again, flagged', async () => {
      const order = await paidOrder(t, customer);
      await refund(order.orderId).expect(202);
      await waitForOrderStatus(t, order.orderId, 'refunded');
      const [row] = await refundRows(t, order.orderId);

      await deliver(
        t,
        await refundEvent(row.provider_refund_id!, { status: 'failed', failure_reason: 'expired_or_canceled_card' }),
      ).expect(200);
      expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
      expect((await refundRows(t, order.orderId))[0].status).toBe('failed');
      const [payment] = await t.dataSource.query('SELECT amount_refunded FROM payments WHERE id = $1', [
        order.paymentId,
      ]);
      expect(payment.amount_refunded).toBe(0);
      const flags = await t.dataSource.query('SELECT kind, details FROM order_flags WHERE order_id = $1', [
        order.orderId,
      ]);
      expect(flags).toEqual([
        {
          kind: 'refund_failed',
          details: expect.objectContaining({
            refundId: row.id,
            amount: 2500,
            failureReason: 'expired_or_canceled_card',
          }),
        },
      ]);
      expect((await auditTrail(t, order.orderId)).map((e) => `${e.from_status}->${e.to_status}`)).toEqual([
        'pending->paid',
        'paid->refunded',
        'refunded->paid',
      ]);
    });

    it('should not count a failed refund when a stale success event for it arrives late', async () => {
      const order = await paidOrder(t, customer);
      t.stripe.failNextRefund();
      await refund(order.orderId, { amount: 1000 }).expect(202);
      await waitForRefund(order.orderId, 'failed');
      const [failed] = await refundRows(t, order.orderId);
      await refund(order.orderId).expect(202);
      await waitForOrderStatus(t, order.orderId, 'refunded');

      await deliver(
        t,
        await refundEvent(failed.provider_refund_id!, { status: 'succeeded', failure_reason: null }),
      ).expect(200);
      expect((await refundRows(t, order.orderId)).map((r) => r.status)).toEqual(['failed', 'succeeded']);
      expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'refunded', amount_refunded: 2500 });
    });

    it('should not lose a Dashboard refund whose event arrives before the payment’s own completion', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      const session = await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId);
      await stripeClient(t).refunds.create({ payment_intent: session.payment_intent as string, amount: 300 });
      await waitFor(() => t.stripe.heldEventIds().length >= 3);
      // Refund events first, the completion last: the refund is answered 5xx until the payment is known.
      await t.stripe.releaseEvents('reversed');
      await waitForRefund(checkout.orderId, 'succeeded');
      expect(await orderRow(t, checkout.orderId)).toMatchObject({ status: 'paid', amount_refunded: 300 });
      expect(t.stripe.deliveryLog().some((d) => d.statusCode === 500)).toBe(true);
    });
  });
});

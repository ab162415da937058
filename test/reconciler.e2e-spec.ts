import { ReconcilerService } from '../src/payments/reconciliation/reconciler.service';
import { createAdmin, createUser, TestUser } from './support/factories';
import { orderStatus, paidOrder, paymentStatus, startCheckout, stripeClient } from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

describe('Reconciler (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;
  /** A timed run, as each instance's timer starts it: only what is due. */
  const timedRun = () => t.app.get(ReconcilerService).run();
  const runNow = () => t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);
  const makeDue = (paymentId: string) =>
    t.dataSource.query("UPDATE payments SET next_check_at = now() - interval '1 second' WHERE id = $1", [paymentId]);
  const checkState = async (paymentId: string) =>
    (
      await t.dataSource.query(
        `SELECT check_failures, next_check_at > now() + interval '50 seconds' AS backed_off FROM payments WHERE id = $1`,
        [paymentId],
      )
    )[0] as { check_failures: number; backed_off: boolean };

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('should recover a payment completed a minute ago whose webhook was lost, on "run now", and list the change', async () => {
    const checkout = await startCheckout(t, customer);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(checkout.sessionId, 'pay');
    // Fresh: not due for a timed run (its next check is at its expiry).
    expect((await timedRun()).changes).not.toContainEqual(expect.objectContaining({ paymentId: checkout.paymentId }));

    const { body } = await runNow();
    expect(body.changes).toContainEqual({
      paymentId: checkout.paymentId,
      orderId: checkout.orderId,
      from: 'open',
      to: 'succeeded',
    });
    expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    await t.stripe.releaseEvents();
  });

  it('should back off on a row that keeps failing, without starving the rows behind it, and flag it after 5 failures', async () => {
    // An attempt no provider can read (its provider was removed from the configuration), due first.
    const broken = await startCheckout(t, customer);
    await t.dataSource.query(
      "UPDATE payments SET provider = 'retired', next_check_at = now() - interval '1 hour' WHERE id = $1",
      [broken.paymentId],
    );
    const lost = await startCheckout(t, customer);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(lost.sessionId, 'pay');
    await makeDue(lost.paymentId);

    const first = await timedRun();
    expect(first.errors).toBeGreaterThanOrEqual(1);
    expect(first.changes).toContainEqual(expect.objectContaining({ paymentId: lost.paymentId, to: 'succeeded' }));
    expect(await checkState(broken.paymentId)).toEqual({ check_failures: 1, backed_off: true });

    // Backed off: the next timed run does not read it again.
    const second = await timedRun();
    expect(second.errors).toBe(0);
    expect(await checkState(broken.paymentId)).toEqual({ check_failures: 1, backed_off: true });

    await t.dataSource.query('UPDATE payments SET check_failures = 4 WHERE id = $1', [broken.paymentId]);
    await makeDue(broken.paymentId);
    await timedRun();
    expect(await checkState(broken.paymentId)).toEqual({ check_failures: 5, backed_off: true });
    const flags = await t.dataSource.query('SELECT kind, details FROM order_flags WHERE order_id = $1', [
      broken.orderId,
    ]);
    expect(flags).toEqual([
      {
        kind: 'payment_unreadable',
        details: expect.objectContaining({ paymentId: broken.paymentId, failures: 5 }),
      },
    ]);
    // "Run now" reads every open attempt, this one included, and counts its error.
    expect((await runNow()).body.errors).toBeGreaterThanOrEqual(1);
    await t.stripe.releaseEvents();
    // Out of the way of the other tests' "run now".
    await t.dataSource.query("UPDATE payments SET status = 'failed' WHERE id = $1", [broken.paymentId]);
  });

  it('should read a waiting attempt again later, not on every run', async () => {
    const checkout = await startCheckout(t, customer);
    await makeDue(checkout.paymentId);
    const run = await timedRun();
    expect(run.checkoutsChecked).toBeGreaterThanOrEqual(1);
    expect(await paymentStatus(t, checkout.paymentId)).toBe('open');
    const [row] = await t.dataSource.query(
      `SELECT check_failures, next_check_at > now() + interval '4 minutes' AS later FROM payments WHERE id = $1`,
      [checkout.paymentId],
    );
    expect(row).toEqual({ check_failures: 0, later: true });
  });

  it('should share the work between overlapping runs: a lost payment is applied and counted once', async () => {
    const checkouts = await Promise.all([1, 2, 3].map(() => startCheckout(t, customer)));
    t.stripe.holdEvents();
    for (const checkout of checkouts) {
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await makeDue(checkout.paymentId);
    }
    const reports = await Promise.all([timedRun(), timedRun(), timedRun()]);
    const ids = checkouts.map((c) => c.paymentId);
    const changed = reports.flatMap((r) => r.changes).filter((c) => ids.includes(c.paymentId));
    expect(changed).toHaveLength(3);
    for (const checkout of checkouts) expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    await t.stripe.releaseEvents();
  });

  describe("refunds near Stripe's 24 h idempotency window", () => {
    /** A refund row written 21 hours ago whose submission was never acknowledged. */
    const oldUnacknowledgedRefund = async (order: { orderId: string; paymentId: string }, amount: number) =>
      (
        await t.dataSource.query(
          `INSERT INTO refunds (payment_id, order_id, amount, status, reason, requested_by, created_at)
           VALUES ($1, $2, $3, 'pending', 'requested_by_customer', 'user:test', now() - interval '21 hours')
           RETURNING id`,
          [order.paymentId, order.orderId, amount],
        )
      )[0].id as string;

    it('should find one that reached Stripe by its metadata, and not refund twice', async () => {
      const order = await paidOrder(t, customer, 1000, 2);
      const refundId = await oldUnacknowledgedRefund(order, 600);
      // Our first submission reached Stripe, but its answer (and its events) never came back.
      t.stripe.holdEvents();
      const atStripe = await stripeClient(t).refunds.create({
        payment_intent: order.paymentIntentId,
        amount: 600,
        metadata: { refundId, orderId: order.orderId, paymentId: order.paymentId },
      });

      const { body } = await runNow();
      expect(body.errors).toBe(0);
      const [row] = await t.dataSource.query('SELECT provider_refund_id FROM refunds WHERE id = $1', [refundId]);
      expect(row.provider_refund_id).toBe(atStripe.id);
      const { data } = await stripeClient(t).refunds.list({ payment_intent: order.paymentIntentId });
      expect(data).toHaveLength(1);
      await t.stripe.releaseEvents();
    });

    it('should submit one that never reached Stripe, once', async () => {
      const order = await paidOrder(t, customer, 1000, 2);
      const refundId = await oldUnacknowledgedRefund(order, 300);
      await runNow();
      const { data } = await stripeClient(t).refunds.list({ payment_intent: order.paymentIntentId });
      expect(data.map((r) => ({ amount: r.amount, refundId: r.metadata?.refundId }))).toEqual([
        { amount: 300, refundId },
      ]);
    });
  });
});

import { countRows, createAdmin, createUser, TestUser } from './support/factories';
import { orderRow, paidOrder, refundRows, waitFor } from './support/payments';
import { refundsAtStripe } from './support/stripe-requests';
import { createTestApp, TestApp } from './support/test-app';

/**
 * What an admin refund asks Stripe for (amount, reason, metadata), read back from the local Stripe
 * emulator, and what a refund Stripe fails afterwards leaves for the admin to read.
 */
describe('Refund requests (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const refund = (orderId: string, body: object) =>
    t.http().post(`/admin/orders/${orderId}/refunds`).set(admin.auth).send(body);

  const waitForRefundStatus = (orderId: string, status: string) =>
    waitFor(async () => (await refundRows(t, orderId)).some((row) => row.status === status), {
      what: `a ${status} refund on order ${orderId}`,
      timeoutMs: 5000,
    });

  it.each([
    { asked: 'duplicate', given: 'duplicate', sent: 'duplicate' },
    { asked: 'fraudulent', given: 'fraudulent', sent: 'fraudulent' },
    { asked: 'requested_by_customer', given: 'requested_by_customer', sent: 'requested_by_customer' },
    { asked: 'no reason', given: undefined, sent: 'requested_by_customer' },
  ])(
    'should send Stripe reason $sent when asked with $asked, with the ids in the metadata',
    async ({ given, sent }) => {
      const order = await paidOrder(t, customer, 1000, 3);
      const { body } = await refund(order.orderId, { amount: 1200, ...(given && { reason: given }) }).expect(202);
      expect(body).toEqual({
        amount: 1200,
        refunds: [
          {
            refundId: expect.any(String),
            paymentId: order.paymentId,
            status: 'pending',
            amount: 1200,
            failureReason: null,
          },
        ],
      });
      const refundId = body.refunds[0].refundId;

      const atStripe = await refundsAtStripe(t, order.paymentIntentId);
      expect(atStripe).toHaveLength(1);
      expect(atStripe[0]).toMatchObject({ amount: 1200, currency: 'usd', reason: sent });
      expect(atStripe[0].metadata).toEqual({
        orderId: order.orderId,
        paymentId: order.paymentId,
        refundId: refundId,
        note: sent,
      });
      const [row] = await refundRows(t, order.orderId);
      expect(row).toMatchObject({
        id: refundId,
        amount: 1200,
        reason: sent,
        requested_by: `user:${admin.id}`,
        provider_refund_id: atStripe[0].id,
      });
    },
  );

  it('should answer 404 naming an unknown order, and write no refund', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const before = await countRows(t, 'refunds');
    const { body } = await refund(unknown, { amount: 100 }).expect(404);
    expect(body).toMatchObject({ code: 'ORDER_NOT_FOUND', message: `Order ${unknown} not found` });
    expect(await countRows(t, 'refunds')).toBe(before);
  });

  it('should show the reason Stripe gives for a refund that failed in the admin order detail', async () => {
    const order = await paidOrder(t, customer, 1500, 2);
    // The emulator's own HTTP control, as a person testing by hand would arm it.
    const control = await fetch(`${t.stripe.url}/_emulator/refunds/fail_next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failure_reason: 'expired_or_canceled_card' }),
    });
    expect(control.status).toBe(200);

    const { body } = await refund(order.orderId, { amount: 1000, reason: 'duplicate' }).expect(202);
    await waitForRefundStatus(order.orderId, 'failed');
    await t.stripe.waitForDeliveries();

    const [atStripe] = await refundsAtStripe(t, order.paymentIntentId);
    expect(atStripe).toMatchObject({ id: expect.any(String), status: 'failed' });
    const detail = await t.http().get(`/admin/orders/${order.orderId}`).set(admin.auth).expect(200);
    expect(detail.body).toMatchObject({ status: 'paid', amountRefunded: 0 });
    expect(detail.body.refunds).toEqual([
      expect.objectContaining({
        id: body.refunds[0].refundId,
        amount: 1000,
        status: 'failed',
        reason: 'duplicate',
        providerRefundId: atStripe.id,
        failureReason: 'expired_or_canceled_card',
      }),
    ]);
    expect(await orderRow(t, order.orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
  });
});

import { createOrder, createProduct, createUser, TestUser } from './support/factories';
import { startCheckout, stripeClient, waitForOrderStatus } from './support/payments';
import { attemptAtStripe } from './support/stripe-requests';
import { createTestApp, TestApp } from './support/test-app';

/**
 * What POST /orders/:id/pay asks Stripe for, read back from the local Stripe emulator: every field
 * of the Checkout Session the customer will pay, not only the answer orderpay gives.
 */
describe('Checkout Session requests (e2e)', () => {
  describe('an order of several lines', () => {
    let t: TestApp;
    let customer: TestUser;

    beforeAll(async () => {
      t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
      customer = await createUser(t);
    });
    afterAll(() => t.close());

    it('should send every line in position order, the total, currency, email, both ids and the amount in the metadata', async () => {
      const cup = await createProduct(t, { name: 'Espresso cup', unitAmount: 1299 });
      const towel = await createProduct(t, { name: 'Tea towel', unitAmount: 450 });
      const saucer = await createProduct(t, { name: 'Saucer', unitAmount: 350 });
      const order = await createOrder(t, customer, [
        { productId: towel.id, quantity: 2 },
        { productId: cup.id, quantity: 3 },
        { productId: saucer.id, quantity: 1 },
      ]);
      const total = 2 * 450 + 3 * 1299 + 350;
      expect(order.totalAmount).toBe(total);
      // Rewrite the first line so PostgreSQL hands it back last: the lines must come out in the
      // customer's order because the code sorts them, not because of how the rows are stored.
      await t.dataSource.query(
        `WITH moved AS (DELETE FROM order_items WHERE order_id = $1 AND position = 0 RETURNING *)
         INSERT INTO order_items SELECT * FROM moved`,
        [order.id],
      );
      const stored = await t.dataSource.query('SELECT position FROM order_items WHERE order_id = $1', [order.id]);
      expect(stored.map((r: { position: number }) => r.position)).toEqual([1, 2, 0]);
      const expectedLines = [
        { name: 'Tea towel', unitAmount: 450, quantity: 2, lineTotal: 900 },
        { name: 'Espresso cup', unitAmount: 1299, quantity: 3, lineTotal: 3897 },
        { name: 'Saucer', unitAmount: 350, quantity: 1, lineTotal: 350 },
      ];

      const read = await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
      expect(read.body.items).toEqual([
        { productId: towel.id, ...expectedLines[0] },
        { productId: cup.id, ...expectedLines[1] },
        { productId: saucer.id, ...expectedLines[2] },
      ]);

      const pay = await t
        .http()
        .post(`/orders/${order.id}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(201);
      const { row, session, lines } = await attemptAtStripe(t, pay.body.paymentId);

      expect(lines.map((line) => [line.description, line.price?.unit_amount, line.quantity, line.currency])).toEqual(
        expectedLines.map(({ name, unitAmount, quantity }) => [name, unitAmount, quantity, 'usd']),
      );
      expect(lines.map((line) => line.amount_total)).toEqual(expectedLines.map((line) => line.lineTotal));
      expect(session).toMatchObject({
        mode: 'payment',
        status: 'open',
        amount_total: total,
        currency: 'usd',
        customer_email: customer.email,
        client_reference_id: order.id,
        metadata: { orderId: order.id, paymentId: pay.body.paymentId, amount: String(total) },
        url: pay.body.checkoutUrl,
        success_url: `http://shop.example.test/payment/success?orderId=${order.id}&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `http://shop.example.test/payment/cancel?orderId=${order.id}`,
      });
      expect(Object.keys(session.metadata ?? {}).sort()).toEqual(['amount', 'orderId', 'paymentId']);

      // The attempt row holds what Stripe answered, and the caller gets the same.
      expect(row).toMatchObject({ status: 'open', amount: total, currency: 'usd', checkout_url: session.url });
      expect(row.expires_at.getTime()).toBe(session.expires_at * 1000);
      expect(pay.body).toEqual({
        paymentId: pay.body.paymentId,
        orderId: order.id,
        provider: 'stripe',
        status: 'open',
        amount: total,
        currency: 'usd',
        checkoutUrl: session.url,
        expiresAt: new Date(session.expires_at * 1000).toISOString(),
      });

      // payment_intent_data.metadata: the PaymentIntent made when the customer pays carries both
      // ids, which is how charge, refund and dispute events find the order.
      t.stripe.checkoutAction(session.id, 'pay');
      await waitForOrderStatus(t, order.id, 'paid');
      const paid = await stripeClient(t).checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
      expect(paid.payment_intent).toMatchObject({
        amount: total,
        currency: 'usd',
        metadata: { orderId: order.id, paymentId: pay.body.paymentId },
      });
    });
  });

  // Stripe takes 30 minutes to 24 hours from its own clock; orderpay keeps a minute of slack at
  // both ends, so CHECKOUT_TTL_MINUTES' own bounds (30 and 1440) are pulled inside.
  describe.each([
    { ttl: 30, seconds: 31 * 60, what: 'pulled up to 31 minutes' },
    { ttl: 90, seconds: 90 * 60, what: 'the configured 90 minutes' },
    { ttl: 1440, seconds: 24 * 3600 - 60, what: 'pulled down to 23 h 59 min' },
  ])('with CHECKOUT_TTL_MINUTES=$ttl', ({ ttl, seconds, what }) => {
    let t: TestApp;
    let customer: TestUser;

    beforeAll(async () => {
      t = await createTestApp({ CHECKOUT_TTL_MINUTES: String(ttl) });
      customer = await createUser(t);
    });
    afterAll(() => t.close());

    it(`should ask for a session that expires ${what} after it was opened`, async () => {
      const before = Math.floor(Date.now() / 1000);
      const checkout = await startCheckout(t, customer);
      const after = Math.ceil(Date.now() / 1000);

      const { row, session } = await attemptAtStripe(t, checkout.paymentId);
      expect(session.expires_at).toBeGreaterThanOrEqual(before + seconds);
      expect(session.expires_at).toBeLessThanOrEqual(after + seconds);
      expect(row.expires_at.getTime()).toBe(session.expires_at * 1000);
    });
  });
});

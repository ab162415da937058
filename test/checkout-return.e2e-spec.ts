import { randomUUID } from 'node:crypto';
import { createUser, TestUser } from './support/factories';
import { paymentStatus, startCheckout, StartedCheckout, waitFor, waitForOrderStatus } from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/** What the status route may tell whoever holds a session id: nothing about the customer. */
const STATUS_FIELDS = ['amount', 'currency', 'final', 'message', 'orderStatus', 'state', 'title'];
/** Words of a developer or of an internal error: none may reach a customer's page. */
const DEVELOPER_WORDING = /GET |POST |\/orders|webhook|JSON|swagger|\/docs|Needs review|bounced|exception|undefined/i;

describe('Checkout return: the public status route and the return pages', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const statusOf = (checkout: Pick<StartedCheckout, 'sessionId' | 'orderId'>) =>
    t.http().get(`/checkout-sessions/${checkout.sessionId}/status`).query({ orderId: checkout.orderId });
  const waitForPayment = (checkout: StartedCheckout, status: string) =>
    waitFor(async () => (await paymentStatus(t, checkout.paymentId)) === status, {
      what: `payment ${status}`,
      timeoutMs: 5000,
    });
  const expectNotFound = (body: unknown) =>
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No such checkout for this order',
      code: 'CHECKOUT_SESSION_NOT_FOUND',
    });

  describe('GET /checkout-sessions/:sessionId/status', () => {
    it('should answer paid, the total and nothing about the customer once the order is paid', async () => {
      const checkout = await startCheckout(t, customer, 1299, 2);
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await waitForOrderStatus(t, checkout.orderId, 'paid');

      const response = await statusOf(checkout).expect(200);
      expect(response.body).toEqual({
        state: 'paid',
        final: true,
        title: 'Payment received',
        message: 'Thank you! Your order is paid.',
        orderStatus: 'paid',
        amount: 2598,
        currency: 'usd',
      });
      expect(Object.keys(response.body).sort()).toEqual(STATUS_FIELDS);
      expect(JSON.stringify(response.body)).not.toContain(customer.email);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('should answer confirming right after Pay, until the confirmation arrives', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay');

      const waiting = await statusOf(checkout).expect(200);
      expect(waiting.body).toMatchObject({ state: 'confirming', final: false, orderStatus: 'pending' });
      expect(waiting.body.message).toContain('waiting for the payment confirmation');

      await t.stripe.releaseEvents();
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      expect((await statusOf(checkout).expect(200)).body).toMatchObject({ state: 'paid', final: true });
    });

    it('should answer processing with the reason while a bank payment settles, then failed in customer words', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      await waitForPayment(checkout, 'processing');

      const processing = await statusOf(checkout).expect(200);
      expect(processing.body).toMatchObject({ state: 'processing', final: false, orderStatus: 'pending' });
      expect(processing.body.message).toContain('Your bank payment is being processed; this can take a few days');

      t.stripe.checkoutAction(checkout.sessionId, 'async_fail');
      await waitForPayment(checkout, 'failed');
      const [{ failure_reason: internalReason }] = await t.dataSource.query(
        'SELECT failure_reason FROM payments WHERE id = $1',
        [checkout.paymentId],
      );
      expect(internalReason).toEqual(expect.any(String));

      const failed = await statusOf(checkout).expect(200);
      expect(failed.body).toMatchObject({
        state: 'failed',
        final: true,
        orderStatus: 'pending',
        title: 'Payment failed',
      });
      expect(failed.body.message).toContain('did not go through');
      expect(JSON.stringify(failed.body)).not.toContain(internalReason);
      expect(failed.body.message).not.toMatch(DEVELOPER_WORDING);
    });

    it('should answer canceled once the customer canceled the order', async () => {
      const checkout = await startCheckout(t, customer);
      await t.http().post(`/orders/${checkout.orderId}/cancel`).set(customer.auth).expect(200);

      const response = await statusOf(checkout).expect(200);
      expect(response.body).toMatchObject({
        state: 'canceled',
        final: true,
        orderStatus: 'canceled',
        title: 'Order canceled',
      });
    });

    it('should answer expired when the checkout ran out unpaid', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'expire');
      await waitForPayment(checkout, 'expired');

      const response = await statusOf(checkout).expect(200);
      expect(response.body).toMatchObject({ state: 'expired', final: true, orderStatus: 'pending' });
      expect(response.body.message).toContain('nothing was charged');
    });

    it('should answer expired once the session’s time is up, before Stripe’s expiry event arrives', async () => {
      const checkout = await startCheckout(t, customer);
      await t.dataSource.query(`UPDATE payments SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        checkout.paymentId,
      ]);

      const response = await statusOf(checkout).expect(200);
      expect(response.body).toMatchObject({ state: 'expired', final: true, orderStatus: 'pending' });
      expect(await paymentStatus(t, checkout.paymentId)).toBe('open');
    });

    it('should answer 404 for a session id nobody was given', async () => {
      const checkout = await startCheckout(t, customer);
      const unknown = `cs_test_a1${'x'.repeat(56)}`;
      expectNotFound((await statusOf({ sessionId: unknown, orderId: checkout.orderId }).expect(404)).body);
      expectNotFound((await statusOf({ sessionId: checkout.sessionId, orderId: randomUUID() }).expect(404)).body);
    });

    it("should answer 404, exactly as for an unknown one, for another order's session", async () => {
      const mine = await startCheckout(t, customer);
      const someoneElses = await startCheckout(t, await createUser(t));
      expectNotFound((await statusOf({ sessionId: someoneElses.sessionId, orderId: mine.orderId }).expect(404)).body);
      expectNotFound((await statusOf({ sessionId: mine.sessionId, orderId: someoneElses.orderId }).expect(404)).body);
      // A second order of the same customer does not unlock the first one's session either.
      const myOther = await startCheckout(t, customer);
      expectNotFound((await statusOf({ sessionId: mine.sessionId, orderId: myOther.orderId }).expect(404)).body);
    });

    it('should be documented as a public route for a shop of its own', async () => {
      const { body } = await t.http().get('/docs-json').expect(200);
      const route = body.paths['/checkout-sessions/{sessionId}/status'].get;
      expect(route.security).toEqual([]);
      expect(Object.keys(route.responses).sort()).toEqual(['200', '400', '404', '413', '415', '429']);
      expect(body.paths['/payment/success']).toBeUndefined();
    });

    it.each([
      [
        'an unreplaced template',
        encodeURIComponent('{CHECKOUT_SESSION_ID}'),
        { orderId: randomUUID() },
        /sessionId must be a checkout id: the provider's session id .* or the paymentId/,
      ],
      [
        'a session id with a space',
        'cs_test_a1%20b',
        { orderId: randomUUID() },
        /sessionId must be a checkout id: the provider's session id .* or the paymentId/,
      ],
      [
        'a session id past 255 characters',
        `cs_test_${'a'.repeat(250)}`,
        { orderId: randomUUID() },
        /sessionId must be a checkout id: the provider's session id .* or the paymentId/,
      ],
      ['no orderId', 'cs_test_a1abc', {}, /orderId must be a UUID/],
      ['an orderId that is not a UUID', 'cs_test_a1abc', { orderId: '42' }, /orderId must be a UUID/],
      ['two orderIds', 'cs_test_a1abc', { orderId: [randomUUID(), randomUUID()] }, /orderId must be a UUID/],
      [
        'an unknown parameter',
        'cs_test_a1abc',
        { orderId: randomUUID(), email: 'x@example.test' },
        /email should not exist/,
      ],
    ])('should answer 400 in the error shape for %s', async (_case, sessionId, query, message) => {
      const { body } = await t.http().get(`/checkout-sessions/${sessionId}/status`).query(query).expect(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
      expect(body.message).toMatch(message);
    });
  });

  describe('the return pages', () => {
    const viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">';
    /** Every script on the page is a same-origin file: helmet's CSP refuses inline ones. */
    const inlineScripts = (html: string) => [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/g)];
    const visibleText = (html: string) => html.replace(/<[^>]+>/g, ' ');

    it('should show a paid order as paid, with the total, on a page made for phones', async () => {
      const checkout = await startCheckout(t, customer, 1299, 2);
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await waitForOrderStatus(t, checkout.orderId, 'paid');

      const page = await t
        .http()
        .get('/payment/success')
        .query({ orderId: checkout.orderId, session_id: checkout.sessionId })
        .expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain(viewport);
      expect(page.text).toContain('<h1 data-field="title">Payment received</h1>');
      expect(page.text).toContain('$25.98');
      expect(page.text).toContain('data-state="paid" data-final="true"');
      // Final: nothing to poll, so no script at all.
      expect(page.text).not.toContain('<script');
      expect(page.text).toContain('href="http://shop.example.test/"');
      expect(visibleText(page.text)).not.toMatch(DEVELOPER_WORDING);
    });

    it('should poll from a same-origin script while waiting, at a status URL that answers', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'pay_later');
      await waitForPayment(checkout, 'processing');

      const page = await t
        .http()
        .get('/payment/success')
        .query({ orderId: checkout.orderId, session_id: checkout.sessionId })
        .expect(200);
      expect(page.text).toContain('Your bank payment is being processed; this can take a few days');
      expect(page.text).not.toMatch(/within a second/);
      expect(page.text).toContain('<script src="assets/return-page.js" defer></script>');
      expect(inlineScripts(page.text)).toEqual([]);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);

      const statusUrl = /data-status-url="([^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
      const resolved = new URL(statusUrl, `http://app.test/payment/success`);
      const status = await t.http().get(`${resolved.pathname}${resolved.search}`).expect(200);
      expect(status.body).toMatchObject({ state: 'processing', final: false });

      const script = await t.http().get('/payment/assets/return-page.js').expect(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- parses the served script without running it
      expect(() => new Function(script.text)).not.toThrow();
      const css = await t.http().get('/payment/assets/return-page.css').expect(200);
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.text).toContain('@media (max-width: 36rem)');
    });

    it('should say the payment was canceled and lead back to the shop', async () => {
      const checkout = await startCheckout(t, customer);
      const page = await t.http().get('/payment/cancel').query({ orderId: checkout.orderId }).expect(200);
      expect(page.text).toContain(viewport);
      expect(page.text).toContain('<h1>Payment canceled</h1>');
      expect(page.text).toContain('nothing was charged');
      expect(page.text).toContain('<a class="button primary" href="http://shop.example.test/">Back to the shop</a>');
      expect(visibleText(page.text)).not.toMatch(DEVELOPER_WORDING);
      expect(inlineScripts(page.text)).toEqual([]);
    });

    it('should answer a link for another order or an unknown session with a not-found page, and bad links with 400', async () => {
      const mine = await startCheckout(t, customer);
      const other = await startCheckout(t, customer);
      const mismatched = await t
        .http()
        .get('/payment/success')
        .query({ orderId: other.orderId, session_id: mine.sessionId })
        .expect(404);
      expect(mismatched.text).toContain('Payment not found');
      expect(mismatched.text).toContain(viewport);
      expect(mismatched.text).not.toContain('$');

      const hostile = await t
        .http()
        .get('/payment/success')
        .query({ orderId: '<script>alert(1)</script>', session_id: mine.sessionId })
        .expect(400);
      expect(hostile.text).not.toContain('alert(1)');
      await t
        .http()
        .get('/payment/success')
        .query({ orderId: mine.orderId, session_id: '{CHECKOUT_SESSION_ID}' })
        .expect(400);
      await t.http().get('/payment/success').query({ orderId: mine.orderId }).expect(400);
    });
  });

  // On an app of its own: the budget is per IP and every other test here spends some of it.
  it('should rate-limit the status route per IP with 429 RATE_LIMITED', async () => {
    const fresh = await createTestApp();
    try {
      const unknown = { sessionId: `cs_test_a1${'y'.repeat(56)}`, orderId: randomUUID() };
      const statusAt = () =>
        fresh.http().get(`/checkout-sessions/${unknown.sessionId}/status`).query({ orderId: unknown.orderId });
      const statuses: number[] = [];
      for (let i = 0; i < 125; i++) statuses.push((await statusAt()).status);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(statuses.slice(0, 100).every((status) => status === 404)).toBe(true);
      const { body } = await statusAt().expect(429);
      expect(body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    } finally {
      await fresh.close();
    }
  });
});

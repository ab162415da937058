import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PayPalApiError } from '../../src/stripe-emulator/paypal/paypal-errors';
import { createProduct } from '../support/factories';
import { auditTrail } from '../support/payments';
import { createTestApp, TestApp } from '../support/test-app';
import { assertChromiumInstalled, launchChromium, newIsolatedContext, screenshot } from './support/browser';
import { ApiCustomer, FakeShop, registerAndLogin, startFakeShop } from './support/journey';

jest.setTimeout(60_000);

interface StartedPayPalPayment {
  orderId: string;
  paymentId: string;
  /** The PayPal order id: the `token` of the approval page. */
  paypalOrderId: string;
  checkoutUrl: string;
}

interface AttemptRow {
  provider: string;
  status: string;
  amount: number;
  provider_session_id: string;
  provider_payment_intent_id: string | null;
  failure_code: string | null;
}

/**
 * A customer pays with PayPal: an order made over the API, `POST /orders/:id/pay {paymentMethod:
 * "paypal"}`, then the emulator's PayPal stand-in (its approval page) in a real (headless)
 * Chromium, and back on orderpay's own return pages (FRONTEND_URL served by the app, as with
 * nothing configured). orderpay captures the approved PayPal order on the customer's return (or on
 * CHECKOUT.ORDER.APPROVED, whichever comes first): the page and the database must agree.
 */
describe('PayPal Checkout in Chromium (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let customer: ApiCustomer;
  let context: BrowserContext;
  let page: Page;
  let blocked: string[];
  let pageErrors: string[];
  let shop: FakeShop;

  beforeAll(async () => {
    assertChromiumInstalled();
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    shop = await startFakeShop(t);
    shop.mode = 'app';
    browser = await launchChromium({ mapHosts: shop.hostMapping });
    customer = await registerAndLogin(t, 'paypal-buyer');
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await t?.close();
  });

  beforeEach(async () => {
    shop.visits.length = 0;
    ({ context, page, blocked } = await newIsolatedContext(browser, [t.stripe.url, t.baseUrl, shop.origin]));
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    if (!context) return; // beforeAll failed (e.g. no Chromium): that error is the one to read
    await context.close();
    // Nothing reaches past the app, the emulator (Stripe and the PayPal stand-in) and the shop.
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const heading = (name: string) => page.getByRole('heading', { name, exact: true });

  const getOrder = async (orderId: string) =>
    (await t.http().get(`/orders/${orderId}`).set(customer.auth).expect(200)).body;
  const attempt = async (paymentId: string): Promise<AttemptRow> =>
    (
      await t.dataSource.query(
        `SELECT provider, status, amount, provider_session_id, provider_payment_intent_id, failure_code
           FROM payments WHERE id = $1`,
        [paymentId],
      )
    )[0];
  const orderEvents = async (orderId: string) =>
    Number(
      (await t.dataSource.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [orderId]))[0].n,
    );
  /** Everything the stand-in and orderpay sent each other about this PayPal order has landed. */
  const settle = async () => {
    await t.stripe.paypal.waitForDeliveries();
    await t.stripe.waitForDeliveries();
  };
  const paypalEventsFor = (paypalOrderId: string) =>
    t.stripe.paypal
      .events()
      .filter((event) => JSON.stringify(event).includes(paypalOrderId))
      .map((event) => event.event_type);

  /**
   * Two lines (2 × $12.99 + 1 × $8.50 = $34.48), one name that must be escaped on the approval
   * page, and `/pay` with PayPal answered with the approval page's URL.
   */
  async function orderAndPayWithPayPal(): Promise<StartedPayPalPayment> {
    const mug = await createProduct(t, { name: 'Blue mug', unitAmount: 1299 });
    const towel = await createProduct(t, { name: 'Tea towel "Kitchen" <linen> & co', unitAmount: 850 });
    const items = [
      { productId: mug.id, quantity: 2 },
      { productId: towel.id, quantity: 1 },
    ];
    const created = await t.http().post('/orders').set(customer.auth).send({ items }).expect(201);
    expect(created.body).toMatchObject({ status: 'pending', totalAmount: 3448 });
    const orderId = created.body.id as string;

    const pay = await t
      .http()
      .post(`/orders/${orderId}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'paypal' })
      .expect(201);
    expect(pay.body).toMatchObject({ orderId, provider: 'paypal', status: 'open', amount: 3448, currency: 'usd' });
    const paymentId = pay.body.paymentId as string;
    const row = await attempt(paymentId);
    expect(row).toMatchObject({ provider: 'paypal', status: 'open', amount: 3448, provider_payment_intent_id: null });
    const paypalOrderId = row.provider_session_id;
    // PayPal's own checkout path, on the emulator, naming the PayPal order orderpay created.
    expect(pay.body.checkoutUrl).toBe(`${t.stripe.url}/checkoutnow?token=${paypalOrderId}`);
    return { orderId, paymentId, paypalOrderId, checkoutUrl: pay.body.checkoutUrl as string };
  }

  async function openApprovalPage(checkoutUrl: string): Promise<void> {
    const response = await page.goto(checkoutUrl);
    expect(response?.status()).toBe(200);
    await heading('Pay with PayPal').waitFor();
  }

  /** Where PayPal sends the buyer back: orderpay's success URL with PayPal's `token` and `PayerID` added. */
  async function expectBackOnSuccessPage({ orderId, paymentId, paypalOrderId }: StartedPayPalPayment): Promise<void> {
    await page.waitForURL((url) => url.origin === shop.origin && url.pathname === '/payment/success');
    const back = new URL(page.url());
    expect(back.searchParams.get('orderId')).toBe(orderId);
    // PayPal cannot put its order id into the return URL: the attempt's id stands for it.
    expect(back.searchParams.get('session_id')).toBe(paymentId);
    expect(back.searchParams.get('token')).toBe(paypalOrderId);
    expect(back.searchParams.get('PayerID')).toMatch(/^[A-Z0-9]+$/);
  }

  it('shows the items and total; Approve lands on the success page saying "Payment received", and the order is paid', async () => {
    const started = await orderAndPayWithPayPal();
    const { orderId, paymentId, paypalOrderId, checkoutUrl } = started;

    await openApprovalPage(checkoutUrl);
    const rows = page.getByTestId('line-item');
    expect(await rows.count()).toBe(2);
    const [first, second] = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
    expect(first).toContain('Blue mug');
    expect(first).toContain('2 × 12.99 USD');
    expect(first).toContain('25.98 USD');
    // The product name travels in orderpay's request to PayPal: shown as text, not parsed as markup.
    expect(second).toContain('Tea towel "Kitchen" <linen> & co');
    expect(second).toContain('1 × 8.50 USD');
    expect(await page.getByTestId('total').innerText()).toBe('34.48 USD');
    expect(await page.getByText(paypalOrderId).isVisible()).toBe(true);
    for (const name of [
      'Approve',
      'Approve: capture pending (eCheck, settles later)',
      'Approve: capture denied',
      'Cancel and return to merchant',
    ])
      expect(await button(name).isVisible()).toBe(true);
    await screenshot(page, 'paypal-approval-page');

    await button('Approve').click();
    await expectBackOnSuccessPage(started);
    await heading('Payment received').waitFor();
    expect(await page.getByRole('status').innerText()).toBe('Thank you! Your order is paid.');
    expect(await page.getByTestId('total').innerText()).toBe('$34.48');
    expect(await page.locator('main').getAttribute('data-final')).toBe('true');
    await screenshot(page, 'paypal-success-page');

    // The database says what the page said: paid once, by the capture of this PayPal order.
    await settle();
    expect(await getOrder(orderId)).toMatchObject({
      status: 'paid',
      totalAmount: 3448,
      amountPaid: 3448,
      amountDue: 0,
      paidAt: expect.any(String),
    });
    const row = await attempt(paymentId);
    expect(row).toMatchObject({ provider: 'paypal', status: 'succeeded', failure_code: null });
    expect(row.provider_payment_intent_id).toEqual(expect.any(String)); // the capture's id
    expect(await orderEvents(orderId)).toBe(1);
    // Taken on the customer's return, or by the approval webhook if it came first: either, once.
    expect(await auditTrail(t, orderId)).toEqual([
      {
        from_status: 'pending',
        to_status: 'paid',
        cause: expect.stringMatching(new RegExp(`^(customer_return:${paymentId}|paypal_event:WH-.+)$`)),
      },
    ]);
    // One capture at PayPal, however many of orderpay's paths asked for it.
    const sent = paypalEventsFor(paypalOrderId);
    expect(sent.filter((type) => type === 'PAYMENT.CAPTURE.COMPLETED')).toHaveLength(1);
    expect(sent).toContain('CHECKOUT.ORDER.APPROVED');
    // Each delivery verified (verify-webhook-signature) and handled, none failed or refused. (In
    // either order: the approval's row is written after the capture it makes, whose event may land first.)
    const inbox: { type: string; status: string }[] = await t.dataSource.query(
      `SELECT type, status FROM webhook_events
        WHERE provider = 'paypal' AND payload::text LIKE '%' || $1 || '%' ORDER BY type`,
      [paypalOrderId],
    );
    expect(inbox).toEqual([
      { type: 'CHECKOUT.ORDER.APPROVED', status: 'processed' },
      { type: 'PAYMENT.CAPTURE.COMPLETED', status: 'processed' },
    ]);

    // Opening the link again (back button, second tab) cannot pay twice.
    await page.goto(checkoutUrl);
    await heading('Order closed').waitFor();
    expect(await button('Approve').count()).toBe(0);
  });

  it('Cancel returns to the cancel page; the order stays pending and the attempt open, and its link still works', async () => {
    const { orderId, paymentId, paypalOrderId, checkoutUrl } = await orderAndPayWithPayPal();
    await openApprovalPage(checkoutUrl);

    await button('Cancel and return to merchant').click();
    await page.waitForURL((url) => url.origin === shop.origin && url.pathname === '/payment/cancel');
    const back = new URL(page.url());
    expect(back.searchParams.get('orderId')).toBe(orderId);
    expect(back.searchParams.get('token')).toBe(paypalOrderId);
    await heading('Payment canceled').waitFor();
    expect(await page.getByRole('status').innerText()).toBe(
      'You left the checkout before paying, so nothing was charged.',
    );
    await screenshot(page, 'paypal-cancel-page');

    await settle();
    expect(await getOrder(orderId)).toMatchObject({ status: 'pending', paidAt: null, amountPaid: 0 });
    expect(await orderEvents(orderId)).toBe(0);
    expect(await attempt(paymentId)).toMatchObject({ status: 'open', provider_payment_intent_id: null });
    const listed = await t.http().get(`/orders/${orderId}/payments`).set(customer.auth).expect(200);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ id: paymentId, provider: 'paypal', status: 'open', checkoutUrl }),
    ]);
    // Like PayPal: Cancel leaves the PayPal order as it was; nothing was approved or captured.
    expect(paypalEventsFor(paypalOrderId)).toEqual([]);

    // The customer may come back: /pay hands out the same attempt, and its page still takes approval.
    const again = await t
      .http()
      .post(`/orders/${orderId}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'paypal' })
      .expect(200);
    expect(again.body).toMatchObject({ paymentId, checkoutUrl });
    await openApprovalPage(checkoutUrl);
    expect(await button('Approve').isEnabled()).toBe(true);
  });

  it('"capture pending" (eCheck) says the payment is being processed, then paid once the capture completes', async () => {
    const started = await orderAndPayWithPayPal();
    const { orderId, paymentId, paypalOrderId, checkoutUrl } = started;
    await openApprovalPage(checkoutUrl);

    await button('Approve: capture pending (eCheck, settles later)').click();
    await expectBackOnSuccessPage(started);
    await heading('Payment being processed').waitFor();
    expect(await page.locator('main').getAttribute('data-final')).toBe('false');
    await settle();
    expect(await getOrder(orderId)).toMatchObject({ status: 'pending', paidAt: null });
    const pending = await attempt(paymentId);
    expect(pending).toMatchObject({ status: 'processing', provider_payment_intent_id: expect.any(String) });

    // The eCheck clears: by the stand-in's control, unless its own timer (5 s after the capture) came first.
    try {
      t.stripe.paypal.settlePendingCapture(pending.provider_payment_intent_id!, 'COMPLETED');
    } catch (error) {
      if (!(error instanceof PayPalApiError && error.details[0]?.issue === 'CAPTURE_NOT_PENDING')) throw error;
    }
    // The page asks again after 2, 5, 9.5 s...: live, without a reload.
    await heading('Payment received').waitFor({ timeout: 20_000 });
    await settle();
    expect(await getOrder(orderId)).toMatchObject({ status: 'paid', amountPaid: 3448 });
    expect(await attempt(paymentId)).toMatchObject({ status: 'succeeded' });
    expect(await orderEvents(orderId)).toBe(1);
    expect(paypalEventsFor(paypalOrderId).filter((type) => type === 'PAYMENT.CAPTURE.COMPLETED')).toHaveLength(1);
  });

  it('"capture denied" lands on the success page, which ends on "Payment failed"; the order stays pending', async () => {
    const started = await orderAndPayWithPayPal();
    const { orderId, paymentId, paypalOrderId, checkoutUrl } = started;
    await openApprovalPage(checkoutUrl);

    await button('Approve: capture denied').click();
    await expectBackOnSuccessPage(started);
    await heading('Payment failed').waitFor();
    expect(await page.getByRole('status').innerText()).toBe(
      'The payment did not go through, so the order is not paid. You can try again from the shop.',
    );
    const retry = page.getByRole('link', { name: 'Return to the shop to try again' });
    expect(await retry.isVisible()).toBe(true);
    expect(await retry.getAttribute('href')).toBe(`${shop.origin}/`);
    expect(await page.locator('main').getAttribute('data-final')).toBe('true');
    await screenshot(page, 'paypal-capture-denied-page');

    await settle();
    expect(await getOrder(orderId)).toMatchObject({ status: 'pending', paidAt: null, amountPaid: 0, amountDue: 3448 });
    expect(await orderEvents(orderId)).toBe(0);
    expect(await attempt(paymentId)).toMatchObject({ status: 'failed', failure_code: 'payment_failed' });
    const sent = paypalEventsFor(paypalOrderId);
    expect(sent.filter((type) => type === 'PAYMENT.CAPTURE.DENIED')).toHaveLength(1);
    expect(sent).not.toContain('PAYMENT.CAPTURE.COMPLETED');

    // The shop's "try again": a new PayPal attempt for the whole order, not the failed one.
    const again = await t
      .http()
      .post(`/orders/${orderId}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'paypal' })
      .expect(201);
    expect(again.body.paymentId).not.toBe(paymentId);
    expect(again.body).toMatchObject({ status: 'open', amount: 3448 });
    expect(await attempt(paymentId)).toMatchObject({ status: 'failed' });
  });
});

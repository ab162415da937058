import type { Browser, BrowserContext, Page } from 'playwright-core';
import { auditTrail, stripeClient, waitFor } from '../support/payments';
import { createTestApp, TestApp } from '../support/test-app';
import { assertChromiumInstalled, launchChromium, newIsolatedContext, screenshot } from './support/browser';
import {
  ApiCustomer,
  FakeShop,
  orderTwoLinesAndPay,
  registerAndLogin,
  SHOP_PAGE_HEADING,
  startFakeShop,
} from './support/journey';

jest.setTimeout(60_000);

/**
 * What a customer does: an order made over the API, then the hosted Checkout page in a real
 * (headless) Chromium: read it, press a button, land back at the shop. orderpay's own return
 * pages (no shop front end) are in return-pages.browser-spec.ts.
 */
describe('Checkout in Chromium (browser)', () => {
  let t: TestApp;
  let browser: Browser;
  let customer: ApiCustomer;
  let context: BrowserContext;
  let page: Page;
  let blocked: string[];
  let shop: FakeShop;

  beforeAll(async () => {
    assertChromiumInstalled();
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    shop = await startFakeShop(t);
    browser = await launchChromium({ mapHosts: shop.hostMapping });
    customer = await registerAndLogin(t);
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await t?.close();
  });

  beforeEach(async () => {
    shop.mode = 'stub';
    shop.visits.length = 0;
    ({ context, page, blocked } = await newIsolatedContext(browser, [t.stripe.url, t.baseUrl, shop.origin]));
  });
  afterEach(async () => {
    if (!context) return; // beforeAll failed (e.g. no Chromium): that error is the one to read
    await context.close();
    // Nothing on these pages may reach past the app, its emulator and the (served) shop.
    expect(blocked).toEqual([]);
  });

  /** A towel name that must be escaped on the checkout page. */
  const orderAndCheckout = () => orderTwoLinesAndPay(t, customer, 'Tea towel "Kitchen" <linen> & co');

  const getOrder = async (orderId: string) =>
    (await t.http().get(`/orders/${orderId}`).set(customer.auth).expect(200)).body;
  const orderEvents = async (orderId: string) =>
    Number(
      (await t.dataSource.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [orderId]))[0].n,
    );
  const sessionAtStripe = (sessionId: string) => stripeClient(t).checkout.sessions.retrieve(sessionId);
  const button = (name: string) => page.getByRole('button', { name, exact: true });

  async function openCheckout(checkoutUrl: string): Promise<void> {
    const response = await page.goto(checkoutUrl);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  }

  it('shows the items and total, and Pay returns to the shop with the session id; the order becomes paid', async () => {
    const { orderId, checkoutUrl, sessionId } = await orderAndCheckout();

    await openCheckout(checkoutUrl);
    const rows = page.getByTestId('line-item');
    expect(await rows.count()).toBe(2);
    const [first, second] = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
    expect(first).toContain('Blue mug');
    expect(first).toContain('2 × $12.99');
    expect(first).toContain('$25.98');
    // The product name arrives from the merchant's request: shown as text, not parsed as markup.
    expect(second).toContain('Tea towel "Kitchen" <linen> & co');
    expect(second).toContain('1 × $8.50');
    expect(await page.getByTestId('total').innerText()).toBe('$34.48');
    expect(await page.getByText(customer.email).isVisible()).toBe(true);
    for (const name of ['Pay', 'Decline', 'Cancel']) expect(await button(name).isVisible()).toBe(true);
    await screenshot(page, 'checkout-page');

    const clickedAt = Date.now();
    await button('Pay').click();
    await page.waitForURL((url) => url.origin === shop.origin);
    expect(page.url()).toBe(`${shop.origin}/payment/success?orderId=${orderId}&session_id=${sessionId}`);
    expect(shop.visits).toEqual([page.url()]);
    await page.getByRole('heading', { name: SHOP_PAGE_HEADING }).waitFor();

    // The webhook, not the redirect, makes it paid: within 2 s of the click.
    const paid = await waitFor(async () => ((await getOrder(orderId)).status === 'paid' ? Date.now() : 0), {
      timeoutMs: 2000,
      intervalMs: 25,
      what: `GET /orders/${orderId} to answer paid`,
    });
    expect(paid - clickedAt).toBeLessThan(2000);
    expect(await getOrder(orderId)).toMatchObject({ status: 'paid', totalAmount: 3448, paidAt: expect.any(String) });
    await t.stripe.waitForDeliveries();
    expect(await orderEvents(orderId)).toBe(1);
    expect(await auditTrail(t, orderId)).toEqual([
      { from_status: 'pending', to_status: 'paid', cause: expect.stringMatching(/^stripe_event:evt_/) },
    ]);

    // Opening the link again (back button, second tab) cannot pay twice.
    await page.goto(checkoutUrl);
    await page.getByRole('heading', { name: 'Checkout closed' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('the payment was received');
    expect(await button('Pay').count()).toBe(0);
  });

  it('Decline shows the card error on the page and leaves the order pending and the session open; Pay then works', async () => {
    const { orderId, checkoutUrl, sessionId } = await orderAndCheckout();
    await openCheckout(checkoutUrl);
    const eventsBefore = t.stripe.events().length;

    await button('Decline').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Your card was declined.');
    expect(page.url()).toBe(checkoutUrl);
    expect(shop.visits).toEqual([]);
    await screenshot(page, 'checkout-declined');

    await t.stripe.waitForDeliveries();
    expect(t.stripe.events().length).toBe(eventsBefore);
    expect((await getOrder(orderId)).status).toBe('pending');
    expect(await orderEvents(orderId)).toBe(0);
    expect(await sessionAtStripe(sessionId)).toMatchObject({ status: 'open', payment_status: 'unpaid' });

    // "Try again": the same page, still there, takes the payment.
    await button('Pay').click();
    await page.waitForURL((url) => url.origin === shop.origin);
    expect(page.url()).toBe(`${shop.origin}/payment/success?orderId=${orderId}&session_id=${sessionId}`);
    await waitFor(async () => (await getOrder(orderId)).status === 'paid', {
      timeoutMs: 2000,
      what: 'the order to be paid',
    });
    expect(await orderEvents(orderId)).toBe(1);
  });

  it('Cancel returns to the shop cancel URL; the order stays pending and can still be paid', async () => {
    const { orderId, checkoutUrl, sessionId } = await orderAndCheckout();
    await openCheckout(checkoutUrl);

    await button('Cancel').click();
    await page.waitForURL((url) => url.origin === shop.origin);
    expect(page.url()).toBe(`${shop.origin}/payment/cancel?orderId=${orderId}`);
    await page.getByRole('heading', { name: SHOP_PAGE_HEADING }).waitFor();

    await t.stripe.waitForDeliveries();
    expect(await getOrder(orderId)).toMatchObject({ status: 'pending', paidAt: null });
    expect(await orderEvents(orderId)).toBe(0);
    // Like Stripe: canceling leaves the session open until it expires; the customer may come back.
    expect(await sessionAtStripe(sessionId)).toMatchObject({ status: 'open' });
    await openCheckout(checkoutUrl);
    expect(await button('Pay').isEnabled()).toBe(true);
  });
});

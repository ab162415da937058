import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitFor } from '../support/payments';
import { createTestApp, TestApp } from '../support/test-app';
import { assertChromiumInstalled, launchChromium, newIsolatedContext, PHONE, screenshot } from './support/browser';
import { ApiCustomer, FakeShop, orderTwoLinesAndPay, registerAndLogin, startFakeShop } from './support/journey';

jest.setTimeout(60_000);

/**
 * orderpay's own return pages (FRONTEND_URL left at the app), on a phone: what the customer sees
 * after Pay, Pay later and Cancel on the checkout page, updated live as the payment settles.
 */
describe('Return pages in Chromium on a phone (browser)', () => {
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
    customer = await registerAndLogin(t);
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await t?.close();
  });

  beforeEach(async () => {
    shop.visits.length = 0;
    ({ context, page, blocked } = await newIsolatedContext(browser, [t.stripe.url, t.baseUrl, shop.origin], {
      device: 'phone',
    }));
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The app's CSP travels through the shop proxy: anything it refuses (an inline script) lands here.
    // (Page-side code is given as text: this project's TypeScript has no DOM types.)
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
    `);
  });
  afterEach(async () => {
    if (!context) return;
    const violations = await page.evaluate<string[]>('window.cspViolations').catch(() => ['page gone']);
    await context.close();
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  async function orderAndOpenCheckout(): Promise<{ orderId: string; sessionId: string }> {
    const { orderId, sessionId, checkoutUrl } = await orderTwoLinesAndPay(t, customer);
    await page.goto(checkoutUrl);
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    return { orderId, sessionId };
  }

  const press = (name: string) => page.getByRole('button', { name, exact: true }).click();
  const heading = (name: string) => page.getByRole('heading', { name, exact: true });
  const message = () => page.getByRole('status').innerText();
  const statusPolls = () => shop.visits.filter((url) => url.includes('/checkout-sessions/')).length;

  /** Laid out at the phone's width (a viewport meta tag), with nothing sticking out sideways. */
  async function expectPhoneLayout(): Promise<void> {
    const { clientWidth, scrollWidth } = await page.evaluate<{ clientWidth: number; scrollWidth: number }>(
      '({ clientWidth: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth })',
    );
    expect(clientWidth).toBe(PHONE.viewport.width);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.viewport.width);
  }

  it('after Pay, waits for the payment confirmation, then shows paid without a reload and stops polling', async () => {
    const { orderId, sessionId } = await orderAndOpenCheckout();
    t.stripe.holdEvents(); // The confirmation is on its way but has not arrived.
    await press('Pay');
    await page.waitForURL(`${shop.origin}/payment/success?orderId=${orderId}&session_id=${sessionId}`);

    await heading('Confirming your payment').waitFor();
    expect(await message()).toContain('waiting for the payment confirmation');
    expect(await page.getByText('within a second').count()).toBe(0);
    await page.evaluate('window.notReloaded = true');
    await screenshot(page, 'return-page-confirming-phone');

    await t.stripe.releaseEvents();
    await heading('Payment received').waitFor();
    expect(await message()).toBe('Thank you! Your order is paid.');
    expect(await page.getByTestId('total').innerText()).toBe('$34.48');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.title()).toBe('Payment received');
    await expectPhoneLayout();
    await screenshot(page, 'return-page-paid-phone');

    // Final: the page asks no more.
    const polls = statusPolls();
    expect(polls).toBeGreaterThan(0);
    await page.waitForTimeout(4000);
    expect(statusPolls()).toBe(polls);
  });

  it('after Pay later, says the bank payment is being processed, then shows paid when it settles', async () => {
    const { sessionId } = await orderAndOpenCheckout();
    await press('Pay later (bank debit: settles or fails after a delay)');
    await page.waitForURL((url) => url.origin === shop.origin && url.pathname === '/payment/success');

    await heading('Payment being processed').waitFor();
    expect(await message()).toContain('Your bank payment is being processed; this can take a few days');
    expect(await page.getByRole('link', { name: 'Back to the shop' }).isVisible()).toBe(true);
    await expectPhoneLayout();
    await screenshot(page, 'return-page-processing-phone');

    // The bank debit settles (in the in-test emulator, by its control instead of a timer).
    await waitFor(() => statusPolls() > 0, { what: 'the page to poll', timeoutMs: 5000 });
    t.stripe.checkoutAction(sessionId, 'async_succeed');
    await heading('Payment received').waitFor();
    expect(await page.locator('main').getAttribute('data-final')).toBe('true');
  });

  it('after a bank payment fails, says so in customer words and offers to try again from the shop', async () => {
    const { sessionId } = await orderAndOpenCheckout();
    await press('Pay later (bank debit: settles or fails after a delay)');
    await heading('Payment being processed').waitFor();

    t.stripe.checkoutAction(sessionId, 'async_fail');
    await heading('Payment failed').waitFor();
    expect(await message()).toBe(
      'The payment did not go through, so the order is not paid. You can try again from the shop.',
    );
    const retry = page.getByRole('link', { name: 'Return to the shop to try again' });
    expect(await retry.isVisible()).toBe(true);
    expect(await retry.getAttribute('href')).toBe(`${shop.origin}/`);
    expect(await page.getByRole('link', { name: 'Back to the shop' }).isVisible()).toBe(false);
    await screenshot(page, 'return-page-failed-phone');
  });

  it('after Cancel, says nothing was charged and leads back to the shop', async () => {
    const { orderId } = await orderAndOpenCheckout();
    await press('Cancel');
    await page.waitForURL(`${shop.origin}/payment/cancel?orderId=${orderId}`);

    await heading('Payment canceled').waitFor();
    expect(await message()).toBe('You left the checkout before paying, so nothing was charged.');
    const back = page.getByRole('link', { name: 'Back to the shop' });
    expect(await back.getAttribute('href')).toBe(`${shop.origin}/`);
    const box = (await back.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44); // A thumb's worth.
    await expectPhoneLayout();
    await screenshot(page, 'return-page-cancel-phone');
  });
});

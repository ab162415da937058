import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestApp, TestApp } from '../../support/test-app';
import { assertChromiumInstalled, launchChromium, newIsolatedContext } from './browser';
import { ApiCustomer, FakeShop, registerAndLogin, startFakeShop } from './journey';

export interface BrowserWorldOptions {
  /**
   * The shop front end (FRONTEND_URL) the browser returns to, see {@link FakeShop.mode}; set
   * again before each test. `none`: no shop at all (the browser reaches the app alone).
   */
  shop: FakeShop['mode'] | 'none';
  /** The e-mail prefix of the customer registered for the suite. */
  customerPrefix?: string;
  device?: 'desktop' | 'phone';
  /**
   * Also records the page's Content-Security-Policy violations (an inline script the app's CSP
   * refuses, say) and expects none after each test.
   */
  watchCsp?: boolean;
}

/** What a browser spec works with; each getter answers the current test's (or the suite's) one. */
export interface BrowserWorld {
  readonly t: TestApp;
  readonly browser: Browser;
  /** Registered and logged in over the API once for the suite. */
  readonly customer: ApiCustomer;
  /** Throws with `shop: 'none'`. */
  readonly shop: FakeShop;
  /** A fresh context and page for each test: see {@link newIsolatedContext}. */
  readonly context: BrowserContext;
  readonly page: Page;
  button(name: string): Locator;
  heading(name: string): Locator;
  /** Opens a page (checkout, approval...): answered 200 and showing the heading named. */
  open(url: string, headingName: string): Promise<void>;
  /** `GET /orders/:id` as the customer. */
  order(orderId: string): Promise<Record<string, unknown>>;
  /** How many times the order's status moved (its `order_events`). */
  orderEvents(orderId: string): Promise<number>;
}

/**
 * The world of a browser spec, set up by jest hooks in the calling `describe`: the app (payments
 * not rate limited: a suite pays many times), the shop it sends customers back to, headless
 * Chromium that resolves the shop's host name to it, and a customer; then a context and page for
 * each test. After each test, nothing may have been refused for reaching past the app, its
 * emulator and the shop, and no script on the page may have thrown.
 *
 * Call it first in the `describe`: hooks the spec adds run after these (its `beforeEach` sees
 * the test's page).
 */
export function browserWorld({
  shop: shopMode,
  customerPrefix,
  device = 'desktop',
  watchCsp = false,
}: BrowserWorldOptions): BrowserWorld {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let customer: ApiCustomer | undefined;
  let shop: FakeShop | undefined;
  let current: { context: BrowserContext; page: Page; blocked: string[]; pageErrors: string[] } | undefined;

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`No ${what} here: browserWorld sets it up in its hooks.`);
    return value;
  };

  beforeAll(async () => {
    assertChromiumInstalled();
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    if (shopMode !== 'none') shop = await startFakeShop(t);
    browser = await launchChromium({ mapHosts: shop?.hostMapping });
    customer = await registerAndLogin(t, customerPrefix);
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await t?.close();
  });

  beforeEach(async () => {
    current = undefined;
    const app = ready(t, 'app');
    if (shop && shopMode !== 'none') {
      shop.mode = shopMode;
      shop.visits.length = 0;
    }
    const origins = shop ? [app.stripe.url, app.baseUrl, shop.origin] : [app.baseUrl];
    const { context, page, blocked } = await newIsolatedContext(ready(browser, 'browser'), origins, { device });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    current = { context, page, blocked, pageErrors };
    if (watchCsp) {
      // The app's CSP travels through the shop proxy: anything it refuses (an inline script) lands here.
      // (Page-side code is given as text: this project's TypeScript has no DOM types.)
      await page.addInitScript(`
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
      `);
    }
  });
  afterEach(async () => {
    if (!current) return; // beforeAll or beforeEach failed (e.g. no Chromium): that error is the one to read
    const { context, page, blocked, pageErrors } = current;
    const violations = watchCsp ? await page.evaluate<string[]>('window.cspViolations').catch(() => ['page gone']) : [];
    await context.close();
    expect(violations).toEqual([]);
    // Nothing reaches past the app, its emulator (Stripe and the PayPal stand-in) and the shop.
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  const world: BrowserWorld = {
    get t() {
      return ready(t, 'app');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get customer() {
      return ready(customer, 'customer');
    },
    get shop() {
      return ready(shop, 'shop');
    },
    get context() {
      return ready(current, 'context (outside a test)').context;
    },
    get page() {
      return ready(current, 'page (outside a test)').page;
    },
    button: (name) => world.page.getByRole('button', { name, exact: true }),
    heading: (name) => world.page.getByRole('heading', { name, exact: true }),
    async open(url, headingName) {
      const response = await world.page.goto(url);
      expect(response?.status()).toBe(200);
      await world.heading(headingName).waitFor();
    },
    order: async (orderId) =>
      (await world.t.http().get(`/orders/${orderId}`).set(world.customer.auth).expect(200)).body,
    orderEvents: async (orderId) =>
      Number(
        (
          await world.t.dataSource.query('SELECT count(*)::int AS n FROM order_events WHERE order_id = $1', [orderId])
        )[0].n,
      ),
  };
  return world;
}

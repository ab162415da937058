import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProduct, PASSWORD, uniqueEmail } from '../../support/factories';
import type { TestApp } from '../../support/test-app';

export interface ApiCustomer {
  email: string;
  token: string;
  auth: { Authorization: string };
}

/** A customer made the way a person makes one: `POST /auth/register`, then `POST /auth/login`. */
export async function registerAndLogin(t: TestApp, prefix = 'shopper'): Promise<ApiCustomer> {
  const email = uniqueEmail(prefix);
  await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
  const login = await t.http().post('/auth/login').send({ email, password: PASSWORD }).expect(200);
  const token = login.body.accessToken as string;
  return { email, token, auth: { Authorization: `Bearer ${token}` } };
}

export interface StartedPayment {
  orderId: string;
  checkoutUrl: string;
  /** The Checkout Session orderpay recorded for the attempt: its id comes back in the success URL. */
  sessionId: string;
}

/**
 * An order of two lines, so the checkout page has something to add up (2 × $12.99 + 1 × $8.50 =
 * $34.48): made over the API, pending. Answers its id.
 */
export async function orderTwoLines(t: TestApp, customer: ApiCustomer, towelName = 'Tea towel'): Promise<string> {
  const mug = await createProduct(t, { name: 'Blue mug', unitAmount: 1299 });
  const towel = await createProduct(t, { name: towelName, unitAmount: 850 });
  const items = [
    { productId: mug.id, quantity: 2 },
    { productId: towel.id, quantity: 1 },
  ];
  const created = await t.http().post('/orders').set(customer.auth).send({ items }).expect(201);
  expect(created.body).toMatchObject({ status: 'pending', totalAmount: 3448 });
  return created.body.id as string;
}

/** {@link orderTwoLines}, and `POST /orders/:id/pay` with Stripe answered with its checkout URL. */
export async function orderTwoLinesAndPay(
  t: TestApp,
  customer: ApiCustomer,
  towelName = 'Tea towel',
): Promise<StartedPayment> {
  const orderId = await orderTwoLines(t, customer, towelName);
  const pay = await t
    .http()
    .post(`/orders/${orderId}/pay`)
    .set(customer.auth)
    .send({ paymentMethod: 'stripe' })
    .expect(201);
  const [{ provider_session_id: sessionId }] = await t.dataSource.query(
    'SELECT provider_session_id FROM payments WHERE id = $1',
    [pay.body.paymentId],
  );
  expect(sessionId).toMatch(/^cs_test_/);
  return { orderId, checkoutUrl: pay.body.checkoutUrl as string, sessionId: sessionId as string };
}

export const SHOP_PAGE_HEADING = 'Example shop';

/** Headers about one connection or one encoding (fetch has already decoded the body). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']);

export interface FakeShop {
  /** FRONTEND_URL, e.g. `http://shop.example.test`: what the browser's address bar shows. */
  readonly origin: string;
  /** For {@link launchChromium}'s `mapHosts`: the shop's host name -> where it really listens. */
  readonly hostMapping: Record<string, string>;
  /**
   * `stub`: a small page of our own (heading {@link SHOP_PAGE_HEADING}), as any shop would have;
   * `app`: everything is this app's (its return pages `/payment/success`, `/payment/cancel`, their
   * assets and the status they poll), i.e. what a user sees when FRONTEND_URL is left at the app
   * itself (the default outside tests). The app's headers come along, its CSP included.
   */
  mode: 'stub' | 'app';
  /** Every URL the browser asked the shop for, in order. */
  readonly visits: string[];
  close(): Promise<void>;
}

/**
 * The shop front end (FRONTEND_URL, `http://shop.example.test` in tests) does not exist: this local
 * server stands in for it and the browser resolves the shop's host name to it. The address bar
 * keeps the shop URL, so tests assert exactly where Checkout sent the customer.
 *
 * (Intercepting with `page.route` does not work here: Playwright does not route the request a
 * redirect leads to, so Checkout's 303 to the shop would hit DNS, fail, and only "pass" through
 * Chromium's auto-reload of its error page a second later.)
 */
export async function startFakeShop(t: TestApp): Promise<FakeShop> {
  const origin = t.config.payments.frontendUrl;
  const visits: string[] = [];
  const shop: FakeShop = {
    origin,
    hostMapping: {},
    mode: 'stub',
    visits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    visits.push(`${origin}${req.url}`);
    if (shop.mode === 'app') {
      fetch(`${t.baseUrl}${req.url}`, { redirect: 'manual', headers: { accept: req.headers.accept ?? '*/*' } })
        .then(async (answer) => {
          const body = Buffer.from(await answer.arrayBuffer());
          const headers = Object.fromEntries([...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name)));
          res.writeHead(answer.status, { ...headers, 'content-length': body.length });
          res.end(body);
        })
        .catch((error: Error) => res.writeHead(502).end(error.message));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Shop</title><h1>${SHOP_PAGE_HEADING}</h1><p>You are back at the shop.</p>`);
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(shop.hostMapping, {
    [new URL(origin).hostname]: `127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  return shop;
}

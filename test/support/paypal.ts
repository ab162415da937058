import { loadConfig } from '../../src/config/app-config';
import type { PendingCaptureOutcome } from '../../src/stripe-emulator/paypal/paypal-context';
import type { PayPalEvent } from '../../src/stripe-emulator/paypal';
import { httpCall, type PlainResponse } from '../../src/stripe-emulator/testing/http-client';
import { createAdmin, createOrder, createProduct, createUser, TestUser } from './factories';
import { refundRows, waitFor, waitForOrderStatus } from './payments';
import { createTestApp, TEST_JWT_SECRET, TestApp } from './test-app';

/** A button of the stand-in's approval page (`/checkoutnow?token=<PayPal order id>`). */
export type ApprovalAction = 'approve' | 'approve_pending' | 'approve_denied' | 'cancel';

export interface StartedPayPalCheckout {
  orderId: string;
  totalAmount: number;
  /** Our attempt: also the `invoice_id` of the PayPal order, and the return URL's `session_id`. */
  paymentId: string;
  /** The PayPal order id: the attempt's `provider_session_id`, the approval page's `token`. */
  paypalOrderId: string;
  checkoutUrl: string;
  /** What `POST /orders/:id/pay` answered (201). */
  answer: Record<string, unknown>;
}

export interface AttemptRow {
  provider: string;
  status: string;
  amount: number;
  provider_session_id: string | null;
  provider_payment_intent_id: string | null;
  received_amount: number | null;
  received_currency: string | null;
  amount_applied: number;
  amount_refunded: number;
  failure_code: string | null;
}

/**
 * createTestApp with the PayPal stand-in's options (a pending capture left for the test to
 * settle, say). The stand-in keeps verifying deliveries for the webhook id the app is configured
 * with: createTestApp's own `paypal` options are replaced by these, so it is named again here.
 */
export function createPayPalTestApp(
  env: Record<string, string> = {},
  paypal: { pendingCaptureOutcome?: PendingCaptureOutcome; pendingCaptureSettleMs?: number } = {},
): Promise<TestApp> {
  const { webhookId } = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, ...env }).payments.paypal;
  return createTestApp(env, { paypal: { webhookId, ...paypal } });
}

export interface PayPalSuite {
  t: TestApp;
  customer: TestUser;
  admin: TestUser;
}

/**
 * What the PayPal e2e specs start from in their `beforeAll`: the app with the stand-in's options
 * (see {@link createPayPalTestApp}; payments not rate limited, a spec pays dozens of times), a
 * customer and an admin.
 */
export async function startPayPalSuite(paypal: Parameters<typeof createPayPalTestApp>[1] = {}): Promise<PayPalSuite> {
  const t = await createPayPalTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' }, paypal);
  return { t, customer: await createUser(t), admin: await createAdmin(t) };
}

/**
 * For `afterEach`: the stand-in as the next test expects it, whatever this one did to it. API
 * faults off, deliveries to the app again, none left held, all of them landed.
 */
export async function resetPayPalStandIn(t: TestApp): Promise<void> {
  await setApiFaults(t, { latencyMs: 0, down: false });
  t.stripe.paypal.setWebhookUrl(`${t.baseUrl}/webhooks/paypal`);
  await t.stripe.paypal.releaseEvents();
  await t.stripe.paypal.waitForDeliveries();
}

/** `POST /orders/:id/pay` with PayPal (an `amount` pays a part). */
export function payWithPayPal(t: TestApp, user: Pick<TestUser, 'auth'>, orderId: string, amount?: number) {
  return t
    .http()
    .post(`/orders/${orderId}/pay`)
    .set(user.auth)
    .send({ paymentMethod: 'paypal', ...(amount === undefined ? {} : { amount }) });
}

/** A new product and order for `user`, and a PayPal checkout for it answered 201. */
export async function startPayPalCheckout(
  t: TestApp,
  user: TestUser,
  options: { unitAmount?: number; quantity?: number; amount?: number } = {},
): Promise<StartedPayPalCheckout> {
  const product = await createProduct(t, { unitAmount: options.unitAmount ?? 1250, name: 'Walnut desk tidy' });
  const order = await createOrder(t, user, [{ productId: product.id, quantity: options.quantity ?? 2 }]);
  const { body } = await payWithPayPal(t, user, order.id, options.amount).expect(201);
  return { orderId: order.id, totalAmount: order.totalAmount, ...(await openedAttempt(t, body)), answer: body };
}

/** The attempt a 201 or 200 from `/pay` names, with its PayPal order id from the database. */
export async function openedAttempt(
  t: TestApp,
  body: { paymentId: string; checkoutUrl: string },
): Promise<{ paymentId: string; paypalOrderId: string; checkoutUrl: string }> {
  const { provider_session_id: paypalOrderId } = await attemptRow(t, body.paymentId);
  if (!paypalOrderId) throw new Error(`payment ${body.paymentId} has no PayPal order`);
  return { paymentId: body.paymentId, paypalOrderId, checkoutUrl: body.checkoutUrl };
}

/** Presses a button of the approval page, as the buyer's browser posts its form (no redirect followed). */
export function pressApprovalButton(checkoutUrl: string, action: ApprovalAction): Promise<PlainResponse> {
  return httpCall('POST', checkoutUrl, {
    body: `action=${encodeURIComponent(action)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

/**
 * Follows the approval page's redirect to the return URL, on the app (FRONTEND_URL is a shop
 * the tests do not run: its path and query are the app's own return page).
 */
export function followReturn(t: TestApp, approval: PlainResponse) {
  const location = approval.headers.location;
  if (approval.status < 300 || approval.status >= 400 || typeof location !== 'string')
    throw new Error(`The approval page did not redirect (HTTP ${approval.status}): ${approval.text.slice(0, 200)}`);
  const url = new URL(location);
  return t.http().get(`${url.pathname}${url.search}`);
}

/** The buyer presses a button of the approval page and is back on the app's return page (200). */
export async function approveAndReturn(t: TestApp, checkoutUrl: string, action: ApprovalAction = 'approve') {
  return followReturn(t, await pressApprovalButton(checkoutUrl, action)).expect(200);
}

export async function attemptRow(t: TestApp, paymentId: string): Promise<AttemptRow> {
  const [row] = await t.dataSource.query(
    `SELECT provider, status, amount, provider_session_id, provider_payment_intent_id, received_amount,
       received_currency, amount_applied, amount_refunded, failure_code
     FROM payments WHERE id = $1`,
    [paymentId],
  );
  if (!row) throw new Error(`no payment ${paymentId}`);
  return row;
}

/** The PayPal capture id orderpay recorded for an attempt (its provider payment). */
export async function paypalCaptureId(t: TestApp, paymentId: string): Promise<string> {
  const { provider_payment_intent_id: captureId } = await attemptRow(t, paymentId);
  if (!captureId) throw new Error(`payment ${paymentId} has no capture recorded`);
  return captureId;
}

/** What made each move of one attempt, in order. */
export const paymentTrail = (t: TestApp, paymentId: string) =>
  t.dataSource.query<{ from_status: string | null; to_status: string; cause: string }[]>(
    'SELECT from_status, to_status, cause FROM payment_status_changes WHERE payment_id = $1 ORDER BY at',
    [paymentId],
  );

export const waitForAttemptStatus = (t: TestApp, paymentId: string, status: string) =>
  waitFor(async () => (await attemptRow(t, paymentId)).status === status, {
    what: `payment ${paymentId} to be ${status}`,
    timeoutMs: 5000,
  });

/** A call to the stand-in's PayPal REST API, as the merchant's server makes it (any emulator token is accepted). */
export async function paypalApi(
  t: TestApp,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; requestId?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await httpCall(method, `${t.stripe.url}${path}`, {
    body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
    headers: {
      Authorization: 'Bearer A21AAEmulatorOrderpayTests',
      'Content-Type': 'application/json',
      ...(options.requestId ? { 'PayPal-Request-Id': options.requestId } : {}),
    },
  });
  return { status: response.status, body: response.json() };
}

interface PayPalOrderAtStandIn {
  id: string;
  status: string;
  purchase_units: {
    amount: { currency_code: string; value: string };
    custom_id?: string;
    invoice_id?: string;
    items?: { name: string; quantity: string; unit_amount: { value: string } }[];
    payments?: {
      captures?: { id: string; status: string; amount: { value: string } }[];
      refunds?: { id: string; status: string; custom_id?: string; amount: { value: string } }[];
    };
  }[];
}

/** The PayPal order as the stand-in holds it now. */
export async function paypalOrderAt(t: TestApp, paypalOrderId: string): Promise<PayPalOrderAtStandIn> {
  const { status, body } = await paypalApi(t, 'GET', `/v2/checkout/orders/${paypalOrderId}`);
  if (status !== 200) throw new Error(`GET order ${paypalOrderId} answered ${status}`);
  return body as unknown as PayPalOrderAtStandIn;
}

/** The captures the stand-in made on a PayPal order: what money it took. */
export async function capturesAt(t: TestApp, paypalOrderId: string) {
  return (await paypalOrderAt(t, paypalOrderId)).purchase_units[0].payments?.captures ?? [];
}

export async function refundsAt(t: TestApp, paypalOrderId: string) {
  return (await paypalOrderAt(t, paypalOrderId)).purchase_units[0].payments?.refunds ?? [];
}

/** The stand-in's events about one PayPal order (its approval, its capture, refunds, disputes), oldest first. */
export function paypalEventsOf(t: TestApp, paypalOrderId: string, type?: string): PayPalEvent[] {
  return t.stripe.paypal.events().filter((event) => {
    const resource = event.resource as {
      id?: string;
      supplementary_data?: { related_ids?: { order_id?: string } };
      disputed_transactions?: { seller_transaction_id?: string }[];
    };
    const about = resource.id === paypalOrderId || resource.supplementary_data?.related_ids?.order_id === paypalOrderId;
    return about && (type === undefined || event.event_type === type);
  });
}

/** The one event of this type about the PayPal order, once the stand-in has made it. */
export const paypalEvent = (t: TestApp, paypalOrderId: string, type: string) =>
  waitFor(
    () => {
      const events = paypalEventsOf(t, paypalOrderId, type);
      if (events.length > 1) throw new Error(`${events.length} ${type} events for ${paypalOrderId}`);
      return events[0];
    },
    { what: `${type} for ${paypalOrderId}` },
  );

export interface InboxRow {
  event_id: string;
  type: string;
  status: string;
  order_id: string | null;
  attempts: number;
  last_error: string | null;
}

/** The inbox rows of these PayPal events, in the order given (missing ones left out). */
export async function inboxOf(t: TestApp, eventIds: string[]): Promise<InboxRow[]> {
  const rows: InboxRow[] = await t.dataSource.query(
    `SELECT event_id, type, status, order_id, attempts, last_error FROM webhook_events
     WHERE provider = 'paypal' AND event_id = ANY($1)`,
    [eventIds],
  );
  return eventIds.flatMap((id) => rows.filter((row) => row.event_id === id));
}

/** Waits until each of these events has been handled (processed or ignored) by the app. */
export const waitForInbox = (t: TestApp, eventIds: string[]) =>
  waitFor(
    async () => {
      const rows = await inboxOf(t, eventIds);
      return (
        rows.length === eventIds.length && rows.every((row) => row.status === 'processed' || row.status === 'ignored')
      );
    },
    { what: `events ${eventIds.join(', ')} to be handled`, timeoutMs: 5000 },
  );

/** Waits until every event the stand-in has sent so far about the PayPal order (of `type`, if given) is handled. */
export const waitForEventsOf = (t: TestApp, paypalOrderId: string, type?: string) =>
  waitForInbox(
    t,
    paypalEventsOf(t, paypalOrderId, type).map((event) => event.id),
  );

/** Everything an event applied twice must not change: amounts, statuses and audit rows of one order. */
export async function moneyState(t: TestApp, orderId: string) {
  const [order] = await t.dataSource.query('SELECT status, amount_paid, amount_refunded FROM orders WHERE id = $1', [
    orderId,
  ]);
  const payments = await t.dataSource.query(
    `SELECT id, status, provider_payment_intent_id, received_amount, amount_applied, amount_refunded
     FROM payments WHERE order_id = $1 ORDER BY created_at`,
    [orderId],
  );
  const [{ orderEvents }] = await t.dataSource.query(
    'SELECT count(*)::int AS "orderEvents" FROM order_events WHERE order_id = $1',
    [orderId],
  );
  const [{ paymentChanges }] = await t.dataSource.query(
    `SELECT count(*)::int AS "paymentChanges" FROM payment_status_changes c
     JOIN payments p ON p.id = c.payment_id WHERE p.order_id = $1`,
    [orderId],
  );
  const [{ refunds }] = await t.dataSource.query('SELECT count(*)::int AS refunds FROM refunds WHERE order_id = $1', [
    orderId,
  ]);
  const [{ flags }] = await t.dataSource.query('SELECT count(*)::int AS flags FROM order_flags WHERE order_id = $1', [
    orderId,
  ]);
  return { order, payments, orderEvents, paymentChanges, refunds, flags };
}

/** A PayPal order approved on the page and the customer back on the app's return page: paid. */
export async function paidWithPayPal(
  t: TestApp,
  user: TestUser,
  options: { unitAmount?: number; quantity?: number } = {},
): Promise<StartedPayPalCheckout & { captureId: string }> {
  const checkout = await startPayPalCheckout(t, user, options);
  await approveAndReturn(t, checkout.checkoutUrl);
  await waitForOrderStatus(t, checkout.orderId, 'paid');
  // Its events (the approval, the capture) handled too: a later test's counts start from here.
  await waitForEventsOf(t, checkout.paypalOrderId);
  return { ...checkout, captureId: await paypalCaptureId(t, checkout.paymentId) };
}

/**
 * A PayPal checkout approved on the page, then captured at PayPal as orderpay captures (with its
 * own PayPal-Request-Id) by a process that stopped before recording it; every event of the
 * stand-in held (a test releases them).
 */
export async function capturedButNotRecorded(t: TestApp, user: TestUser): Promise<StartedPayPalCheckout> {
  const checkout = await startPayPalCheckout(t, user);
  t.stripe.paypal.holdEvents();
  await pressApprovalButton(checkout.checkoutUrl, 'approve');
  const captured = await paypalApi(t, 'POST', `/v2/checkout/orders/${checkout.paypalOrderId}/capture`, {
    requestId: `capture-${checkout.paypalOrderId}`,
  });
  expect(captured.status).toBe(201);
  return checkout;
}

/** Waits until `count` of the order's refunds are in `status`. */
export const waitForRefunds = (t: TestApp, orderId: string, status: string, count: number) =>
  waitFor(async () => (await refundRows(t, orderId)).filter((r) => r.status === status).length === count, {
    what: `${count} ${status} refund(s)`,
    timeoutMs: 5000,
  });

/** The order's flags for an admin (a dispute, a late payment), as stored. */
export const orderFlags = (t: TestApp, orderId: string) =>
  t.dataSource.query<{ kind: string; reference: string; details: Record<string, unknown> }[]>(
    'SELECT kind, reference, details FROM order_flags WHERE order_id = $1',
    [orderId],
  );

/** The emulator's API faults (both providers: slow, or down), as its fault control sets them. */
export async function setApiFaults(t: TestApp, faults: { latencyMs?: number; down?: boolean }): Promise<void> {
  const response = await fetch(`${t.stripe.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`faults control answered ${response.status}`);
}

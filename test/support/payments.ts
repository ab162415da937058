import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { waitFor } from '../../src/stripe-emulator/testing/wait-for';
import { createOrder, createProduct, TestUser } from './factories';
import type { TestApp } from './test-app';

export { waitFor };

export interface StartedCheckout {
  orderId: string;
  totalAmount: number;
  paymentId: string;
  sessionId: string;
  checkoutUrl: string;
}

/** The official SDK pointed at the test app's emulator: to look at what orderpay did at "Stripe". */
export function stripeClient(t: TestApp): Stripe {
  return new Stripe('sk_test_orderpay_tests', { ...t.stripe.stripeClientConfig, maxNetworkRetries: 0 });
}

/** A new product and order for `user`, and `POST /orders/:id/pay` answered 201. */
export async function startCheckout(
  t: TestApp,
  user: TestUser,
  unitAmount = 1250,
  quantity = 2,
): Promise<StartedCheckout> {
  const product = await createProduct(t, { unitAmount });
  const order = await createOrder(t, user, [{ productId: product.id, quantity }]);
  const { body } = await t
    .http()
    .post(`/orders/${order.id}/pay`)
    .set(user.auth)
    .send({ paymentMethod: 'stripe' })
    .expect(201);
  const [{ provider_session_id: sessionId }] = await t.dataSource.query(
    'SELECT provider_session_id FROM payments WHERE id = $1',
    [body.paymentId],
  );
  return {
    orderId: order.id,
    totalAmount: order.totalAmount,
    paymentId: body.paymentId,
    sessionId,
    checkoutUrl: body.checkoutUrl,
  };
}

export async function orderStatus(t: TestApp, orderId: string): Promise<string> {
  const [row] = await t.dataSource.query('SELECT status FROM orders WHERE id = $1', [orderId]);
  return row.status;
}

export async function paymentStatus(t: TestApp, paymentId: string): Promise<string> {
  const [row] = await t.dataSource.query('SELECT status FROM payments WHERE id = $1', [paymentId]);
  return row.status;
}

export const waitForOrderStatus = (t: TestApp, orderId: string, status: string) =>
  waitFor(async () => (await orderStatus(t, orderId)) === status, {
    what: `order ${orderId} to be ${status}`,
    timeoutMs: 5000,
  });

export async function auditTrail(
  t: TestApp,
  orderId: string,
): Promise<{ from_status: string; to_status: string; cause: string }[]> {
  return t.dataSource.query('SELECT from_status, to_status, cause FROM order_events WHERE order_id = $1 ORDER BY at', [
    orderId,
  ]);
}

export async function inboxRows(
  t: TestApp,
  eventId: string,
): Promise<{ status: string; attempts: number; last_error: string | null }[]> {
  return t.dataSource.query('SELECT status, attempts, last_error FROM webhook_events WHERE event_id = $1', [eventId]);
}

/** A Stripe event's body; tests reshape the rest freely. */
export type StripeEventBody = Record<string, unknown> & { id: string; type: string };

/** A Stripe event around `object`, as Stripe would send it. */
export function stripeEvent(type: string, object: object): StripeEventBody {
  return {
    id: `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** Signs a payload the way Stripe does, with the app's webhook secret unless told otherwise. */
export function signatureFor(
  t: TestApp,
  payload: string,
  options: { secret?: string; timestamp?: number } = {},
): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? t.config.payments.stripe.webhookSecrets[0],
    timestamp: options.timestamp,
  });
}

/** POSTs an event to /webhooks/stripe, signed like Stripe signs it. */
export function deliver(t: TestApp, event: object, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  return t
    .http()
    .post('/webhooks/stripe')
    .set('Content-Type', 'application/json')
    .set('Stripe-Signature', signatureFor(t, payload, options))
    .send(payload);
}

/** An order paid through the emulator's checkout, as a customer would pay it. */
export async function paidOrder(
  t: TestApp,
  user: TestUser,
  unitAmount = 1250,
  quantity = 2,
): Promise<StartedCheckout & { paymentIntentId: string }> {
  const checkout = await startCheckout(t, user, unitAmount, quantity);
  t.stripe.checkoutAction(checkout.sessionId, 'pay');
  await waitForOrderStatus(t, checkout.orderId, 'paid');
  const [{ provider_payment_intent_id: paymentIntentId }] = await t.dataSource.query(
    'SELECT provider_payment_intent_id FROM payments WHERE id = $1',
    [checkout.paymentId],
  );
  return { ...checkout, paymentIntentId };
}

export async function refundRows(
  t: TestApp,
  orderId: string,
): Promise<
  {
    id: string;
    amount: number;
    status: string;
    reason: string;
    requested_by: string;
    provider_refund_id: string | null;
  }[]
> {
  return t.dataSource.query(
    'SELECT id, amount, status, reason, requested_by, provider_refund_id FROM refunds WHERE order_id = $1 ORDER BY created_at',
    [orderId],
  );
}

export async function orderRow(
  t: TestApp,
  orderId: string,
): Promise<{ status: string; amount_refunded: number; total_amount: number }> {
  const [row] = await t.dataSource.query('SELECT status, amount_refunded, total_amount FROM orders WHERE id = $1', [
    orderId,
  ]);
  return row;
}

/**
 * Makes every `operation` on `table` fail inside PostgreSQL, as a broken handler or a sick table
 * would, until the returned function is called.
 */
export async function failWrites(
  t: TestApp,
  table: string,
  operation: 'INSERT' | 'UPDATE',
  message: string,
): Promise<() => Promise<void>> {
  const name = `test_fail_${table}_${operation.toLowerCase()}`;
  await t.dataSource.query(`
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '${message.replace(/'/g, "''")}'; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}();
  `);
  return async () => {
    await t.dataSource.query(`DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}();`);
  };
}

/** A refund event as Stripe sends one for a refund made outside orderpay (no metadata of ours). */
export function refundEventFor(
  paymentIntentId: string,
  fields: { id?: string; amount?: number; currency?: string; status?: string } = {},
): StripeEventBody {
  return stripeEvent('refund.updated', {
    id: fields.id ?? `re_test_${randomBytes(8).toString('hex')}`,
    object: 'refund',
    amount: fields.amount ?? 500,
    currency: fields.currency ?? 'usd',
    payment_intent: paymentIntentId,
    status: fields.status ?? 'succeeded',
    metadata: {},
    created: Math.floor(Date.now() / 1000),
  });
}

/** A signed completion of `checkout` as Stripe holds it, with fields changed (a crafted payment). */
export async function completedEventFor(
  t: TestApp,
  checkout: StartedCheckout,
  changes: Record<string, unknown>,
): Promise<StripeEventBody> {
  const session = await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId);
  return stripeEvent('checkout.session.completed', {
    ...session,
    status: 'complete',
    payment_status: 'paid',
    ...changes,
  });
}

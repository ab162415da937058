import type Stripe from 'stripe';
import { stripeClient } from './payments';
import type { TestApp } from './test-app';

/** A payment row as the tests read it, next to what the app sent Stripe for it. */
export interface AttemptAtStripe {
  row: {
    status: string;
    amount: number;
    currency: string;
    provider_session_id: string;
    checkout_url: string;
    expires_at: Date;
  };
  session: Stripe.Checkout.Session;
  lines: Stripe.LineItem[];
}

/** The Checkout Session the emulator holds for a payment attempt, and its line items. */
export async function attemptAtStripe(t: TestApp, paymentId: string): Promise<AttemptAtStripe> {
  const [row] = await t.dataSource.query(
    'SELECT status, amount, currency, provider_session_id, checkout_url, expires_at FROM payments WHERE id = $1',
    [paymentId],
  );
  if (!row?.provider_session_id) throw new Error(`payment ${paymentId} has no Checkout Session`);
  const stripe = stripeClient(t);
  const session = await stripe.checkout.sessions.retrieve(row.provider_session_id);
  const lines = await stripe.checkout.sessions.listLineItems(session.id, { limit: 100 });
  return { row, session, lines: lines.data };
}

/** The refunds the emulator received for a PaymentIntent, oldest first. */
export async function refundsAtStripe(t: TestApp, paymentIntentId: string): Promise<Stripe.Refund[]> {
  const { data } = await stripeClient(t).refunds.list({ payment_intent: paymentIntentId, limit: 100 });
  return [...data].sort((a, b) => a.created - b.created);
}

/**
 * Puts a payment attempt in a state the HTTP API reaches only mid-flight (`creating`: another
 * request is opening its session right now), straight in the database.
 */
export async function insertAttempt(
  t: TestApp,
  order: { id: string; totalAmount: number },
  status: 'creating' | 'processing',
): Promise<string> {
  const [{ id }] = await t.dataSource.query(
    `INSERT INTO payments (order_id, provider, status, amount, currency) VALUES ($1, 'stripe', $2, $3, 'usd') RETURNING id`,
    [order.id, status, order.totalAmount],
  );
  return id;
}

/** A snapshot of everything a refused request must leave as it was. */
export async function orderState(t: TestApp, orderId: string) {
  const [order] = await t.dataSource.query(
    'SELECT status, canceled_at, paid_at, amount_refunded, updated_at FROM orders WHERE id = $1',
    [orderId],
  );
  const payments = await t.dataSource.query(
    'SELECT id, status, provider_session_id, updated_at FROM payments WHERE order_id = $1 ORDER BY created_at',
    [orderId],
  );
  const events = await t.dataSource.query('SELECT from_status, to_status FROM order_events WHERE order_id = $1', [
    orderId,
  ]);
  return { order, payments, events };
}

import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createUser, TestUser } from './support/factories';
import {
  auditTrail,
  completedEventFor,
  inboxRows,
  orderStatus,
  paymentStatus,
  signatureFor,
  startCheckout,
} from './support/payments';
import { statementsOf } from './support/statements';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Round trips to PostgreSQL on the hot paths (issue 14): each one is a statement PostgreSQL parses
 * and a wait for its answer, so the busiest routes send as few as their guarantees allow. The
 * lists are printed when a count fails, to show which statement came back.
 */
describe('Statements per request on the hot paths (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const receive = (payload: string) =>
    statementsOf(() =>
      t.app.get(WebhooksService).receive('stripe', Buffer.from(payload), {
        'stripe-signature': signatureFor(t, payload),
      }),
    );

  it('should pay an order from a first checkout.session.completed in 7 statements, every guarantee kept', async () => {
    const checkout = await startCheckout(t, customer);
    const event = await completedEventFor(t, checkout, {});
    const { statements } = await receive(JSON.stringify(event));

    // The inbox read, BEGIN, order and attempt locked together, the attempt's guarded move with
    // its audit row, the order's with its audit row, the inbox row with the outcome, COMMIT.
    expect(statements).toHaveLength(7); // on failure, jest prints the list
    expect(statements[1]).toMatch(/^(BEGIN|START TRANSACTION)/);
    expect(statements.at(-1)).toBe('COMMIT');
    expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    expect(await paymentStatus(t, checkout.paymentId)).toBe('succeeded');
    expect(await inboxRows(t, event.id)).toEqual([{ status: 'processed', attempts: 1, last_error: null }]);
    expect(await auditTrail(t, checkout.orderId)).toEqual([
      expect.objectContaining({ from_status: 'pending', to_status: 'paid' }),
    ]);
    const [payment] = await t.dataSource.query<{ amount_applied: number; received_amount: number }[]>(
      `SELECT amount_applied, received_amount FROM payments WHERE id = $1`,
      [checkout.paymentId],
    );
    expect(payment).toEqual({ amount_applied: checkout.totalAmount, received_amount: checkout.totalAmount });
    const moves = await t.dataSource.query<{ from_status: string; to_status: string }[]>(
      `SELECT from_status, to_status FROM payment_status_changes WHERE payment_id = $1 ORDER BY at`,
      [checkout.paymentId],
    );
    expect(moves.at(-1)).toEqual({ from_status: 'open', to_status: 'succeeded' });
  });

  it('should answer a redelivery of that event in 1 statement', async () => {
    const checkout = await startCheckout(t, customer);
    const payload = JSON.stringify(await completedEventFor(t, checkout, {}));
    await receive(payload);
    const { statements } = await receive(payload);
    expect(statements).toEqual([expect.stringMatching(/^SELECT 1 FROM webhook_events/)]);
  });
});

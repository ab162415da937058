import { OrdersService } from '../src/orders/orders.service';
import { CheckoutService } from '../src/payments/checkout/checkout.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createOrder, createProduct, createUser, TestUser } from './support/factories';
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
    const { statements, prepared } = await receive(JSON.stringify(event));

    // The inbox read, BEGIN, order and attempt locked together, the attempt's guarded move with
    // its audit row, the order's with its audit row, the inbox row with the outcome, COMMIT.
    expect(statements).toHaveLength(7); // on failure, jest prints the list
    expect(statements[1]).toMatch(/^(BEGIN|START TRANSACTION)/);
    expect(statements.at(-1)).toBe('COMMIT');
    // Each of its own statements is a named prepared statement: parsed and planned once per connection.
    expect(prepared.map((name) => name !== undefined)).toEqual([true, false, true, true, true, true, false]);
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
  it('should create an order in 2 statements: the catalog read, then the order and its items in one', async () => {
    const [first, second] = [await createProduct(t, { unitAmount: 1250 }), await createProduct(t, { unitAmount: 399 })];
    const { result: order, statements } = await statementsOf(() =>
      t.app.get(OrdersService).create(customer, {
        items: [
          { productId: first.id, quantity: 2 },
          { productId: second.id, quantity: 3 },
        ],
      }),
    );

    expect(statements).toHaveLength(2); // on failure, jest prints the list
    expect(order).toMatchObject({
      status: 'pending',
      totalAmount: 3697,
      amountPaid: 0,
      amountDue: 3697,
      items: [
        { productId: first.id, unitAmount: 1250, quantity: 2, lineTotal: 2500 },
        { productId: second.id, unitAmount: 399, quantity: 3, lineTotal: 1197 },
      ],
    });
    const rows = await t.dataSource.query<
      { product_id: string; quantity: number; line_total: number; position: number }[]
    >(`SELECT product_id, quantity, line_total, position FROM order_items WHERE order_id = $1 ORDER BY position`, [
      order.id,
    ]);
    expect(rows).toEqual([
      { product_id: first.id, quantity: 2, line_total: 2500, position: 0 },
      { product_id: second.id, quantity: 3, line_total: 1197, position: 1 },
    ]);
    const [stored] = await t.dataSource.query<{ user_id: string; total_amount: number; status: string }[]>(
      `SELECT user_id, total_amount, status FROM orders WHERE id = $1`,
      [order.id],
    );
    expect(stored).toEqual({ user_id: customer.id, total_amount: 3697, status: 'pending' });
  });
  it('should open a checkout in 8 statements, the Stripe call outside any transaction', async () => {
    const product = await createProduct(t, { unitAmount: 1800 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    const { result, statements } = await statementsOf(() =>
      t.app.get(CheckoutService).pay(customer, order.id, { paymentMethod: 'stripe' }),
    );

    // The owned order, then BEGIN, the order locked, attempts abandoned while opening, the
    // active attempt, the new attempt with its audit row, COMMIT; after Stripe answers, the
    // attempt's move to open with its audit row.
    expect(statements).toHaveLength(8); // on failure, jest prints the list
    expect(statements[7]).toMatch(/^WITH moved AS \( UPDATE "payments"/);
    expect(result.created).toBe(true);
    const [payment] = await t.dataSource.query<{ id: string; status: string; checkout_url: string; amount: number }[]>(
      `SELECT id, status, checkout_url, amount FROM payments WHERE order_id = $1`,
      [order.id],
    );
    expect(payment).toMatchObject({ id: result.checkout.paymentId, status: 'open', amount: 1800 });
    expect(result.checkout).toMatchObject({ status: 'open', checkoutUrl: payment.checkout_url, amount: 1800 });
    const moves = await t.dataSource.query<{ from_status: string | null; to_status: string }[]>(
      `SELECT from_status, to_status FROM payment_status_changes WHERE payment_id = $1 ORDER BY at`,
      [payment.id],
    );
    expect(moves).toEqual([
      { from_status: null, to_status: 'creating' },
      { from_status: 'creating', to_status: 'open' },
    ]);
  });
  describe('behind PgBouncer in transaction mode (DB_PGBOUNCER=true)', () => {
    let bouncer: TestApp;
    beforeAll(async () => {
      bouncer = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000', DB_PGBOUNCER: 'true' });
    });
    afterAll(() => bouncer.close());

    it('should name no prepared statement: the next transaction may get a server connection that never saw it', async () => {
      const buyer = await createUser(bouncer);
      const checkout = await startCheckout(bouncer, buyer);
      const payload = JSON.stringify(await completedEventFor(bouncer, checkout, {}));
      const { statements, prepared } = await statementsOf(() =>
        bouncer.app.get(WebhooksService).receive('stripe', Buffer.from(payload), {
          'stripe-signature': signatureFor(bouncer, payload),
        }),
      );
      expect(statements).toHaveLength(7);
      expect(prepared).toEqual(Array(7).fill(undefined));
      expect(await orderStatus(bouncer, checkout.orderId)).toBe('paid');
    });
  });
});

import { Client } from 'pg';
import { OrdersService } from '../src/orders/orders.service';
import { Payment } from '../src/payments/payment.entity';
import { createUser, TestUser } from './support/factories';
import { startCheckout, StartedCheckout } from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/**
 * OrdersService.lockWith on PostgreSQL: an attempt locked with its order in one statement, the
 * order first (the lock order every writer keeps, so two transactions cannot deadlock), and only
 * if it still matches once its locks are granted.
 */
describe('An owned row locked with its order (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let other: Client;
  let third: Client;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    const url = (t.dataSource.options as { url: string }).url;
    other = new Client({ connectionString: url });
    third = new Client({ connectionString: url });
    await Promise.all([other.connect(), third.connect()]);
  });
  afterAll(async () => {
    await Promise.all([other.end(), third.end()]);
    await t.close();
  });

  /** lockWith in a transaction of its own, held until the returned promise settles. */
  const lockInTransaction = (criteria: Partial<Payment>) =>
    t.dataSource.transaction((manager) => t.app.get(OrdersService).lockWith(manager, Payment, criteria));
  const stillWaiting = async (promise: Promise<unknown>) =>
    (await Promise.race([promise.then(() => 'settled'), new Promise((r) => setTimeout(() => r('waiting'), 300))])) ===
    'waiting';

  it('should wait for the order without holding the attempt, then read the attempt as the other transaction left it', async () => {
    const checkout: StartedCheckout = await startCheckout(t, customer);
    await other.query('BEGIN');
    await other.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [checkout.orderId]);
    const locking = lockInTransaction({ providerSessionId: checkout.sessionId });
    try {
      expect(await stillWaiting(locking)).toBe(true);
      // While it waits on the order, the attempt is free: it was not locked first.
      await third.query('BEGIN');
      await expect(
        third.query('SELECT 1 FROM payments WHERE id = $1 FOR UPDATE NOWAIT', [checkout.paymentId]),
      ).resolves.toMatchObject({ rowCount: 1 });
      await third.query('ROLLBACK');
      await other.query(`UPDATE payments SET status = 'expired' WHERE id = $1`, [checkout.paymentId]);
    } finally {
      await other.query('COMMIT');
    }
    const locked = await locking;
    expect(locked?.order.id).toBe(checkout.orderId);
    expect(locked?.owned).toMatchObject({ id: checkout.paymentId, status: 'expired' });
  });

  it('should return nothing when the attempt stopped matching while it waited', async () => {
    const checkout = await startCheckout(t, customer);
    await t.dataSource.query('UPDATE payments SET provider_session_id = NULL WHERE id = $1', [checkout.paymentId]);
    await other.query('BEGIN');
    await other.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [checkout.orderId]);
    const locking = lockInTransaction({ id: checkout.paymentId, orderId: checkout.orderId, providerSessionId: null });
    try {
      expect(await stillWaiting(locking)).toBe(true);
      await other.query(`UPDATE payments SET provider_session_id = 'cs_test_recorded_meanwhile' WHERE id = $1`, [
        checkout.paymentId,
      ]);
    } finally {
      await other.query('COMMIT');
    }
    expect(await locking).toBeNull();
  });
});

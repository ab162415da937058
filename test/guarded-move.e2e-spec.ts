import { MetricsService } from '../src/metrics/metrics.service';
import { movePayment } from '../src/payments/payment-transitions';
import { createUser, TestUser } from './support/factories';
import { startCheckout } from './support/payments';
import { statementsOf } from './support/statements';
import { createTestApp, TestApp } from './support/test-app';

interface PaymentRow {
  status: string;
  failure_code: string | null;
  next_check_at: Date | null;
  updated_at: Date;
}

/**
 * guardedMove on PostgreSQL: a state machine's move (here an attempt's) and its audit row as one
 * statement, which therefore needs no transaction of its own, and which writes nothing at all
 * when the row has left the status the caller read.
 */
describe('A guarded move in one statement (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let metrics: MetricsService;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    metrics = t.app.get(MetricsService);
  });
  afterAll(() => t.close());

  const paymentRow = async (id: string) =>
    (
      await t.dataSource.query<PaymentRow[]>(
        `SELECT status, failure_code, next_check_at, updated_at FROM payments WHERE id = $1`,
        [id],
      )
    )[0];
  const trail = (id: string) =>
    t.dataSource.query<{ from_status: string; to_status: string; cause: string }[]>(
      `SELECT from_status, to_status, cause FROM payment_status_changes WHERE payment_id = $1 ORDER BY at`,
      [id],
    );

  it('should move the row, set its changes and updated_at, and write the audit row, in one statement', async () => {
    const { paymentId } = await startCheckout(t, customer);
    const before = await paymentRow(paymentId);
    const { result, statements } = await statementsOf(() =>
      movePayment(
        t.dataSource.manager,
        metrics,
        { id: paymentId, status: 'open', provider: 'stripe' },
        'failed',
        'test:move',
        {
          failureCode: 'payment_failed',
          nextCheckAt: null,
        },
      ),
    );
    expect(result).toBe(true);
    expect(statements).toHaveLength(1);
    const after = await paymentRow(paymentId);
    expect(after).toMatchObject({ status: 'failed', failure_code: 'payment_failed', next_check_at: null });
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect((await trail(paymentId)).at(-1)).toEqual({ from_status: 'open', to_status: 'failed', cause: 'test:move' });
  });

  it('should write nothing, audit row included, when the row is no longer in the status read', async () => {
    const { paymentId } = await startCheckout(t, customer);
    const before = await paymentRow(paymentId);
    const trailBefore = await trail(paymentId);
    const moved = await movePayment(
      t.dataSource.manager,
      metrics,
      { id: paymentId, status: 'processing', provider: 'stripe' },
      'failed',
      'test:stale',
      { failureCode: 'payment_failed' },
    );
    expect(moved).toBe(false);
    expect(await paymentRow(paymentId)).toEqual(before);
    expect(await trail(paymentId)).toEqual(trailBefore);
  });

  it("should roll back with the caller's transaction, update and audit row together", async () => {
    const { paymentId } = await startCheckout(t, customer);
    const before = await paymentRow(paymentId);
    const trailBefore = await trail(paymentId);
    await expect(
      t.dataSource.transaction(async (manager) => {
        const moved = await movePayment(
          manager,
          metrics,
          { id: paymentId, status: 'open', provider: 'stripe' },
          'expired',
          'test:rollback',
        );
        expect(moved).toBe(true);
        throw new Error('the rest of the transaction failed');
      }),
    ).rejects.toThrow('the rest of the transaction failed');
    expect(await paymentRow(paymentId)).toEqual(before);
    expect(await trail(paymentId)).toEqual(trailBefore);
  });
});

import { clockTime } from '../payment-transitions';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import type { MetricsService } from '../../metrics/metrics.service';
import type { OrdersService } from '../../orders/orders.service';
import type { ApplyResult, PaymentEventsService } from '../payment-events.service';
import { Payment } from '../payment.entity';
import { PaymentStatusChange } from '../payment-status-change.entity';
import type { CheckoutSnapshot, PaymentProvider } from '../providers/payment-provider';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { ProviderError } from '../providers/provider-errors';
import { CheckoutCompletionService } from '../checkout/checkout-completion.service';
import { ReconcilerService } from './reconciler.service';
import type { RefundSubmissionService } from '../refunds/refund-submission.service';

// Moves are one SQL statement; here, the writes it stands for, on the in-memory repositories.
jest.mock('../../database/guarded-move', () => ({
  guardedMove:
    jest.requireActual<typeof import('../testing/guarded-move.fake')>('../testing/guarded-move.fake')
      .guardedMoveOnRepositories,
}));

const ZERO_ID = '00000000-0000-0000-0000-000000000000';
let sequence = 0;

function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

/** A claimed attempt as PostgreSQL's RETURNING answers it (snake_case). */
function row(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuid(),
    order_id: uuid(),
    provider: 'stripe',
    status: 'open',
    provider_session_id: `cs_test_${sequence}`,
    expires_at: new Date(Date.UTC(2030, 0, 1)),
    check_failures: 0,
    ...changes,
  };
}

const rows = (count: number, changes: Record<string, unknown> = {}) =>
  Array.from({ length: count }, () => row(changes));
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

const CLAIM = 'UPDATE payments AS claimed SET next_check_at = now() + make_interval(secs => $1)';
const CHECK_LATER =
  "UPDATE payments SET check_failures = 0, next_check_at = CASE WHEN status = 'open' THEN LEAST( now() + make_interval(mins => $2), GREATEST(COALESCE(expires_at, now()), now() + make_interval(secs => $3))) ELSE now() + make_interval(mins => $2) END WHERE id = $1 AND status = $4";
const READ_FAILED =
  'UPDATE payments SET check_failures = $2, next_check_at = now() + make_interval(secs => $3) WHERE id = $1 AND status = $4';

function snapshot(changes: Partial<CheckoutSnapshot> = {}): CheckoutSnapshot {
  return {
    sessionId: 'cs_test',
    status: 'open',
    paymentStatus: 'unpaid',
    amountTotal: 4599,
    currency: 'usd',
    paymentIntentId: null,
    orderId: null,
    paymentId: null,
    ...changes,
  };
}

function setup(options: { intervalSeconds?: number; claimAlways?: () => Record<string, unknown>[] } = {}) {
  /** Batches the claim answers, in order; an empty batch once they run out. */
  const batches: Record<string, unknown>[][] = [];
  const claims: { sql: string; params: unknown[] }[] = [];
  const checkedLater: unknown[][] = [];
  const failedReads: unknown[][] = [];
  const query = jest.fn((sql: string, params: unknown[]) => {
    const text = squash(sql);
    if (text.startsWith(CLAIM)) {
      claims.push({ sql: text, params });
      return Promise.resolve([options.claimAlways?.() ?? batches.shift() ?? [], 0]);
    }
    if (text === CHECK_LATER) checkedLater.push(params);
    else if (text === READ_FAILED) failedReads.push(params);
    else return Promise.reject(new Error(`unexpected SQL: ${text}`));
    return Promise.resolve([[], 1]);
  });
  /** The `creating` rows failAbandonedAttempts selects (abandoned by their creator). */
  const abandoned: Pick<Payment, 'id' | 'status' | 'provider'>[] = [];
  const builder: Record<string, jest.Mock> = {};
  for (const step of ['select', 'where', 'andWhere', 'limit']) builder[step] = jest.fn(() => builder);
  builder.getMany = jest.fn(() => Promise.resolve(abandoned.map((payment) => ({ ...payment }))));
  /** The guarded UPDATE of a move (endMissingSession, failAbandonedAttempts): how many rows it moves. */
  const paymentUpdate = jest.fn(
    (_criteria: Partial<Payment>, _changes: Partial<Payment>): Promise<{ affected: number }> =>
      Promise.resolve({ affected: 1 }),
  );
  const paymentsRepository = { update: paymentUpdate, createQueryBuilder: jest.fn(() => builder) };
  /** The payments' audit trail. */
  const statusChanges = { insert: jest.fn((_row: Partial<PaymentStatusChange>) => Promise.resolve({})) };
  const repository = (entity: unknown) => {
    if (entity === Payment) return paymentsRepository;
    if (entity === PaymentStatusChange) return statusChanges;
    throw new Error('unexpected repository');
  };
  /** Outside any transaction: a move is one statement, atomic without one. */
  const rootManager = {
    getRepository: jest.fn(repository),
    transaction: jest.fn(() => Promise.reject(new Error('a move needs no transaction of its own'))),
  };
  const manager = { name: 'transaction manager' };
  const dataSource = {
    manager: rootManager,
    query,
    transaction: jest.fn((work: (m: unknown) => unknown) => work(manager)),
  };
  const provider = {
    name: 'stripe',
    retrieveCheckout: jest.fn((_sessionId: string) => Promise.resolve(snapshot())),
    completeCheckout: jest.fn((_sessionId: string) => Promise.resolve(null as CheckoutSnapshot | null)),
    expireCheckout: jest.fn((_sessionId: string) => Promise.resolve('expired' as const)),
  };
  const other = { name: 'paypal', retrieveCheckout: jest.fn((_sessionId: string) => Promise.resolve(snapshot())) };
  const payments = {
    applyCheckout: jest.fn((): Promise<ApplyResult> => Promise.resolve({ status: 'processed' })),
  };
  const refundQueue = {
    drain: jest.fn(() => Promise.resolve({ submitted: 0, checked: 0, errors: 0 })),
    kick: jest.fn(),
  };
  const orders = { flag: jest.fn(() => Promise.resolve()) };
  const metrics = { reconcilerRun: jest.fn(), reconcilerFailed: jest.fn(), paymentTransition: jest.fn() };
  const config = {
    payments: { reconcileIntervalSeconds: options.intervalSeconds ?? 0, reconcileAfterMinutes: 45 },
  } as AppConfig;
  const registry = new PaymentProviderRegistry([provider, other] as unknown as PaymentProvider[]);
  const completion = new CheckoutCompletionService(
    dataSource as unknown as DataSource,
    registry,
    payments as unknown as PaymentEventsService,
    refundQueue as unknown as RefundSubmissionService,
  );
  const service = new ReconcilerService(
    dataSource as unknown as DataSource,
    registry,
    completion,
    refundQueue as unknown as RefundSubmissionService,
    orders as unknown as OrdersService,
    config,
    metrics as unknown as MetricsService,
  );
  return {
    batches,
    claims,
    checkedLater,
    failedReads,
    query,
    abandoned,
    builder,
    paymentUpdate,
    paymentsRepository,
    statusChanges,
    rootManager,
    manager,
    provider,
    other,
    payments,
    refundQueue,
    orders,
    metrics,
    service,
  };
}

describe(ReconcilerService.name, () => {
  let loggedWarnings: jest.SpyInstance;
  let loggedErrors: jest.SpyInstance;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    loggedWarnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  describe('claims', () => {
    it('should claim due attempts, oldest check first, with the lease and batch size', async () => {
      const { claims, refundQueue, service } = setup();

      await service.run();

      expect(claims).toHaveLength(1);
      expect(claims[0].params).toEqual([600, 10]);
      expect(claims[0].sql).toContain(
        "WHERE p.status IN ('open', 'processing') AND p.provider_session_id IS NOT NULL AND (p.next_check_at IS NULL OR p.next_check_at <= now()) ORDER BY p.next_check_at NULLS FIRST LIMIT $2 FOR UPDATE SKIP LOCKED",
      );
      expect(refundQueue.drain).toHaveBeenCalledWith({ everyPending: false });
    });

    it('should claim due attempts again after a full batch, and stop at a short one', async () => {
      const { batches, claims, service } = setup();
      batches.push(rows(10), rows(9), rows(10));

      const report = await service.run();

      expect(claims.map((claim) => claim.params)).toEqual([
        [600, 10],
        [600, 10],
      ]);
      expect(report).toMatchObject({ checkoutsChecked: 19, more: false });
    });

    it('should walk every open attempt in id order on run now, after the last id of each batch', async () => {
      const { batches, claims, provider, refundQueue, service } = setup();
      const first = rows(10);
      const second = rows(3);
      batches.push([...first].reverse(), second);

      const report = await service.run({ everyOpenAttempt: true });

      expect(claims.map((claim) => claim.params)).toEqual([
        [600, 10, ZERO_ID],
        [600, 10, first[9].id],
      ]);
      expect(claims[0].sql).toContain(
        'AND p.provider_session_id IS NOT NULL AND p.id > $3 ORDER BY p.id LIMIT $2 FOR UPDATE SKIP LOCKED',
      );
      expect(provider.retrieveCheckout.mock.calls.map(([sessionId]) => sessionId)).toEqual(
        [...first, ...second].map((claimed) => claimed.provider_session_id),
      );
      expect(refundQueue.drain).toHaveBeenCalledWith({ everyPending: true });
      expect(report).toMatchObject({ checkoutsChecked: 13, more: false });
    });

    it.each([
      ['a timed run', 50, {}],
      ['run now', 500, { everyOpenAttempt: true }],
    ])('should stop %s at its bound of %i batches, saying more are left', async (_case, bound, options) => {
      const { claims, service } = setup({ claimAlways: () => rows(10) });

      const report = await service.run(options);

      expect(claims).toHaveLength(bound);
      expect(report.more).toBe(true);
      expect(report.checkoutsChecked).toBe(bound * 10);
    });

    it('should not say more when the last batch the bound allows is short', async () => {
      const { batches, claims, service } = setup();
      for (let batch = 0; batch < 49; batch++) batches.push(rows(10));
      batches.push(rows(9));

      const report = await service.run();

      expect(claims).toHaveLength(50);
      expect(report.more).toBe(false);
    });
  });

  describe('read-back', () => {
    it.each([
      [{ status: 'expired' }, 'expired'],
      [{ status: 'complete', paymentStatus: 'paid' }, 'completed'],
      [{ status: 'complete', paymentStatus: 'no_payment_required' }, 'completed'],
      [{ status: 'complete', paymentStatus: 'failed' }, 'async_payment_failed'],
      [{ status: 'complete', paymentStatus: 'unpaid' }, 'completed'],
      [{ status: 'expired', paymentStatus: 'paid' }, 'expired'],
    ] as [Partial<CheckoutSnapshot>, string][])(
      'should apply a session read as %j as %s, in a transaction, caused by the reconciler',
      async (changes, outcome) => {
        const { batches, manager, provider, payments, service } = setup();
        const claimed = row();
        batches.push([claimed]);
        const read = snapshot(changes);
        provider.retrieveCheckout.mockResolvedValue(read);

        await service.run();

        expect(provider.retrieveCheckout).toHaveBeenCalledWith(claimed.provider_session_id);
        expect(payments.applyCheckout).toHaveBeenCalledTimes(1);
        expect(payments.applyCheckout).toHaveBeenCalledWith(manager, read, outcome, 'reconciler');
      },
    );

    it('should apply nothing for a session still open, and read it again later', async () => {
      const { batches, checkedLater, payments, service } = setup();
      const claimed = row({ status: 'open' });
      batches.push([claimed]);

      const report = await service.run();

      expect(payments.applyCheckout).not.toHaveBeenCalled();
      expect(checkedLater).toEqual([[claimed.id, 45, 300, 'open']]);
      expect(report).toMatchObject({ checkoutsChecked: 1, checkoutsChanged: 0, errors: 0, changes: [] });
    });

    it('should read the attempt from its own provider and check a processing one later with its status', async () => {
      const { batches, checkedLater, provider, other, payments, service } = setup();
      const claimed = row({ provider: 'paypal', status: 'processing' });
      batches.push([claimed]);
      other.retrieveCheckout.mockResolvedValue(snapshot({ status: 'complete', paymentStatus: 'unpaid' }));

      await service.run();

      expect(other.retrieveCheckout).toHaveBeenCalledWith(claimed.provider_session_id);
      expect(provider.retrieveCheckout).not.toHaveBeenCalled();
      expect(payments.applyCheckout).toHaveBeenCalledTimes(1);
      expect(checkedLater).toEqual([[claimed.id, 45, 300, 'processing']]);
    });

    it('should report a moved attempt once, and not check it later', async () => {
      const { batches, checkedLater, provider, payments, service } = setup();
      const claimed = row();
      batches.push([claimed]);
      provider.retrieveCheckout.mockResolvedValue(snapshot({ status: 'complete', paymentStatus: 'paid' }));
      payments.applyCheckout.mockResolvedValue({
        status: 'processed',
        attempt: { id: claimed.id as string, from: 'open', to: 'succeeded' },
      });

      const report = await service.run();

      expect(report).toMatchObject({ checkoutsChecked: 1, checkoutsChanged: 1, errors: 0 });
      expect(report.changes).toEqual([
        { paymentId: claimed.id, orderId: claimed.order_id, from: 'open', to: 'succeeded' },
      ]);
      expect(checkedLater).toEqual([]);
    });

    it('should list at most the first 100 changes, and count them all', async () => {
      const { batches, provider, payments, service } = setup();
      const claimed = rows(105);
      for (let start = 0; start < 105; start += 10) batches.push(claimed.slice(start, start + 10));
      provider.retrieveCheckout.mockResolvedValue(snapshot({ status: 'expired' }));
      payments.applyCheckout.mockResolvedValue({
        status: 'processed',
        attempt: { id: 'x', from: 'open', to: 'expired' },
      });

      const report = await service.run();

      expect(report.checkoutsChanged).toBe(105);
      expect(report.changes.map((change) => change.paymentId)).toEqual(claimed.slice(0, 100).map((c) => c.id));
    });

    it.each([
      [['refund-1'], 1],
      [[], 0],
      [undefined, 0],
    ])('should kick the refund queue when the transaction wrote refunds %j', async (refundsToSubmit, kicks) => {
      const { batches, provider, payments, refundQueue, service } = setup();
      batches.push([row()]);
      provider.retrieveCheckout.mockResolvedValue(snapshot({ status: 'complete', paymentStatus: 'paid' }));
      payments.applyCheckout.mockResolvedValue({ status: 'processed', refundsToSubmit });

      await service.run();

      expect(refundQueue.kick).toHaveBeenCalledTimes(kicks);
    });
  });

  describe('failed reads', () => {
    it.each([
      [0, 60],
      [1, 120],
      [3, 480],
      [5, 1920],
      [6, 3600],
      [9, 3600],
    ])('should back off an attempt read after %i failures by %i seconds', async (failures, delay) => {
      const { batches, failedReads, checkedLater, orders, provider, service } = setup();
      const claimed = row({ check_failures: failures, status: 'processing' });
      batches.push([claimed]);
      const error = new ProviderError('unavailable', 'timeout');
      provider.retrieveCheckout.mockRejectedValue(error);

      const report = await service.run();

      expect(failedReads).toEqual([[claimed.id, failures + 1, delay, 'processing']]);
      expect(checkedLater).toEqual([]);
      expect(report).toMatchObject({ checkoutsChecked: 1, checkoutsChanged: 0, errors: 1, changes: [] });
      expect(loggedWarnings).toHaveBeenCalledWith(
        { err: error, paymentId: claimed.id, failures: failures + 1 },
        'Could not reconcile a checkout',
      );
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should flag payment_unreadable at the fifth failed read in a row, with the last error cut to 300 characters', async () => {
      const { batches, rootManager, orders, provider, service } = setup();
      const claimed = row({ check_failures: 4 });
      batches.push([claimed]);
      provider.retrieveCheckout.mockRejectedValue(new ProviderError('unavailable', 'z'.repeat(400)));

      await service.run();

      expect(orders.flag).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledWith(
        rootManager,
        claimed.order_id,
        'payment_unreadable',
        claimed.provider_session_id,
        { paymentId: claimed.id, failures: 5, lastError: 'z'.repeat(300) },
      );
    });

    it('should flag with a thrown value that is not an Error as its text', async () => {
      const { batches, orders, payments, provider, service } = setup();
      batches.push([row({ check_failures: 4 })]);
      provider.retrieveCheckout.mockResolvedValue(snapshot({ status: 'expired' }));
      payments.applyCheckout.mockRejectedValue('deadlock detected');

      const report = await service.run();

      expect(report.errors).toBe(1);
      expect(orders.flag).toHaveBeenCalledWith(
        expect.anything(),
        expect.any(String),
        'payment_unreadable',
        expect.any(String),
        {
          paymentId: expect.any(String),
          failures: 5,
          lastError: 'deadlock detected',
        },
      );
    });

    it('should count a first "no such session" as a failed read, without ending the attempt', async () => {
      const { batches, failedReads, paymentUpdate, provider, service } = setup();
      const claimed = row({ check_failures: 0 });
      batches.push([claimed]);
      provider.retrieveCheckout.mockRejectedValue(new ProviderError('not_found', 'No such checkout.session'));

      const report = await service.run();

      expect(failedReads).toEqual([[claimed.id, 1, 60, 'open']]);
      expect(paymentUpdate).not.toHaveBeenCalled();
      expect(report).toMatchObject({ errors: 1, checkoutsChanged: 0 });
    });

    it.each([
      ['open', 'expired'],
      ['processing', 'failed'],
    ])('should end a %s attempt whose session is missing on a second read, as %s', async (status, to) => {
      const {
        batches,
        failedReads,
        checkedLater,
        paymentUpdate,
        statusChanges,
        metrics,
        rootManager,
        provider,
        service,
      } = setup();
      const claimed = row({ status, check_failures: 1 });
      batches.push([claimed]);
      provider.retrieveCheckout.mockRejectedValue(new ProviderError('not_found', 'No such checkout.session'));

      const report = await service.run();

      expect(paymentUpdate).toHaveBeenCalledWith(
        { id: claimed.id, status },
        {
          failureCode: 'session_missing',
          failureReason: 'The checkout session no longer exists at the payment provider',
          nextCheckAt: null,
          status: to,
        },
      );
      // Outside any transaction: the move's update and audit row are one statement.
      expect(rootManager.transaction).not.toHaveBeenCalled();
      expect(statusChanges.insert).toHaveBeenCalledWith({
        paymentId: claimed.id,
        fromStatus: status,
        toStatus: to,
        cause: 'reconciler',
        at: clockTime,
      });
      expect(metrics.paymentTransition).toHaveBeenCalledWith(rootManager, 'stripe', status, to);
      expect(report).toMatchObject({ errors: 0, checkoutsChanged: 1 });
      expect(report.changes).toEqual([{ paymentId: claimed.id, orderId: claimed.order_id, from: status, to }]);
      expect(failedReads).toEqual([]);
      expect(checkedLater).toEqual([]);
    });

    it('should check later, reporting nothing, when another run ended the missing session first', async () => {
      const { batches, checkedLater, paymentUpdate, statusChanges, metrics, provider, service } = setup();
      const claimed = row({ check_failures: 2 });
      batches.push([claimed]);
      provider.retrieveCheckout.mockRejectedValue(new ProviderError('not_found', 'No such checkout.session'));
      paymentUpdate.mockResolvedValue({ affected: 0 });

      const report = await service.run();

      expect(report).toMatchObject({ errors: 0, checkoutsChanged: 0, changes: [] });
      expect(checkedLater).toEqual([[claimed.id, 45, 300, 'open']]);
      expect(statusChanges.insert).not.toHaveBeenCalled();
      expect(metrics.paymentTransition).not.toHaveBeenCalled();
    });

    it('should not end an attempt on an error that only looks like not_found', async () => {
      const { batches, failedReads, paymentUpdate, provider, service } = setup();
      const claimed = row({ check_failures: 1 });
      batches.push([claimed]);
      provider.retrieveCheckout.mockRejectedValue(Object.assign(new Error('ECONNRESET'), { kind: 'not_found' }));

      await service.run();

      expect(paymentUpdate).not.toHaveBeenCalled();
      expect(failedReads).toEqual([[claimed.id, 2, 120, 'open']]);
    });
  });

  describe('report', () => {
    it('should merge the refund queue into the report and count it with the run metric', async () => {
      const { batches, provider, refundQueue, metrics, service } = setup();
      batches.push([row()]);
      provider.retrieveCheckout.mockRejectedValue(new ProviderError('unavailable', 'timeout'));
      refundQueue.drain.mockResolvedValue({ submitted: 2, checked: 3, errors: 4 });
      jest.spyOn(Date, 'now').mockReturnValueOnce(10_000).mockReturnValue(10_250);

      const report = await service.run();

      expect(report).toEqual({
        ran: true,
        checkoutsChecked: 1,
        checkoutsChanged: 0,
        abandonedAttemptsFailed: 0,
        refundsSubmitted: 2,
        refundsChecked: 3,
        errors: 5,
        durationMs: 250,
        changes: [],
        more: false,
      });
      expect(metrics.reconcilerRun).toHaveBeenCalledTimes(1);
      expect(metrics.reconcilerRun).toHaveBeenCalledWith(report);
      expect(metrics.reconcilerFailed).not.toHaveBeenCalled();
    });

    it('should fail attempts abandoned while opening, of every order, one by one, and count them', async () => {
      const { abandoned, builder, paymentsRepository, paymentUpdate, statusChanges, metrics, rootManager, service } =
        setup();
      const first = { id: uuid(), status: 'creating' as const, provider: 'stripe' };
      const second = { id: uuid(), status: 'creating' as const, provider: 'paypal' };
      abandoned.push(first, second);

      const report = await service.run();

      expect(report.abandonedAttemptsFailed).toBe(2);
      expect(rootManager.getRepository).toHaveBeenCalledWith(Payment);
      expect(paymentsRepository.createQueryBuilder).toHaveBeenCalledWith('payment');
      expect(builder.where).toHaveBeenCalledWith(expect.stringContaining("payment.status = 'creating'"), {
        seconds: 60,
      });
      expect(builder.andWhere).toHaveBeenCalledWith('TRUE', { orderId: undefined });
      expect(builder.limit).toHaveBeenCalledWith(500);
      const abandonedFailure = {
        failureCode: 'abandoned',
        failureReason: 'abandoned while opening the checkout',
        status: 'failed',
      };
      expect(paymentUpdate.mock.calls).toEqual([
        [{ id: first.id, status: 'creating' }, abandonedFailure],
        [{ id: second.id, status: 'creating' }, abandonedFailure],
      ]);
      expect(statusChanges.insert.mock.calls).toEqual([
        [{ paymentId: first.id, fromStatus: 'creating', toStatus: 'failed', cause: 'reconciler', at: clockTime }],
        [{ paymentId: second.id, fromStatus: 'creating', toStatus: 'failed', cause: 'reconciler', at: clockTime }],
      ]);
      expect(rootManager.transaction).not.toHaveBeenCalled();
      expect(metrics.paymentTransition.mock.calls).toEqual([
        [rootManager, 'stripe', 'creating', 'failed'],
        [rootManager, 'paypal', 'creating', 'failed'],
      ]);
    });

    it('should not count an abandoned attempt another run (or its late creator) moved first', async () => {
      const { abandoned, paymentUpdate, statusChanges, metrics, service } = setup();
      abandoned.push(
        { id: uuid(), status: 'creating', provider: 'stripe' },
        { id: uuid(), status: 'creating', provider: 'stripe' },
      );
      paymentUpdate.mockResolvedValueOnce({ affected: 0 });

      const report = await service.run();

      expect(paymentUpdate).toHaveBeenCalledTimes(2);
      expect(report.abandonedAttemptsFailed).toBe(1);
      expect(statusChanges.insert).toHaveBeenCalledTimes(1);
      expect(metrics.paymentTransition).toHaveBeenCalledTimes(1);
    });

    it('should count failure of the run, not a run, and rethrow', async () => {
      const { query, metrics, refundQueue, service } = setup();
      const error = new Error('connection terminated');
      query.mockRejectedValue(error);

      await expect(service.run()).rejects.toBe(error);

      expect(metrics.reconcilerFailed).toHaveBeenCalledTimes(1);
      expect(metrics.reconcilerRun).not.toHaveBeenCalled();
      expect(refundQueue.drain).not.toHaveBeenCalled();
    });

    it('should log nothing for a run that found nothing', async () => {
      const { refundQueue, service } = setup();
      refundQueue.drain.mockResolvedValue({ submitted: 0, checked: 7, errors: 0 });

      await service.run();

      expect(logged).not.toHaveBeenCalled();
    });

    it.each(['checkoutsChanged', 'abandonedAttemptsFailed', 'refundsSubmitted', 'errors'])(
      'should log a run whose %s is not zero, with the number of changes',
      async (field) => {
        const { batches, abandoned, provider, payments, refundQueue, service } = setup();
        if (field === 'checkoutsChanged') {
          batches.push([row()]);
          provider.retrieveCheckout.mockResolvedValue(snapshot({ status: 'expired' }));
          payments.applyCheckout.mockResolvedValue({
            status: 'processed',
            attempt: { id: 'x', from: 'open', to: 'expired' },
          });
        }
        if (field === 'abandonedAttemptsFailed') abandoned.push({ id: uuid(), status: 'creating', provider: 'stripe' });
        if (field === 'refundsSubmitted') refundQueue.drain.mockResolvedValue({ submitted: 1, checked: 0, errors: 0 });
        if (field === 'errors') refundQueue.drain.mockResolvedValue({ submitted: 0, checked: 0, errors: 1 });

        const report = await service.run();

        expect(report).toMatchObject({ [field]: 1 });
        expect(logged).toHaveBeenCalledTimes(1);
        expect(logged).toHaveBeenCalledWith({ ...report, changes: report.changes.length }, 'Reconciler run');
      },
    );
  });

  describe('timer', () => {
    it.each([0, -1])('should not run when the interval is %i seconds', (intervalSeconds) => {
      jest.useFakeTimers();
      const { service } = setup({ intervalSeconds });
      const run = jest.spyOn(service, 'run');

      service.onApplicationBootstrap();
      jest.advanceTimersByTime(3_600_000);

      expect(run).not.toHaveBeenCalled();
    });

    it('should run every interval, log a failed run, and stop at shutdown', async () => {
      jest.useFakeTimers();
      const { service } = setup({ intervalSeconds: 2 });
      const error = new Error('pool exhausted');
      const run = jest.spyOn(service, 'run').mockRejectedValue(error);

      service.onApplicationBootstrap();
      jest.advanceTimersByTime(1_999);
      expect(run).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(run).toHaveBeenCalledTimes(1);
      await Promise.resolve();
      await Promise.resolve();
      expect(loggedErrors).toHaveBeenCalledWith({ err: error }, 'Reconciler run failed');

      service.onApplicationShutdown();
      jest.advanceTimersByTime(10_000);
      expect(run).toHaveBeenCalledTimes(1);
    });
  });
});

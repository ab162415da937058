import { clockTime } from '../payment-transitions';
import { HttpStatus } from '@nestjs/common';
import { type DataSource, type EntityManager, MoreThan } from 'typeorm';
import { ErrorCode } from '../../common/errors/domain-error';
import { type MetricsService, NEW } from '../../metrics/metrics.service';
import type { Order } from '../../orders/order.entity';
import type { OrdersService } from '../../orders/orders.service';
import type { RequestRefundDto } from '../dto/refund.dto';
import { Payment } from '../payment.entity';
import type { PaymentReferencesService } from '../payment-references.service';
import type { RefundSnapshot } from '../providers/payment-provider';
import { Refund } from './refund.entity';
import { RefundStatusChange } from './refund-status-change.entity';
import { RefundsService } from './refunds.service';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import type { PaymentProvider } from '../providers/payment-provider';

// Moves are one SQL statement; here, the writes it stands for, on the in-memory repositories.
jest.mock('../../database/guarded-move', () => ({
  guardedMove:
    jest.requireActual<typeof import('../testing/guarded-move.fake')>('../testing/guarded-move.fake')
      .guardedMoveOnRepositories,
}));

const NOW = new Date('2026-03-01T12:00:00Z').getTime();
let sequence = 0;

/** A fresh uuid-shaped id per call, so no two tests share data. */
function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

function matches<T extends object>(row: T, where: Partial<T>): boolean {
  return Object.entries(where).every(([key, value]) => row[key as keyof T] === value);
}

/**
 * RefundsService on in-memory tables: the refunds an admin opens (split over the order's
 * payments), the system's full refunds, the provider's answers counted on the payment and the
 * order, and the two writes RefundSubmissionService makes after a provider answer. The SQL itself
 * runs against PostgreSQL in the refunds e2e specs.
 */
function setup(options: { order?: Partial<Order>; affected?: number } = {}) {
  const order = {
    id: uuid(),
    status: 'paid',
    currency: 'usd',
    totalAmount: 4599,
    amountPaid: 4599,
    amountRefunded: 0,
    ...options.order,
  } as Order;

  const paymentRows: Payment[] = [];
  const paymentsRepository = {
    /** The order's payments that applied something, newest first, as the query asks. */
    find: jest.fn(({ where }: { where: { orderId: string } }) =>
      Promise.resolve(
        paymentRows
          .filter((p) => p.orderId === where.orderId && p.amountApplied > 0)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
          .map((p) => ({ ...p })),
      ),
    ),
    findOneBy: jest.fn((where: Partial<Payment>) =>
      Promise.resolve(paymentRows.find((p) => matches(p, where)) ?? null),
    ),
    findOneOrFail: jest.fn(({ where }: { where: Partial<Payment> }) => {
      const found = paymentRows.find((p) => matches(p, where));
      return found ? Promise.resolve({ ...found }) : Promise.reject(new Error('no such payment'));
    }),
    update: jest.fn((criteria: Partial<Payment>, changes: Partial<Payment>) => {
      const rows = paymentRows.filter((p) => matches(p, criteria));
      for (const row of rows) Object.assign(row, changes);
      return Promise.resolve({ affected: rows.length });
    }),
  };

  const refundRows: Refund[] = [];
  /** What each payment's pending and succeeded refunds hold, as the SUM query answers it. */
  const held = new Map<string, number>();
  const heldQuery: Record<string, jest.Mock> = {};
  let heldFor: string[] = [];
  for (const step of ['select', 'addSelect', 'groupBy']) heldQuery[step] = jest.fn(() => heldQuery);
  heldQuery.where = jest.fn((_sql: string, params: { paymentIds: string[] }) => {
    heldFor = params.paymentIds;
    return heldQuery;
  });
  heldQuery.getRawMany = jest.fn(() =>
    Promise.resolve(heldFor.filter((id) => held.has(id)).map((id) => ({ paymentId: id, sum: held.get(id)! }))),
  );
  const refundsRepository = {
    createQueryBuilder: jest.fn(() => heldQuery),
    create: jest.fn((fields: Partial<Refund>) => ({ ...fields }) as Refund),
    save: jest.fn((refund: Refund) => {
      const saved = { ...refund, id: uuid(), providerRefundId: refund.providerRefundId ?? null };
      refundRows.push(saved);
      return Promise.resolve({ ...saved });
    }),
    findOne: jest.fn(({ where }: { where: Partial<Refund> }) => {
      const found = refundRows.find((r) => matches(r, where));
      return Promise.resolve(found ? { ...found } : null);
    }),
    /** A guarded UPDATE: only rows matching every criterion change (`options.affected` forces the count). */
    update: jest.fn((criteria: Partial<Refund>, changes: Partial<Refund>) => {
      const rows = refundRows.filter((r) => matches(r, criteria));
      for (const row of rows) Object.assign(row, changes);
      return Promise.resolve({ affected: options.affected ?? rows.length });
    }),
  };
  /** The refunds' audit trail. */
  const statusChanges = { insert: jest.fn((_row: Partial<RefundStatusChange>) => Promise.resolve({})) };

  const getRepository = (entity: unknown) => {
    if (entity === Payment) return paymentsRepository;
    if (entity === Refund) return refundsRepository;
    if (entity === RefundStatusChange) return statusChanges;
    throw new Error('unexpected repository');
  };
  /** A transaction: the service's own (open) or the caller's (apply, createFullRefund). */
  const manager = { name: 'transaction', queryRunner: { isTransactionActive: true }, getRepository };
  /** Outside any transaction: only a move writes (one statement, atomic without one); any other write throws. */
  const rootManager = {
    name: 'root',
    transaction: jest.fn((work: (m: unknown) => unknown) => work(manager)),
    getRepository: jest.fn(() => {
      throw new Error('a write outside a transaction');
    }),
    moveRepositories: jest.fn(getRepository),
  };
  const query = jest.fn().mockResolvedValue([]);
  const dataSource = {
    manager: rootManager,
    query,
    transaction: jest.fn((work: (m: unknown) => unknown) => work(manager)),
  };
  const orders = {
    lockForUpdate: jest.fn((_manager: unknown, orderId: string) =>
      orderId === order.id ? Promise.resolve(order) : Promise.reject(new Error(`unexpected order ${orderId}`)),
    ),
    recordRefunded: jest.fn((_manager: unknown, _order: Order, _delta: number, _cause: string) => Promise.resolve()),
    flag: jest.fn(() => Promise.resolve()),
  };
  const references = {
    paymentByIntent: jest.fn((_manager: unknown, _provider: string, paymentIntentId: string) =>
      Promise.resolve(paymentRows.find((p) => p.providerPaymentIntentId === paymentIntentId) ?? null),
    ),
  };
  const metrics = { refundTransition: jest.fn() };
  const service = new RefundsService(
    dataSource as unknown as DataSource,
    orders as unknown as OrdersService,
    references as unknown as PaymentReferencesService,
    metrics as unknown as MetricsService,
    new PaymentProviderRegistry([{ name: 'stripe', amountProblem: () => null } as unknown as PaymentProvider]),
  );

  let minutes = 0;
  /** A succeeded payment of the order, each one newer than the last. */
  const addPayment = (changes: Partial<Payment> = {}): Payment => {
    minutes += 1;
    const payment = {
      id: uuid(),
      orderId: order.id,
      provider: 'stripe',
      status: 'succeeded',
      amount: 1000,
      currency: 'usd',
      providerPaymentIntentId: `pi_test_${sequence}`,
      receivedAmount: null,
      receivedCurrency: null,
      amountRefunded: 0,
      amountApplied: 1000,
      createdAt: new Date(NOW - 3600_000 + minutes * 60_000),
      ...changes,
    } as Payment;
    paymentRows.push(payment);
    return payment;
  };
  const addRefund = (changes: Partial<Refund> & Pick<Refund, 'paymentId' | 'amount'>): Refund => {
    const refund = {
      id: uuid(),
      orderId: order.id,
      status: 'pending',
      providerRefundId: null,
      reason: 'requested_by_customer',
      requestedBy: 'user:admin',
      failureReason: null,
      ...changes,
    } as Refund;
    refundRows.push(refund);
    return refund;
  };

  return {
    order,
    paymentRows,
    refundRows,
    held,
    heldQuery,
    paymentsRepository,
    refundsRepository,
    statusChanges,
    manager,
    rootManager,
    dataSource,
    query,
    orders,
    metrics,
    service,
    addPayment,
    addRefund,
  };
}

describe('RefundsService', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  describe('open', () => {
    const LEASE_SECONDS = 300;

    it("splits an admin's refund over the order's payments, newest first, one pending refund each, leased to the caller", async () => {
      const { order, paymentsRepository, statusChanges, manager, metrics, service, addPayment } = setup({
        order: { totalAmount: 4599, amountPaid: 4599 },
      });
      const older = addPayment({ amount: 3000, amountApplied: 3000 });
      const newer = addPayment({ amount: 1599, amountApplied: 1599 });
      const dto: RequestRefundDto = { amount: 2000, reason: 'duplicate' };

      const refunds = await service.open(order.id, dto, 'user:admin', LEASE_SECONDS);

      expect(paymentsRepository.find).toHaveBeenCalledWith({
        where: { orderId: order.id, amountApplied: MoreThan(0) },
        order: { createdAt: 'DESC', id: 'DESC' },
      });
      const leased = new Date(NOW + LEASE_SECONDS * 1000);
      const common = { orderId: order.id, status: 'pending', reason: 'duplicate', requestedBy: 'user:admin' };
      expect(refunds).toEqual([
        expect.objectContaining({ ...common, paymentId: newer.id, amount: 1599, nextAttemptAt: leased }),
        expect.objectContaining({ ...common, paymentId: older.id, amount: 401, nextAttemptAt: leased }),
      ]);
      expect(statusChanges.insert.mock.calls).toEqual(
        refunds.map((refund) => [
          { refundId: refund.id, fromStatus: null, toStatus: 'pending', cause: 'user:admin', at: clockTime },
        ]),
      );
      expect(metrics.refundTransition.mock.calls).toEqual([
        [manager, NEW, 'pending'],
        [manager, NEW, 'pending'],
      ]);
    });

    it('refunds everything left of a partly paid order when no amount is given, as requested by the customer', async () => {
      const { order, service, addPayment } = setup({
        order: { status: 'partially_paid', totalAmount: 4599, amountPaid: 1000 },
      });
      const deposit = addPayment({ amount: 1000, amountApplied: 1000 });
      // An attempt that applied nothing (a late payment refunded on its own) is not the order's to refund.
      addPayment({ amount: 500, amountApplied: 0 });

      const refunds = await service.open(order.id, {}, 'user:admin', LEASE_SECONDS);

      expect(refunds).toEqual([
        expect.objectContaining({ paymentId: deposit.id, amount: 1000, reason: 'requested_by_customer' }),
      ]);
    });

    it('leaves what pending and succeeded refunds hold, taking an overpayment’s excess first', async () => {
      const { order, held, heldQuery, service, addPayment } = setup();
      const older = addPayment({ amount: 3000, amountApplied: 3000 });
      // Took 2000 while 1599 was due: its 401 excess is refunded on its own, then 599 toward the order.
      const newer = addPayment({ amount: 2000, amountApplied: 1599 });
      held.set(newer.id, 401 + 599);

      const refunds = await service.open(order.id, {}, 'user:admin', LEASE_SECONDS);

      expect(heldQuery.where).toHaveBeenCalledWith(expect.any(String), {
        paymentIds: [newer.id, older.id],
        statuses: ['pending', 'succeeded'],
      });
      expect(refunds.map((refund) => [refund.paymentId, refund.amount])).toEqual([
        [newer.id, 1000],
        [older.id, 3000],
      ]);
    });

    it('refunds what a canceled order still holds (a refund its cancel wrote was refused)', async () => {
      const { order, service, addPayment } = setup({ order: { status: 'canceled', amountPaid: 1000 } });
      const payment = addPayment({ amount: 1000, amountApplied: 1000 });

      const refunds = await service.open(order.id, {}, 'user:admin', LEASE_SECONDS);

      expect(refunds.map((refund) => [refund.paymentId, refund.amount])).toEqual([[payment.id, 1000]]);
    });

    it.each(['pending', 'refunded'] as const)(
      'refuses a %s order with ORDER_NOT_REFUNDABLE, writing nothing',
      async (status) => {
        const { order, refundsRepository, service, addPayment } = setup({ order: { status } });
        addPayment();

        await expect(service.open(order.id, { amount: 100 }, 'user:admin', LEASE_SECONDS)).rejects.toMatchObject({
          code: ErrorCode.ORDER_NOT_REFUNDABLE,
          status: HttpStatus.CONFLICT,
        });
        expect(refundsRepository.save).not.toHaveBeenCalled();
      },
    );

    it('refuses with ORDER_NOT_REFUNDABLE when refunds already cover everything paid', async () => {
      const { order, held, refundsRepository, service, addPayment } = setup({
        order: { status: 'partially_paid', amountPaid: 1000 },
      });
      held.set(addPayment({ amount: 1000, amountApplied: 1000 }).id, 1000);

      await expect(service.open(order.id, {}, 'user:admin', LEASE_SECONDS)).rejects.toMatchObject({
        code: ErrorCode.ORDER_NOT_REFUNDABLE,
        status: HttpStatus.CONFLICT,
      });
      expect(refundsRepository.save).not.toHaveBeenCalled();
    });

    it('refuses an amount above what the payments have left with REFUND_EXCEEDS_REMAINING, writing nothing', async () => {
      const { order, held, refundsRepository, service, addPayment } = setup({ order: { amountPaid: 2000 } });
      addPayment({ amount: 1000, amountApplied: 1000 });
      held.set(addPayment({ amount: 1000, amountApplied: 1000 }).id, 300);

      const opening = service.open(order.id, { amount: 1701 }, 'user:admin', LEASE_SECONDS);

      await expect(opening).rejects.toMatchObject({
        code: ErrorCode.REFUND_EXCEEDS_REMAINING,
        status: HttpStatus.UNPROCESSABLE_ENTITY,
      });
      await expect(opening).rejects.toThrow('amount 17.01 USD is more than the 17.00 USD left to refund');
      expect(refundsRepository.save).not.toHaveBeenCalled();
    });
  });

  describe('createFullRefund', () => {
    it('writes what refunds do not hold yet of what the provider took, audited', async () => {
      const { manager, held, statusChanges, service, addPayment } = setup();
      const payment = addPayment({ amount: 1500, receivedAmount: 2000, amountApplied: 1500 });
      held.set(payment.id, 401);

      const refund = await service.createFullRefund(
        manager as unknown as EntityManager,
        payment,
        'order_canceled',
        'user:admin',
      );

      expect(refund).toMatchObject({
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: 1599,
        status: 'pending',
        reason: 'order_canceled',
        requestedBy: 'user:admin',
      });
      expect(statusChanges.insert).toHaveBeenCalledWith({
        refundId: refund!.id,
        fromStatus: null,
        toStatus: 'pending',
        cause: 'user:admin',
        at: clockTime,
      });
    });

    it('answers null, writing nothing, when refunds already hold all of the payment', async () => {
      const { manager, held, refundsRepository, statusChanges, metrics, service, addPayment } = setup();
      const payment = addPayment({ amount: 1500 });
      held.set(payment.id, 1500);

      await expect(
        service.createFullRefund(manager as unknown as EntityManager, payment, 'late_payment', 'system:late_payment'),
      ).resolves.toBeNull();

      expect(refundsRepository.save).not.toHaveBeenCalled();
      expect(statusChanges.insert).not.toHaveBeenCalled();
      expect(metrics.refundTransition).not.toHaveBeenCalled();
    });
  });

  describe('apply: counting a refund', () => {
    const CAUSE = 'stripe_event:evt_test_refund';

    /** A paid order whose newest payment overpaid it: 2000 taken while 1599 was due. */
    function overpaid() {
      const context = setup({ order: { status: 'paid', totalAmount: 4599, amountPaid: 4599 } });
      context.addPayment({ amount: 3000, amountApplied: 3000 });
      const payment = context.addPayment({ amount: 2000, amountApplied: 1599 });
      const answer = (refund: Refund, changes: Partial<RefundSnapshot> = {}): RefundSnapshot => ({
        provider: 'stripe',
        providerRefundId: `re_test_${refund.id.slice(-12)}`,
        paymentIntentId: payment.providerPaymentIntentId,
        amount: refund.amount,
        currency: 'usd',
        status: 'succeeded',
        failureReason: null,
        refundId: refund.id,
        ...changes,
      });
      return { ...context, payment, answer };
    }

    it('moves our refund to succeeded, audited, and counts its excess on the payment only', async () => {
      const {
        order,
        manager,
        paymentRows,
        refundRows,
        statusChanges,
        orders,
        metrics,
        service,
        payment,
        addRefund,
        answer,
      } = overpaid();
      const excess = addRefund({ paymentId: payment.id, amount: 401, reason: 'late_payment' });

      const result = await service.apply(manager as unknown as EntityManager, answer(excess), CAUSE);

      expect(result).toEqual({ status: 'processed', orderId: order.id });
      expect(refundRows.find((r) => r.id === excess.id)).toMatchObject({
        status: 'succeeded',
        providerRefundId: `re_test_${excess.id.slice(-12)}`,
      });
      expect(statusChanges.insert).toHaveBeenCalledWith({
        refundId: excess.id,
        fromStatus: 'pending',
        toStatus: 'succeeded',
        cause: CAUSE,
        at: clockTime,
      });
      expect(metrics.refundTransition).toHaveBeenCalledWith(manager, 'pending', 'succeeded');
      expect(paymentRows.find((p) => p.id === payment.id)!.amountRefunded).toBe(401);
      expect(orders.recordRefunded).not.toHaveBeenCalled();
    });

    it('counts on the order the part of a refund beyond the excess already refunded', async () => {
      const { order, manager, paymentRows, orders, service, payment, addRefund, answer } = overpaid();
      payment.amountRefunded = 401;
      const refund = addRefund({ paymentId: payment.id, amount: 1000 });

      await service.apply(manager as unknown as EntityManager, answer(refund), CAUSE);

      expect(paymentRows.find((p) => p.id === payment.id)!.amountRefunded).toBe(1401);
      expect(orders.recordRefunded).toHaveBeenCalledTimes(1);
      expect(orders.recordRefunded).toHaveBeenCalledWith(manager, order, 1000, CAUSE);
    });

    it('counts a refund that takes the excess and a part of the rest only for that part', async () => {
      const { order, manager, orders, service, payment, addRefund, answer } = overpaid();
      const refund = addRefund({ paymentId: payment.id, amount: 1000 });

      await service.apply(manager as unknown as EntityManager, answer(refund), CAUSE);

      expect(orders.recordRefunded).toHaveBeenCalledWith(manager, order, 599, CAUSE);
    });

    it('takes back what a succeeded refund counted when it fails afterwards, and flags the order', async () => {
      const { order, manager, paymentRows, statusChanges, orders, service, payment, addRefund, answer } = overpaid();
      payment.amountRefunded = 1401;
      const refund = addRefund({
        paymentId: payment.id,
        amount: 1000,
        status: 'succeeded',
        providerRefundId: 're_test_reversed',
      });

      await service.apply(
        manager as unknown as EntityManager,
        answer(refund, {
          providerRefundId: 're_test_reversed',
          status: 'failed',
          failureReason: 'expired_or_canceled_card',
        }),
        CAUSE,
      );

      expect(statusChanges.insert).toHaveBeenCalledWith({
        refundId: refund.id,
        fromStatus: 'succeeded',
        toStatus: 'failed',
        cause: CAUSE,
        at: clockTime,
      });
      expect(paymentRows.find((p) => p.id === payment.id)!.amountRefunded).toBe(401);
      expect(orders.recordRefunded).toHaveBeenCalledWith(manager, order, -1000, CAUSE);
      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'refund_failed', 're_test_reversed', {
        refundId: refund.id,
        amount: 1000,
        failureReason: 'expired_or_canceled_card',
      });
    });

    it('counts nothing again, and writes no audit row, for a repeat of the success', async () => {
      const { manager, statusChanges, orders, paymentsRepository, service, payment, addRefund, answer } = overpaid();
      const refund = addRefund({ paymentId: payment.id, amount: 1000, status: 'succeeded' });

      await service.apply(manager as unknown as EntityManager, answer(refund), CAUSE);

      expect(statusChanges.insert).not.toHaveBeenCalled();
      expect(paymentsRepository.update).not.toHaveBeenCalled();
      expect(orders.recordRefunded).not.toHaveBeenCalled();
    });
  });

  describe('scheduleReadBack', () => {
    it.each([
      ['just made: 10 minutes', 0, 600],
      ['half an hour old: still 10 minutes', 1_800, 900],
      ['two hours old: half its age', 7_200, 3_600],
      ['a day old: at most every six hours', 86_400, 21_600],
    ])('reads a pending refund back later, less often as it ages (%s)', async (_case, ageSeconds, delaySeconds) => {
      const { service, query } = setup();
      await service.scheduleReadBack('refund-1', new Date(NOW - ageSeconds * 1000));
      expect(query).toHaveBeenCalledTimes(1);
      const [sql, parameters] = query.mock.calls[0] as [string, unknown[]];
      expect(sql).toMatch(/UPDATE refunds SET attempts = 0, next_attempt_at = now\(\) \+ make_interval\(secs => \$2\)/);
      expect(sql).toMatch(/WHERE id = \$1 AND status = 'pending'/);
      expect(parameters).toEqual(['refund-1', delaySeconds]);
    });
  });

  describe('markFailed', () => {
    it('fails a pending refund with the reason, cut to the column, audited in the same statement, and counts the transition', async () => {
      const { refundsRepository, statusChanges, rootManager, metrics, service } = setup({ affected: 1 });
      await service.markFailed('refund-1', 'x'.repeat(600));
      expect(rootManager.transaction).not.toHaveBeenCalled();
      expect(rootManager.moveRepositories).toHaveBeenCalledWith(Refund);
      expect(refundsRepository.update).toHaveBeenCalledWith(
        { id: 'refund-1', status: 'pending' },
        { status: 'failed', failureReason: 'x'.repeat(500) },
      );
      expect(statusChanges.insert).toHaveBeenCalledWith({
        refundId: 'refund-1',
        fromStatus: 'pending',
        toStatus: 'failed',
        cause: 'provider:refund_refused',
        at: clockTime,
      });
      // Outside any transaction once committed: counted at once.
      expect(metrics.refundTransition).toHaveBeenCalledWith(rootManager, 'pending', 'failed');
    });

    it('counts nothing and writes no audit row when the refund was no longer pending', async () => {
      const { statusChanges, metrics, service } = setup({ affected: 0 });
      await service.markFailed('refund-1', 'card_declined');
      expect(statusChanges.insert).not.toHaveBeenCalled();
      expect(metrics.refundTransition).not.toHaveBeenCalled();
    });
  });
});

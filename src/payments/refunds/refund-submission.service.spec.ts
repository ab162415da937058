import { HttpStatus, Logger } from '@nestjs/common';
import { type DataSource, type FindOperator, In } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import type { OrdersService } from '../../orders/orders.service';
import type { RequestRefundDto } from '../dto/refund.dto';
import type { PaymentProvider, RefundInput, RefundSnapshot } from '../providers/payment-provider';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { ProviderError } from '../providers/provider-errors';
import { Refund, type RefundReason } from './refund.entity';
import { REFUND_LEASE_SECONDS, RefundSubmissionService } from './refund-submission.service';
import type { RefundApplyResult, RefundsService } from './refunds.service';

const NOW = Date.UTC(2030, 0, 10, 12);
const HOUR = 3600_000;
const ZERO_ID = '00000000-0000-0000-0000-000000000000';
let sequence = 0;

function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

/** A claimed row as PostgreSQL's RETURNING answers it (snake_case). */
function row(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuid(),
    order_id: uuid(),
    payment_id: uuid(),
    amount: 1500,
    reason: 'requested_by_customer',
    provider_refund_id: null,
    attempts: 0,
    created_at: new Date(NOW - HOUR),
    provider: 'stripe',
    provider_payment_intent_id: 'pi_test_refunds',
    currency: 'usd',
    ...changes,
  };
}

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

function setup(options: { intervalSeconds?: number } = {}) {
  /** Batches the claim answers, in order; an empty batch once they run out. */
  const batches: Record<string, unknown>[][] = [];
  const claims: { sql: string; params: unknown[] }[] = [];
  const retries: unknown[][] = [];
  const query = jest.fn((sql: string, params: unknown[]) => {
    const text = squash(sql);
    if (text.startsWith('UPDATE refunds AS claimed SET next_attempt_at = now() + make_interval(secs => $1)')) {
      claims.push({ sql: text, params });
      return Promise.resolve([batches.shift() ?? [], 0]);
    }
    if (
      text ===
      "UPDATE refunds SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND status = 'pending'"
    ) {
      retries.push(params);
      return Promise.resolve([[], 1]);
    }
    return Promise.reject(new Error(`unexpected SQL: ${text}`));
  });
  const manager = { name: 'transaction manager' };
  const rootManager = { name: 'root manager' };
  /** The refunds table as request() reads it back: one row per refund opened. */
  const stored = new Map<string, Refund>();
  const store = (id: string, status: Refund['status'] = 'pending') => {
    const refund = { id, status, amount: 1500 } as Refund;
    stored.set(id, refund);
    return refund;
  };
  store('opened');
  const findBy = jest.fn(({ id }: { id: FindOperator<string[]> }) =>
    // In no particular order, as PostgreSQL answers an IN: the last first.
    Promise.resolve(
      [...stored.values()]
        .filter((refund) => id.value.includes(refund.id))
        .reverse()
        .map((refund) => ({ ...refund })),
    ),
  );
  const dataSource = {
    manager: rootManager,
    query,
    transaction: jest.fn((work: (m: unknown) => unknown) => work(manager)),
    getRepository: jest.fn((entity: unknown) => {
      if (entity !== Refund) throw new Error('unexpected repository');
      return { findBy };
    }),
  };
  const refunds = {
    open: jest.fn((): Promise<Refund[]> => Promise.resolve([{ ...stored.get('opened')! }])),
    apply: jest.fn((): Promise<RefundApplyResult> => Promise.resolve({ status: 'processed' })),
    /** As RefundsService does it: a pending refund fails for good. */
    markFailed: jest.fn((refundId: string, _reason: string) => {
      const refund = stored.get(refundId);
      if (refund?.status === 'pending') refund.status = 'failed';
      return Promise.resolve();
    }),
    scheduleReadBack: jest.fn(() => Promise.resolve()),
  };
  const orders = { flag: jest.fn(() => Promise.resolve()) };
  const answer = { providerRefundId: 're_test_answer' } as RefundSnapshot;
  const provider = {
    name: 'stripe',
    refund: jest.fn((_input: RefundInput) => Promise.resolve(answer)),
    retrieveRefund: jest.fn(() => Promise.resolve(answer)),
    listRefunds: jest.fn(() => Promise.resolve([] as RefundSnapshot[])),
  };
  const other = { name: 'paypal', refund: jest.fn(), retrieveRefund: jest.fn(), listRefunds: jest.fn() };
  const config = { payments: { reconcileIntervalSeconds: options.intervalSeconds ?? 0 } } as AppConfig;
  const service = new RefundSubmissionService(
    dataSource as unknown as DataSource,
    refunds as unknown as RefundsService,
    orders as unknown as OrdersService,
    new PaymentProviderRegistry([provider, other] as unknown as PaymentProvider[]),
    config,
  );
  return {
    batches,
    claims,
    retries,
    query,
    manager,
    rootManager,
    stored,
    store,
    findBy,
    dataSource,
    refunds,
    orders,
    answer,
    provider,
    other,
    service,
  };
}

describe(RefundSubmissionService.name, () => {
  let loggedErrors: jest.SpyInstance;
  let loggedWarnings: jest.SpyInstance;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    loggedWarnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  describe('drain', () => {
    it('should claim due refunds in id order with the lease and batch size, and submit a new one', async () => {
      const { batches, claims, manager, refunds, provider, other, answer, service } = setup();
      const claimed = row({ reason: 'duplicate', amount: 700 });
      batches.push([claimed]);

      await expect(service.drain()).resolves.toEqual({ submitted: 1, checked: 0, errors: 0 });

      expect(claims).toHaveLength(1);
      expect(claims[0].params).toEqual([REFUND_LEASE_SECONDS, 5, ZERO_ID]);
      expect(claims[0].sql).toContain(
        "WHERE r.status = 'pending' AND r.next_attempt_at <= now() AND r.id > $3 ORDER BY r.id LIMIT $2 FOR UPDATE SKIP LOCKED",
      );
      expect(REFUND_LEASE_SECONDS).toBe(300);
      expect(provider.refund).toHaveBeenCalledWith({
        refundId: claimed.id,
        orderId: claimed.order_id,
        paymentId: claimed.payment_id,
        paymentIntentId: 'pi_test_refunds',
        amount: 700,
        currency: 'usd',
        reason: 'duplicate',
        note: 'duplicate',
      });
      expect(provider.listRefunds).not.toHaveBeenCalled();
      expect(other.refund).not.toHaveBeenCalled();
      expect(refunds.apply).toHaveBeenCalledWith(manager, answer, 'provider:refund_created');
      expect(refunds.scheduleReadBack).toHaveBeenCalledWith(claimed.id, claimed.created_at);
    });

    it('should read back a refund the provider already acknowledged, with the provider it belongs to', async () => {
      const { batches, manager, refunds, provider, other, service } = setup();
      const claimed = row({ provider: 'paypal', provider_refund_id: 're_test_known' });
      batches.push([claimed]);
      const read = { providerRefundId: 're_test_known' } as RefundSnapshot;
      other.retrieveRefund.mockResolvedValue(read);

      await expect(service.drain()).resolves.toEqual({ submitted: 0, checked: 1, errors: 0 });

      expect(other.retrieveRefund).toHaveBeenCalledWith('re_test_known');
      expect(other.refund).not.toHaveBeenCalled();
      expect(provider.retrieveRefund).not.toHaveBeenCalled();
      expect(refunds.apply).toHaveBeenCalledWith(manager, read, 'reconciler');
      expect(refunds.scheduleReadBack).toHaveBeenCalledWith(claimed.id, claimed.created_at);
    });

    it('should take every pending refund, without a due filter, on run now', async () => {
      const { claims, service } = setup();

      await service.drain({ everyPending: true });

      expect(claims[0].sql).toContain("WHERE r.status = 'pending' AND TRUE AND r.id > $3 ORDER BY r.id LIMIT $2");
    });

    it('should work each batch in id order and continue after its last id until a short batch', async () => {
      const { batches, claims, provider, service } = setup();
      const first = [row(), row(), row(), row(), row()];
      const second = [row(), row(), row(), row(), row()];
      const third = [row(), row()];
      batches.push([...first].reverse(), [...second].reverse(), third);

      await expect(service.drain()).resolves.toEqual({ submitted: 12, checked: 0, errors: 0 });

      expect(claims.map((claim) => claim.params[2])).toEqual([ZERO_ID, first[4].id, second[4].id]);
      expect(provider.refund.mock.calls.map(([input]) => input.refundId)).toEqual(
        [...first, ...second, ...third].map((claimed) => claimed.id),
      );
    });

    it('should claim once more after a full batch, and stop at the empty one', async () => {
      const { batches, claims, service } = setup();
      batches.push([row(), row(), row(), row(), row()]);

      await service.drain();

      expect(claims).toHaveLength(2);
    });

    it('should stop after 200 batches even when more are due', async () => {
      const { query, claims, service } = setup();
      query.mockImplementation((sql: string, params: unknown[]) => {
        claims.push({ sql, params });
        const full = Array.from({ length: 5 }, () => row({ provider_refund_id: 're_test_due' }));
        return Promise.resolve([full, 5]);
      });

      await expect(service.drain()).resolves.toEqual({ submitted: 0, checked: 1000, errors: 0 });

      expect(claims).toHaveLength(200);
    });
  });

  describe('submission', () => {
    it.each([
      ['requested_by_customer', 'requested_by_customer', 'requested_by_customer'],
      ['fraudulent', 'fraudulent', 'fraudulent'],
      ['late_payment', undefined, 'late_payment'],
      ['provider_dashboard', undefined, 'provider_dashboard'],
      [null, undefined, 'refund'],
    ])('should send our reason %s as the provider reason %s with the note %s', async (reason, sent, note) => {
      const { batches, provider, service } = setup();
      batches.push([row({ reason: reason as RefundReason | null })]);

      await service.drain();

      expect(provider.refund).toHaveBeenCalledWith(expect.objectContaining({ note }));
      expect(provider.refund.mock.calls[0][0].reason).toBe(sent);
    });

    it('should not look the refund up when it was written exactly 20 hours ago', async () => {
      const { batches, provider, service } = setup();
      batches.push([row({ created_at: new Date(NOW - 20 * HOUR) })]);

      await service.drain();

      expect(provider.listRefunds).not.toHaveBeenCalled();
      expect(provider.refund).toHaveBeenCalledTimes(1);
    });

    it('should apply the refund found by its metadata, without resubmitting, past 20 hours', async () => {
      const { batches, manager, refunds, provider, service } = setup();
      const claimed = row({ created_at: new Date(NOW - 20 * HOUR - 1) });
      batches.push([claimed]);
      const found = { providerRefundId: 're_test_found', refundId: claimed.id } as RefundSnapshot;
      provider.listRefunds.mockResolvedValue([
        { providerRefundId: 're_test_x', refundId: uuid() } as RefundSnapshot,
        found,
      ]);

      await expect(service.drain()).resolves.toEqual({ submitted: 1, checked: 0, errors: 0 });

      expect(provider.listRefunds).toHaveBeenCalledWith('pi_test_refunds');
      expect(provider.refund).not.toHaveBeenCalled();
      expect(refunds.apply).toHaveBeenCalledWith(manager, found, 'provider:refund_created');
    });

    it('should submit with the refund id as idempotency key when the look-up finds none of it', async () => {
      const { batches, provider, service } = setup();
      const claimed = row({ created_at: new Date(NOW - 30 * HOUR) });
      batches.push([claimed]);
      provider.listRefunds.mockResolvedValue([{ providerRefundId: 're_test_x', refundId: null } as RefundSnapshot]);

      await service.drain();

      expect(provider.listRefunds).toHaveBeenCalledTimes(1);
      expect(provider.refund).toHaveBeenCalledWith(expect.objectContaining({ refundId: claimed.id }));
    });
  });

  describe('failures', () => {
    it('should retry an answer that cannot be applied, without scheduling a read-back', async () => {
      const { batches, retries, refunds, orders, service } = setup();
      const claimed = row({ attempts: 2 });
      batches.push([claimed]);
      refunds.apply.mockResolvedValue({ status: 'ignored', reason: 'amount above the payment' });

      await expect(service.drain()).resolves.toEqual({ submitted: 0, checked: 0, errors: 1 });

      expect(retries).toEqual([[claimed.id, 3, 120]]);
      expect(refunds.scheduleReadBack).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it.each([
      [0, 30],
      [1, 60],
      [3, 240],
      [6, 1920],
      [7, 3600],
      [20, 3600],
    ])('should back off an unreachable provider after %i attempts by %i seconds', async (attempts, delay) => {
      const { batches, retries, refunds, orders, provider, service } = setup();
      const claimed = row({ attempts });
      batches.push([claimed]);
      provider.refund.mockRejectedValue(new ProviderError('unavailable', 'timeout'));

      await expect(service.drain()).resolves.toEqual({ submitted: 0, checked: 0, errors: 1 });

      expect(retries).toEqual([[claimed.id, attempts + 1, delay]]);
      expect(refunds.markFailed).not.toHaveBeenCalled();
      expect(refunds.apply).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
      expect(loggedWarnings).toHaveBeenCalledWith(
        { err: expect.any(ProviderError), refundId: claimed.id },
        'Refund not acknowledged by the provider yet; will retry',
      );
      expect(loggedErrors).not.toHaveBeenCalled();
    });

    it('should flag refund_stuck when the fifth attempt in a row fails, with the last error cut to 300 characters', async () => {
      const { batches, retries, rootManager, orders, provider, service } = setup();
      const claimed = row({ attempts: 4, amount: 900 });
      batches.push([claimed]);
      provider.refund.mockRejectedValue(new ProviderError('unavailable', 'x'.repeat(400)));

      await service.drain();

      expect(retries).toEqual([[claimed.id, 5, 480]]);
      expect(orders.flag).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledWith(rootManager, claimed.order_id, 'refund_stuck', claimed.id, {
        refundId: claimed.id,
        amount: 900,
        attempts: 5,
        lastError: 'x'.repeat(300),
      });
      expect(loggedErrors).toHaveBeenCalledWith(
        { refundId: claimed.id, orderId: claimed.order_id, reason: 'x'.repeat(400) },
        'A refund keeps failing',
      );
    });

    it.each([
      ['an unappliable answer without a reason', 'the provider answer could not be applied'],
      ['an unexpected error', 'Error: connection reset'],
    ])('should flag with the reason of %s', async (kind, lastError) => {
      const { batches, orders, refunds, service } = setup();
      const claimed = row({ attempts: 4, provider_refund_id: 're_test_known' });
      batches.push([claimed]);
      if (kind.startsWith('an unappliable')) refunds.apply.mockResolvedValue({ status: 'ignored', reason: undefined });
      else refunds.apply.mockRejectedValue(new Error('connection reset'));

      await expect(service.drain()).resolves.toEqual({ submitted: 0, checked: 0, errors: 1 });

      expect(orders.flag).toHaveBeenCalledWith(expect.anything(), claimed.order_id, 'refund_stuck', claimed.id, {
        refundId: claimed.id,
        amount: 1500,
        attempts: 5,
        lastError,
      });
    });

    it('should log an unexpected error and retry it', async () => {
      const { batches, retries, service, provider } = setup();
      const claimed = row();
      batches.push([claimed]);
      const error = new TypeError('undefined is not a function');
      provider.refund.mockRejectedValue(error);

      await service.drain();

      expect(loggedErrors).toHaveBeenCalledWith(
        { err: error, refundId: claimed.id },
        'Refund work failed; it will be retried',
      );
      expect(retries).toEqual([[claimed.id, 1, 30]]);
    });

    it.each([5, 6])('should not flag again after %i failures', async (attempts) => {
      const { batches, orders, provider, service } = setup();
      batches.push([row({ attempts })]);
      provider.refund.mockRejectedValue(new ProviderError('unavailable', 'timeout'));

      await service.drain();

      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should log refused credentials as an error and retry', async () => {
      const { batches, retries, refunds, provider, service } = setup();
      const claimed = row();
      batches.push([claimed]);
      provider.refund.mockRejectedValue(new ProviderError('misconfigured', 'Invalid API Key'));

      await service.drain();

      expect(loggedErrors).toHaveBeenCalledWith(
        { err: expect.any(ProviderError), refundId: claimed.id },
        'Refund not acknowledged by the provider yet; will retry',
      );
      expect(loggedWarnings).not.toHaveBeenCalled();
      expect(retries).toEqual([[claimed.id, 1, 30]]);
      expect(refunds.markFailed).not.toHaveBeenCalled();
    });

    it.each(['rejected', 'not_found'] as const)(
      'should fail a system refund the provider answers %s, log it and flag refund_failed',
      async (kind) => {
        const { batches, retries, rootManager, refunds, orders, provider, service } = setup();
        const claimed = row({ reason: 'late_payment', amount: 4599 });
        batches.push([claimed]);
        const message = `charge_already_refunded ${'y'.repeat(400)}`;
        provider.refund.mockRejectedValue(new ProviderError(kind, message));

        await expect(service.drain()).resolves.toEqual({ submitted: 0, checked: 0, errors: 1 });

        expect(refunds.markFailed).toHaveBeenCalledWith(claimed.id, message);
        expect(loggedErrors).toHaveBeenCalledWith(
          { err: expect.any(ProviderError), refundId: claimed.id, orderId: claimed.order_id },
          'The provider refused a refund',
        );
        expect(orders.flag).toHaveBeenCalledWith(rootManager, claimed.order_id, 'refund_failed', claimed.id, {
          refundId: claimed.id,
          amount: 4599,
          failureReason: message.slice(0, 300),
        });
        expect(retries).toEqual([]);
        expect(refunds.apply).not.toHaveBeenCalled();
      },
    );

    it('should retry, not fail, a read-back the provider refuses', async () => {
      const { batches, retries, refunds, orders, provider, service } = setup();
      const claimed = row({ provider_refund_id: 're_test_known' });
      batches.push([claimed]);
      provider.retrieveRefund.mockRejectedValue(new ProviderError('not_found', 'No such refund'));

      await service.drain();

      expect(refunds.markFailed).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
      expect(retries).toEqual([[claimed.id, 1, 30]]);
    });
  });

  describe('request', () => {
    const dto = { amount: 1500, reason: 'requested_by_customer' } as RequestRefundDto;

    it("should open the refund, claim it by id and submit it while the admin waits, answering the row's state", async () => {
      const { batches, claims, refunds, provider, findBy, service } = setup();
      const claimed = row({ id: 'opened' });
      batches.push([claimed]);

      await expect(service.request('order-1', dto, 'user:admin')).resolves.toEqual([
        { id: 'opened', status: 'pending', amount: 1500 },
      ]);

      expect(refunds.open).toHaveBeenCalledWith('order-1', dto, 'user:admin', 300);
      expect(claims).toHaveLength(1);
      expect(claims[0].params).toEqual([300, 5, 'opened']);
      expect(claims[0].sql).toContain(
        "WHERE r.status = 'pending' AND r.id = $3 ORDER BY r.next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED",
      );
      expect(provider.refund).toHaveBeenCalledWith(expect.objectContaining({ refundId: 'opened' }));
      expect(findBy).toHaveBeenCalledTimes(1);
      expect(findBy).toHaveBeenCalledWith({ id: In(['opened']) });
      expect(findBy.mock.invocationCallOrder[0]).toBeGreaterThan(refunds.scheduleReadBack.mock.invocationCallOrder[0]);
    });

    it('should answer the rows as they stand after the submission, not as they were opened', async () => {
      const { batches, stored, refunds, service } = setup();
      batches.push([row({ id: 'opened' })]);
      // The provider's answer, applied: the refund succeeded.
      refunds.apply.mockImplementation(() => {
        stored.get('opened')!.status = 'succeeded';
        return Promise.resolve({ status: 'processed' });
      });

      const answered = await service.request('order-1', dto, 'user:admin');

      expect(answered).toEqual([expect.objectContaining({ id: 'opened', status: 'succeeded' })]);
    });

    it('should leave a refund another worker claimed first to it', async () => {
      const { provider, findBy, service } = setup();

      await expect(service.request('order-1', dto, 'user:admin')).resolves.toEqual([
        expect.objectContaining({ id: 'opened', status: 'pending' }),
      ]);

      expect(provider.refund).not.toHaveBeenCalled();
      expect(findBy).toHaveBeenCalledWith({ id: In(['opened']) });
    });

    it.each(['rejected', 'not_found'] as const)(
      'should fail the refund and answer 502 PAYMENT_PROVIDER_ERROR when the provider answers %s',
      async (kind) => {
        const { batches, refunds, orders, provider, findBy, service } = setup();
        batches.push([row({ id: 'opened' })]);
        provider.refund.mockRejectedValue(new ProviderError(kind, 'Charge already refunded'));

        const requesting = service.request('order-1', dto, 'user:admin');

        await expect(requesting).rejects.toThrow(DomainError);
        await expect(requesting).rejects.toMatchObject({
          code: ErrorCode.PAYMENT_PROVIDER_ERROR,
          message: 'The payment provider refused the refund: Charge already refunded',
          status: HttpStatus.BAD_GATEWAY,
        });
        expect(refunds.markFailed).toHaveBeenCalledWith('opened', 'Charge already refunded');
        expect(orders.flag).not.toHaveBeenCalled();
        expect(loggedErrors).not.toHaveBeenCalled();
        expect(findBy).not.toHaveBeenCalled();
      },
    );

    it('should answer the pending row, retried later, when the provider is unreachable', async () => {
      const { batches, retries, service, provider } = setup();
      batches.push([row({ id: 'opened' })]);
      provider.refund.mockRejectedValue(new ProviderError('unavailable', 'timeout'));

      await expect(service.request('order-1', dto, 'user:admin')).resolves.toEqual([
        expect.objectContaining({ id: 'opened', status: 'pending' }),
      ]);

      expect(retries).toEqual([['opened', 1, 30]]);
    });

    describe('split over two payments', () => {
      /** An order paid in two parts: open() answers one refund per payment, the newest payment's first. */
      function twoRefunds() {
        const context = setup();
        const { store, refunds, batches } = context;
        const newest = store(uuid());
        const oldest = store(uuid());
        refunds.open.mockResolvedValue([{ ...newest }, { ...oldest }]);
        batches.push([row({ id: newest.id, amount: 1000 })], [row({ id: oldest.id, amount: 500 })]);
        return { ...context, newest, oldest };
      }

      it('should claim and submit each refund by id, in the order opened, and answer both in that order', async () => {
        const { claims, provider, refunds, findBy, newest, oldest, service } = twoRefunds();

        const answered = await service.request('order-1', dto, 'user:admin');

        expect(claims.map((claim) => claim.params)).toEqual([
          [300, 5, newest.id],
          [300, 5, oldest.id],
        ]);
        expect(provider.refund.mock.calls.map(([input]) => [input.refundId, input.amount])).toEqual([
          [newest.id, 1000],
          [oldest.id, 500],
        ]);
        expect(refunds.scheduleReadBack).toHaveBeenCalledTimes(2);
        expect(findBy).toHaveBeenCalledTimes(1);
        expect(findBy).toHaveBeenCalledWith({ id: In([newest.id, oldest.id]) });
        // Read back in another order: answered in the order opened.
        expect(answered.map((refund) => refund.id)).toEqual([newest.id, oldest.id]);
      });

      it('should answer both, the refused one failed, without flag or error, when the provider refuses one', async () => {
        const { provider, refunds, orders, newest, oldest, service } = twoRefunds();
        provider.refund.mockImplementation((input: RefundInput) =>
          input.refundId === oldest.id
            ? Promise.reject(new ProviderError('rejected', 'Charge already refunded'))
            : Promise.resolve({ providerRefundId: 're_test_answer' } as RefundSnapshot),
        );

        const answered = await service.request('order-1', dto, 'user:admin');

        expect(provider.refund).toHaveBeenCalledTimes(2);
        expect(refunds.markFailed).toHaveBeenCalledTimes(1);
        expect(refunds.markFailed).toHaveBeenCalledWith(oldest.id, 'Charge already refunded');
        expect(refunds.apply).toHaveBeenCalledTimes(1);
        expect(answered).toEqual([
          expect.objectContaining({ id: newest.id, status: 'pending' }),
          expect.objectContaining({ id: oldest.id, status: 'failed' }),
        ]);
        expect(orders.flag).not.toHaveBeenCalled();
        expect(loggedErrors).not.toHaveBeenCalled();
      });

      it('should answer 502 with the first refusal when the provider refuses every refund', async () => {
        const { provider, refunds, orders, findBy, newest, oldest, service } = twoRefunds();
        provider.refund
          .mockRejectedValueOnce(new ProviderError('rejected', 'first refusal'))
          .mockRejectedValueOnce(new ProviderError('not_found', 'second refusal'));

        await expect(service.request('order-1', dto, 'user:admin')).rejects.toMatchObject({
          code: ErrorCode.PAYMENT_PROVIDER_ERROR,
          message: 'The payment provider refused the refund: first refusal',
          status: HttpStatus.BAD_GATEWAY,
        });

        expect(refunds.markFailed.mock.calls).toEqual([
          [newest.id, 'first refusal'],
          [oldest.id, 'second refusal'],
        ]);
        expect(orders.flag).not.toHaveBeenCalled();
        expect(findBy).not.toHaveBeenCalled();
      });

      it('should not answer 502 when one is refused and the other was claimed by another worker first', async () => {
        const { batches, provider, newest, oldest, service } = twoRefunds();
        batches[1] = [];
        provider.refund.mockRejectedValue(new ProviderError('rejected', 'Charge already refunded'));

        const answered = await service.request('order-1', dto, 'user:admin');

        expect(provider.refund).toHaveBeenCalledTimes(1);
        expect(answered).toEqual([
          expect.objectContaining({ id: newest.id, status: 'failed' }),
          expect.objectContaining({ id: oldest.id, status: 'pending' }),
        ]);
      });
    });
  });

  describe('kick', () => {
    /** A drain the test finishes by hand. */
    function heldDrains(service: RefundSubmissionService) {
      const finish: (() => void)[] = [];
      const drain = jest.spyOn(service, 'drain').mockImplementation(
        () =>
          new Promise((resolve) => {
            finish.push(() => resolve({ submitted: 0, checked: 0, errors: 0 }));
          }),
      );
      const started = async (count: number) => {
        while (drain.mock.calls.length < count) await new Promise((resolve) => setImmediate(resolve));
      };
      return { drain, finish, started };
    }

    it('should coalesce kicks before the drain starts into one drain of due refunds', async () => {
      const { service } = setup();
      const { drain, finish, started } = heldDrains(service);

      service.kick();
      service.kick();
      await started(1);
      finish[0]();
      await service.onApplicationShutdown();

      expect(drain).toHaveBeenCalledTimes(1);
      expect(drain).toHaveBeenCalledWith();
    });

    it('should drain once more, however many kicks arrived during a drain', async () => {
      const { service } = setup();
      const { drain, finish, started } = heldDrains(service);

      service.kick();
      await started(1);
      service.kick();
      service.kick();
      finish[0]();
      await started(2);
      finish[1]();
      await service.onApplicationShutdown();

      expect(drain).toHaveBeenCalledTimes(2);
    });

    it('should log a failed drain and drain again on the next kick', async () => {
      const { service } = setup();
      const error = new Error('pool exhausted');
      const drain = jest.spyOn(service, 'drain').mockRejectedValueOnce(error);

      service.kick();
      await (service as unknown as { draining?: Promise<void> }).draining;
      expect(loggedErrors).toHaveBeenCalledWith({ err: error }, 'Refund queue run failed; it will run again');

      drain.mockResolvedValueOnce({ submitted: 0, checked: 0, errors: 0 });
      service.kick();
      await service.onApplicationShutdown();
      expect(drain).toHaveBeenCalledTimes(2);
    });

    it('should start no drain once shutdown has begun', async () => {
      const { service } = setup();
      const drain = jest.spyOn(service, 'drain').mockResolvedValue({ submitted: 0, checked: 0, errors: 0 });
      await service.onApplicationShutdown();

      service.kick();
      await new Promise((resolve) => setImmediate(resolve));
      expect(drain).not.toHaveBeenCalled();
    });
  });

  describe('timer', () => {
    it.each([0, -1])('should not poll when the reconcile interval is %i', (intervalSeconds) => {
      jest.useFakeTimers();
      const { service } = setup({ intervalSeconds });
      const kick = jest.spyOn(service, 'kick').mockImplementation(() => undefined);

      service.onApplicationBootstrap();
      jest.advanceTimersByTime(60_000);

      expect(kick).not.toHaveBeenCalled();
    });

    it('should kick every 15 seconds until shutdown', async () => {
      jest.useFakeTimers();
      const { service } = setup({ intervalSeconds: 1 });
      const kick = jest.spyOn(service, 'kick').mockImplementation(() => undefined);

      service.onApplicationBootstrap();
      jest.advanceTimersByTime(14_999);
      expect(kick).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(kick).toHaveBeenCalledTimes(1);
      await service.onApplicationShutdown();
      jest.advanceTimersByTime(60_000);
      expect(kick).toHaveBeenCalledTimes(1);
    });
  });
});

import type { DataSource } from 'typeorm';
import type { MetricsService } from '../metrics/metrics.service';
import type { OrdersService } from '../orders/orders.service';
import type { PaymentReferencesService } from './payment-references.service';
import { RefundsService } from './refunds.service';

/**
 * The two writes RefundSubmissionService makes through RefundsService after a provider answer;
 * the rest of RefundsService runs against PostgreSQL in the refunds e2e specs.
 */
function setup(affected = 1) {
  const query = jest.fn().mockResolvedValue([]);
  const update = jest.fn().mockResolvedValue({ affected });
  const dataSource = { query, getRepository: () => ({ update }) } as unknown as DataSource;
  const metrics = { refundTransition: jest.fn() };
  const service = new RefundsService(
    dataSource,
    {} as OrdersService,
    {} as PaymentReferencesService,
    metrics as unknown as MetricsService,
  );
  return { service, query, update, metrics };
}

describe('RefundsService', () => {
  describe('scheduleReadBack', () => {
    const NOW = new Date('2026-03-01T12:00:00Z').getTime();
    beforeEach(() => jest.useFakeTimers({ now: NOW }));
    afterEach(() => jest.useRealTimers());

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
    it('fails a pending refund with the reason, cut to the column, and counts the transition', async () => {
      const { service, update, metrics } = setup(1);
      await service.markFailed('refund-1', 'x'.repeat(600));
      expect(update).toHaveBeenCalledWith(
        { id: 'refund-1', status: 'pending' },
        { status: 'failed', failureReason: 'x'.repeat(500) },
      );
      expect(metrics.refundTransition).toHaveBeenCalledWith(undefined, 'pending', 'failed');
    });

    it('counts nothing when the refund was no longer pending', async () => {
      const { service, metrics } = setup(0);
      await service.markFailed('refund-1', 'card_declined');
      expect(metrics.refundTransition).not.toHaveBeenCalled();
    });
  });
});

import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import type { MetricsService } from '../../metrics/metrics.service';
import { Payment } from '../payment.entity';
import { endMissingSession, failure, movePayment } from '../payment-transitions';
import type { PaymentProvider } from '../providers/payment-provider';
import { ProviderError } from '../providers/provider-errors';

/**
 * Closes an open attempt's session at its provider, then ends the attempt (`expired` when a new
 * checkout replaces it, `canceled` when its order is canceled). The one path both take, so a
 * customer can never pay a session orderpay has given up on. Answers `already_complete` (the
 * attempt unchanged) when the customer paid it first: its webhook is on the way.
 */
export async function closeAttempt(
  manager: EntityManager,
  metrics: MetricsService,
  provider: PaymentProvider,
  payment: Payment,
  to: 'expired' | 'canceled',
  cause: string,
): Promise<'closed' | 'already_complete'> {
  let outcome: 'expired' | 'already_complete';
  try {
    outcome = await provider.expireCheckout(payment.providerSessionId!);
  } catch (error) {
    // A session the provider no longer knows cannot be paid: the attempt ends all the same.
    if (!(error instanceof ProviderError && error.kind === 'not_found')) throw toHttpError(error);
    await endMissingSession(manager, metrics, payment, cause);
    return 'closed';
  }
  if (outcome === 'already_complete') return outcome;
  await movePayment(manager, metrics, payment, to, cause, { nextCheckAt: null });
  return 'closed';
}

export function toHttpError(error: unknown): unknown {
  if (!(error instanceof ProviderError)) return error;
  return error.kind === 'unavailable'
    ? new DomainError(
        ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
        'The payment provider cannot be reached; try again shortly',
        HttpStatus.SERVICE_UNAVAILABLE,
      )
    : new DomainError(
        ErrorCode.PAYMENT_PROVIDER_ERROR,
        'The payment provider refused the request',
        HttpStatus.BAD_GATEWAY,
      );
}

/** A `creating` row older than this lost its creator (crash, deploy): it must not block the order. */
const ABANDONED_AFTER_SECONDS = 60;

/**
 * Marks attempts whose creator died before opening their session as failed (of one order, or
 * all). Ages are measured by PostgreSQL's clock, the same one that stamped `created_at`.
 */
export async function failAbandonedAttempts(
  manager: EntityManager,
  metrics: MetricsService,
  cause: string,
  orderId?: string,
): Promise<number> {
  const abandoned = await manager
    .getRepository(Payment)
    .createQueryBuilder('payment')
    .select(['payment.id', 'payment.status', 'payment.provider'])
    .where(`payment.status = 'creating' AND payment.created_at < now() - make_interval(secs => :seconds)`, {
      seconds: ABANDONED_AFTER_SECONDS,
    })
    .andWhere(orderId ? 'payment.order_id = :orderId' : 'TRUE', { orderId })
    // Bounded: a backlog (after an outage) is worked through by the next runs.
    .limit(500)
    .getMany();
  let failed = 0;
  for (const payment of abandoned) {
    const reason = failure('abandoned', 'abandoned while opening the checkout');
    if (await movePayment(manager, metrics, payment, 'failed', cause, reason)) failed++;
  }
  return failed;
}

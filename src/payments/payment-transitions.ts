import type { EntityManager } from 'typeorm';
import type { MetricsService } from '../metrics/metrics.service';
import { Payment } from './payment.entity';
import { canTransitionPayment, PaymentFailureCode, PaymentStatus } from './payment-status';

type Moving = Pick<Payment, 'id' | 'status' | 'provider'>;

/**
 * Moves an attempt to `to` when the state machine allows it and the row is still in the status
 * the caller read (a guarded UPDATE), counting it once committed. A repeat, a stale event or a
 * lost race changes nothing and answers false. Pass the caller's transaction when there is one.
 */
export async function movePayment(
  manager: EntityManager,
  metrics: MetricsService,
  payment: Moving,
  to: PaymentStatus,
  changes: Partial<Payment> = {},
): Promise<boolean> {
  if (!canTransitionPayment(payment.status, to)) return false;
  const result = await manager
    .getRepository(Payment)
    .update({ id: payment.id, status: payment.status }, { ...changes, status: to });
  if (!result.affected) return false;
  metrics.paymentTransition(manager, payment.provider, payment.status, to);
  return true;
}

/** An attempt that ended without paying: a code customers may read, the details for admins. */
export function failure(code: PaymentFailureCode, reason: string): Pick<Payment, 'failureCode' | 'failureReason'> {
  return { failureCode: code, failureReason: reason.slice(0, 500) };
}

/**
 * The provider no longer knows this attempt's session (test data deleted, keys switched, the
 * emulator restarted): it ends, so the order can be paid with a new one or canceled.
 */
export async function endMissingSession(
  manager: EntityManager,
  metrics: MetricsService,
  payment: Moving,
): Promise<PaymentStatus | null> {
  const reason = 'The checkout session no longer exists at the payment provider';
  // A processing attempt cannot expire (money may be moving); it fails, with the same code.
  const to = payment.status === 'processing' ? 'failed' : 'expired';
  const moved = await movePayment(manager, metrics, payment, to, {
    ...failure('session_missing', reason),
    nextCheckAt: null,
  });
  return moved ? to : null;
}

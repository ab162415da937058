import type { EntityManager } from 'typeorm';
import { entityFrom, selectColumns } from '../database/entity-rows';
import { guardedMove } from '../database/guarded-move';
import { NEW, type MetricsService } from '../metrics/metrics.service';
import { Payment } from './payment.entity';
import { canTransitionPayment, PaymentFailureCode, PaymentStatus } from './payment-status';
import { PaymentStatusChange } from './payment-status-change.entity';
import { runStatement } from '../database/statements';

type Moving = Pick<Payment, 'id' | 'status' | 'provider'>;

/**
 * Audit rows are stamped by the clock, not the transaction's start: one transaction may move an
 * attempt or a refund twice (recorded, then settled), and its trail must keep that order.
 */
export const clockTime = () => 'clock_timestamp()';

/**
 * The one way an attempt's status changes: checked against the state machine, then a guarded
 * UPDATE (`WHERE status = from`, the status the caller read) with its audit row, in one
 * statement, counted once committed. A repeat, a stale event or a lost race changes nothing and
 * answers false. Inside the caller's transaction when there is one.
 */
export async function movePayment(
  manager: EntityManager,
  metrics: MetricsService,
  payment: Moving,
  to: PaymentStatus,
  cause: string,
  changes: Partial<Payment> = {},
): Promise<boolean> {
  if (!canTransitionPayment(payment.status, to)) return false;
  const moved = await guardedMove(manager, {
    entity: Payment,
    audit: { entity: PaymentStatusChange, owner: 'paymentId' },
    id: payment.id,
    from: payment.status,
    to,
    cause,
    changes,
  });
  if (moved) metrics.paymentTransition(manager, payment.provider, payment.status, to);
  return moved;
}

/** A new attempt, `creating`, and its first audit row, in one statement (inside the caller's transaction). */
export async function createPayment(
  manager: EntityManager,
  metrics: MetricsService,
  fields: Pick<Payment, 'orderId' | 'provider' | 'amount' | 'currency'>,
  cause: string,
): Promise<Payment> {
  const [row] = await runStatement<Record<string, unknown>[]>(
    manager,
    `WITH created AS (
       INSERT INTO payments (order_id, provider, status, amount, currency)
       VALUES ($1, $2, 'creating', $3, $4) RETURNING *),
     audited AS (
       INSERT INTO payment_status_changes (payment_id, from_status, to_status, cause, at)
       SELECT id, NULL, 'creating', $5, ${clockTime()} FROM created)
     SELECT ${selectColumns(manager, Payment, 'created')} FROM created`,
    [fields.orderId, fields.provider, fields.amount, fields.currency, cause],
  );
  metrics.paymentTransition(manager, fields.provider, NEW, 'creating');
  return entityFrom(manager, Payment, row, 'created');
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
  cause: string,
): Promise<PaymentStatus | null> {
  const reason = 'The checkout session no longer exists at the payment provider';
  // A processing attempt cannot expire (money may be moving); it fails, with the same code.
  const to = payment.status === 'processing' ? 'failed' : 'expired';
  const moved = await movePayment(manager, metrics, payment, to, cause, {
    ...failure('session_missing', reason),
    nextCheckAt: null,
  });
  return moved ? to : null;
}

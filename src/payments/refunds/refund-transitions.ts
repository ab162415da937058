import type { EntityManager } from 'typeorm';
import { guardedMove } from '../../database/guarded-move';
import { NEW, type MetricsService } from '../../metrics/metrics.service';
import { clockTime } from '../payment-transitions';
import { Refund, REFUND_TRANSITIONS, RefundStatus } from './refund.entity';
import { RefundStatusChange } from './refund-status-change.entity';

type Moving = Pick<Refund, 'id' | 'status'>;

/**
 * The one way a refund's status changes: checked against the state machine, then a guarded
 * UPDATE (`WHERE status = from`) with its audit row, in one statement, counted once committed.
 * A repeat or a lost race changes nothing and answers false.
 */
export async function moveRefund(
  manager: EntityManager,
  metrics: MetricsService,
  refund: Moving,
  to: RefundStatus,
  cause: string,
  changes: Partial<Pick<Refund, 'failureReason'>> = {},
): Promise<boolean> {
  if (!REFUND_TRANSITIONS[refund.status].includes(to)) return false;
  const moved = await guardedMove(manager, {
    entity: Refund,
    audit: { entity: RefundStatusChange, owner: 'refundId' },
    id: refund.id,
    from: refund.status,
    to,
    cause,
    changes,
  });
  if (moved) metrics.refundTransition(manager, refund.status, to);
  return moved;
}

/** A new refund, `pending`, with its first audit row, inside the caller's transaction. */
export async function createRefund(
  manager: EntityManager,
  metrics: MetricsService,
  fields: Pick<Refund, 'paymentId' | 'orderId' | 'amount' | 'reason' | 'requestedBy'> &
    Partial<Pick<Refund, 'providerRefundId' | 'nextAttemptAt'>>,
  cause: string,
): Promise<Refund> {
  const repository = manager.getRepository(Refund);
  const refund = await repository.save(repository.create({ ...fields, status: 'pending' }));
  await manager
    .getRepository(RefundStatusChange)
    .insert({ refundId: refund.id, fromStatus: null, toStatus: 'pending', cause, at: clockTime });
  metrics.refundTransition(manager, NEW, 'pending');
  return refund;
}

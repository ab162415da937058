import { EntityManager, MoreThan } from 'typeorm';
import { Payment } from '../payment.entity';
import { refundableForOrder } from './refund-rules';
import { Refund, RefundStatus } from './refund.entity';

/**
 * What the database says a payment can still give back: the reads every refund decision starts
 * from, inside the caller's transaction (with the order locked, so they stay true until it ends).
 */

/** Refunds that still hold part of the payment: a new refund may only take what they leave. */
const HOLDING_STATUSES: RefundStatus[] = ['pending', 'succeeded'];

/** What a refund may take from: what the provider received, which differs from what was asked only for a mismatch. */
export function received(payment: Payment): { amount: number; currency: string } {
  return { amount: payment.receivedAmount ?? payment.amount, currency: payment.receivedCurrency ?? payment.currency };
}

/** Per payment: what its pending and succeeded refunds hold (0 for a payment with none). */
export async function heldAmounts(manager: EntityManager, paymentIds: string[]): Promise<Map<string, number>> {
  const held = new Map(paymentIds.map((id) => [id, 0]));
  if (paymentIds.length === 0) return held;
  const rows = await manager
    .getRepository(Refund)
    .createQueryBuilder('refund')
    .select('refund.payment_id', 'paymentId')
    .addSelect('SUM(refund.amount)::int', 'sum')
    .where('refund.payment_id IN (:...paymentIds) AND refund.status IN (:...statuses)', {
      paymentIds,
      statuses: HOLDING_STATUSES,
    })
    .groupBy('refund.payment_id')
    .getRawMany<{ paymentId: string; sum: number }>();
  for (const row of rows) held.set(row.paymentId, row.sum);
  return held;
}

/** What refunds of a payment may still take: what the provider received less what its refunds hold. */
export async function leftToRefund(manager: EntityManager, payment: Payment): Promise<number> {
  return received(payment).amount - (await heldAmounts(manager, [payment.id])).get(payment.id)!;
}

/** The order's payments it took money from, newest first, with what each has left to refund toward it. */
export async function refundablePayments(
  manager: EntityManager,
  orderId: string,
): Promise<{ payment: Payment; refundable: number }[]> {
  const payments = await manager.getRepository(Payment).find({
    where: { orderId, amountApplied: MoreThan(0) },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  const held = await heldAmounts(
    manager,
    payments.map((p) => p.id),
  );
  return payments.map((payment) => ({
    payment,
    refundable: refundableForOrder(
      { received: received(payment).amount, applied: payment.amountApplied },
      held.get(payment.id)!,
    ),
  }));
}

/**
 * What a provider's refund may do to one of our payments, as pure rules (unit-tested in
 * refund-rules.spec.ts). The provider enforces the same rules, so a refund that breaks one was
 * not written by it: applying it would break the payments table's amount check on every delivery.
 */

export interface RefundFacts {
  amount: number;
  currency: string;
}

export interface PaymentFacts {
  amount: number;
  currency: string;
  /** What succeeded refunds have already taken back. */
  amountRefunded: number;
}

/**
 * Why this refund can never apply to this payment, or null. `counting` is the amount the refund
 * would add to the payment's refunded total now (0 when it is already counted, or not succeeding).
 */
export function whyRefundCannotApply(refund: RefundFacts, payment: PaymentFacts, counting: number): string | null {
  if (refund.currency.toLowerCase() !== payment.currency) {
    return `currency ${refund.currency}, the payment's is ${payment.currency}`;
  }
  if (refund.amount > payment.amount) return `amount ${refund.amount} is more than the payment's ${payment.amount}`;
  if (payment.amountRefunded + counting > payment.amount) {
    return `it would take the payment's refunds to ${payment.amountRefunded + counting}, past its ${payment.amount}`;
  }
  return null;
}

/** A payment as its order's refunds see it: what the provider took and what the order took of it. */
export interface AppliedPaymentFacts {
  /** What the provider took (`receivedAmount`, else `amount`). */
  received: number;
  /** The part its order took (`amountApplied`); the rest is an excess refunded on its own. */
  applied: number;
}

/**
 * How much of `refunded` (refunds of one payment) counts on its order: refunds take from the part
 * the order did not take first (the excess of a late or overpaying payment), then from the rest.
 */
export function countedOnOrder(payment: AppliedPaymentFacts, refunded: number): number {
  return Math.max(0, refunded - (payment.received - payment.applied));
}

/** What an admin may still refund of one payment toward its order, `held` being its pending and succeeded refunds. */
export function refundableForOrder(payment: AppliedPaymentFacts, held: number): number {
  return Math.max(0, payment.applied - countedOnOrder(payment, held));
}

/**
 * An admin's refund of `amount` split over the order's payments, newest first, each up to what
 * it has left: one provider refund per payment. Null when the payments do not hold that much.
 */
export function splitRefund<P extends { refundable: number }>(
  newestFirst: readonly P[],
  amount: number,
): { payment: P; amount: number }[] | null {
  const parts: { payment: P; amount: number }[] = [];
  let left = amount;
  for (const payment of newestFirst) {
    if (left === 0) break;
    const part = Math.min(left, payment.refundable);
    if (part > 0) parts.push({ payment, amount: part });
    left -= part;
  }
  return left === 0 ? parts : null;
}

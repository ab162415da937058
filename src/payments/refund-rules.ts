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

import type { CheckoutOutcome } from '../payment-events.service';
import type { CheckoutSnapshot } from '../providers/payment-provider';

/**
 * What a webhook would have said about a checkout read from its provider, or null while nothing
 * has happened to it (still open, or approved and waiting for orderpay to take the payment).
 */
export function outcomeOf(snapshot: CheckoutSnapshot): CheckoutOutcome | null {
  if (snapshot.status === 'expired') return 'expired';
  if (snapshot.status !== 'complete') return null;
  // Refused after completing (a bounced debit, a declined capture): no money moved.
  if (snapshot.paymentStatus === 'failed') return 'async_payment_failed';
  // Paid, or complete but unpaid: a delayed payment still running (the attempt waits in `processing`).
  return 'completed';
}

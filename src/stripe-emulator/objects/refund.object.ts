import type Stripe from 'stripe';
import { newId } from '../support/ids';

/** The reasons Stripe gives on a refund that failed after it was accepted. */
export const REFUND_FAILURE_REASONS = [
  'charge_for_pending_refund_disputed',
  'declined',
  'expired_or_canceled_card',
  'insufficient_funds',
  'lost_or_stolen_card',
  'merchant_request',
  'unknown',
] as const;
export type RefundFailureReason = (typeof REFUND_FAILURE_REASONS)[number];

export interface NewRefund {
  created: number;
  charge: Stripe.Charge;
  amount: number;
  reason: Stripe.RefundCreateParams.Reason | null;
  metadata: Record<string, string>;
}

/** A card refund as Stripe answers it: accepted, `pending` until the card network confirms. */
export function newRefund(input: NewRefund): Stripe.Refund {
  return {
    id: newId('refund'),
    object: 'refund',
    amount: input.amount,
    balance_transaction: null,
    charge: input.charge.id,
    created: input.created,
    currency: input.charge.currency,
    customer: null,
    customer_account: null,
    destination_details: {
      type: 'card',
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
    },
    metadata: input.metadata,
    payment_intent: typeof input.charge.payment_intent === 'string' ? input.charge.payment_intent : null,
    payment_method: input.charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'pending',
    transfer_reversal: null,
  };
}

/** Applies the settlement Stripe reports a moment after the refund was accepted. */
export function settleRefund(refund: Stripe.Refund, failure: RefundFailureReason | undefined): void {
  if (failure) {
    refund.status = 'failed';
    refund.failure_reason = failure;
    // Stripe moves the money back to the balance with a second balance transaction.
    refund.failure_balance_transaction = newId('balanceTransaction');
    return;
  }
  refund.status = 'succeeded';
  refund.balance_transaction = newId('balanceTransaction');
  if (refund.destination_details?.card) {
    refund.destination_details.card.reference = randomArn();
    refund.destination_details.card.reference_status = 'available';
  }
}

function randomArn(): string {
  return Array.from({ length: 23 }, () => Math.floor(Math.random() * 10)).join('');
}

import type Stripe from 'stripe';
import type { EmulatedEvent } from '../objects/event.object';
import type { RefundFailureReason } from '../objects/refund.object';

export interface SessionRecord {
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
  /** `payment_intent_data.metadata`: given at creation, applied when the PaymentIntent is made. */
  paymentIntentMetadata: Record<string, string>;
}

export interface RefundRecord {
  refund: Stripe.Refund;
  /** Decided when the refund is created (see `failNextRefund`), applied when it settles. */
  failWith?: RefundFailureReason;
}

/**
 * Everything the emulator knows, in memory. Maps keep insertion order, which is creation
 * order: lists read them backwards to answer newest first, as Stripe does.
 */
export class EmulatorState {
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, RefundRecord>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly events = new Map<string, EmulatedEvent>();
  /** Set by the `fail_next_refund` control; taken by the next refund created. */
  nextRefundFailure: RefundFailureReason | undefined;

  sessionOfPaymentIntent(paymentIntentId: string): SessionRecord | undefined {
    for (const record of this.sessions.values()) {
      if (record.session.payment_intent === paymentIntentId) return record;
    }
    return undefined;
  }

  refundsOfCharge(chargeId: string): Stripe.Refund[] {
    return [...this.refunds.values()].map((r) => r.refund).filter((refund) => refund.charge === chargeId);
  }

  reset(): void {
    this.sessions.clear();
    this.paymentIntents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.disputes.clear();
    this.events.clear();
    this.nextRefundFailure = undefined;
  }
}

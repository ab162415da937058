import type Stripe from 'stripe';
import { paramErrors, stateError } from '../api/api-errors';
import { EventRequest } from '../objects/event.object';
import { newRefund, RefundFailureReason, settleRefund } from '../objects/refund.object';
import { formatAmount } from '../state/currency';
import { idOf } from '../support/ids';
import { find, FlowContext } from './flow-context';

export interface CreateRefundInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: Stripe.RefundCreateParams.Reason;
  metadata: Record<string, string>;
}

/**
 * Refunds: accepted as `pending` (refund.created), then settled after `refundSettleMs`:
 *   pending -> succeeded  (refund.updated, charge.refunded)
 *   pending -> failed     (refund.updated, refund.failed) when `failNextRefund` was armed.
 * A pending refund already counts in the charge's `amount_refunded`, as at Stripe, so two
 * refunds in quick succession cannot exceed the charge; a failed one gives its amount back.
 */
export class RefundFlow {
  constructor(private readonly ctx: FlowContext) {}

  create(input: CreateRefundInput, request: EventRequest): Stripe.Refund {
    const charge = this.refundableCharge(input);
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      throw stateError(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    }
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw stateError(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        { code: 'amount_too_large', param: 'amount' },
      );
    }
    const refund = newRefund({
      created: this.ctx.nowSeconds(),
      charge,
      amount,
      reason: input.reason ?? null,
      metadata: input.metadata,
    });
    const failWith = this.ctx.state.nextRefundFailure;
    this.ctx.state.nextRefundFailure = undefined;
    this.ctx.state.refunds.set(refund.id, { refund, failWith });
    this.syncCharge(charge);
    this.ctx.events.publish('refund.created', refund, { request });
    this.ctx.timers.after(this.ctx.settings.refundSettleMs, () => this.settle(refund.id));
    return refund;
  }

  /** Arms a failure for the next refund created (reason as Stripe reports it). */
  failNext(reason: RefundFailureReason): void {
    this.ctx.state.nextRefundFailure = reason;
  }

  settle(refundId: string): void {
    const record = this.ctx.state.refunds.get(refundId);
    if (!record || record.refund.status !== 'pending') return; // reset or already settled
    const { refund, failWith } = record;
    settleRefund(refund, failWith);
    const charge = find.charge(this.ctx.state, idOf(refund.charge));
    this.syncCharge(charge);
    this.ctx.events.publish('refund.updated', refund, { previousAttributes: { status: 'pending' } });
    if (refund.status === 'failed') {
      this.ctx.events.publish('refund.failed', refund);
    } else {
      this.ctx.events.publish('charge.refunded', charge);
    }
  }

  private refundableCharge(input: CreateRefundInput): Stripe.Charge {
    const { state } = this.ctx;
    if (input.paymentIntent && input.charge) {
      throw paramErrors.invalid(
        'charge',
        'You may pass only one of charge and payment_intent.',
        'parameters_exclusive',
      );
    }
    if (!input.paymentIntent && !input.charge) {
      throw paramErrors.invalid(
        'payment_intent',
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    }
    let charge: Stripe.Charge | undefined;
    if (input.paymentIntent) {
      const paymentIntent = find.paymentIntent(state, input.paymentIntent, 'payment_intent', 400);
      charge = paymentIntent.latest_charge ? state.charges.get(idOf(paymentIntent.latest_charge)) : undefined;
      if (paymentIntent.status !== 'succeeded' || !charge) {
        throw stateError(`This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        });
      }
    } else {
      charge = find.charge(state, String(input.charge), 'charge', 400);
    }
    if (charge.status !== 'succeeded') {
      throw stateError(`Charge ${charge.id} has not succeeded and cannot be refunded.`, {
        code: 'charge_not_refundable',
      });
    }
    if (charge.disputed) {
      throw stateError(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
        code: 'charge_disputed',
      });
    }
    return charge;
  }

  /** Keeps `amount_refunded`, `refunded` and the embedded `refunds` list in step with the refunds. */
  private syncCharge(charge: Stripe.Charge): void {
    const refunds = this.ctx.state.refundsOfCharge(charge.id);
    const counted = refunds.filter((refund) => refund.status === 'pending' || refund.status === 'succeeded');
    charge.amount_refunded = counted.reduce((sum, refund) => sum + refund.amount, 0);
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds = {
      object: 'list',
      data: refunds.reverse().map((refund) => structuredClone(refund)),
      has_more: false,
      url: `/v1/charges/${charge.id}/refunds`,
    };
  }
}

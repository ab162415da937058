import type Stripe from 'stripe';
import { paramErrors, stateError } from '../api/api-errors';
import { newDispute } from '../objects/dispute.object';
import { idOf } from '../support/ids';
import { find, FlowContext } from './flow-context';

export interface OpenDisputeInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: string;
}

/** Disputes only come from the customer's bank, so only a test control opens one. */
export class DisputeFlow {
  constructor(private readonly ctx: FlowContext) {}

  open(input: OpenDisputeInput): Stripe.Dispute {
    const charge = this.disputableCharge(input);
    const amount = input.amount ?? charge.amount;
    if (amount < 1 || amount > charge.amount) {
      throw paramErrors.invalid(
        'amount',
        `A dispute amount must be between 1 and the charge amount (${charge.amount}).`,
      );
    }
    const dispute = newDispute({
      created: this.ctx.nowSeconds(),
      charge,
      amount,
      reason: input.reason ?? 'fraudulent',
    });
    this.ctx.state.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.ctx.events.publish('charge.dispute.created', dispute);
    return dispute;
  }

  private disputableCharge(input: OpenDisputeInput): Stripe.Charge {
    const { state } = this.ctx;
    let chargeId = input.charge;
    if (!chargeId && input.paymentIntent) {
      const paymentIntent = find.paymentIntent(state, input.paymentIntent, 'payment_intent', 400);
      chargeId = paymentIntent.latest_charge ? idOf(paymentIntent.latest_charge) : undefined;
      if (!chargeId) throw stateError(`PaymentIntent ${paymentIntent.id} has no charge to dispute.`);
    }
    if (!chargeId) throw paramErrors.missing('payment_intent');
    const charge = find.charge(state, chargeId, 'charge', 400);
    if (charge.status !== 'succeeded')
      throw stateError(`Charge ${charge.id} has not succeeded; there is nothing to dispute.`);
    if (charge.disputed) throw stateError(`Charge ${charge.id} is already disputed.`);
    return charge;
  }
}

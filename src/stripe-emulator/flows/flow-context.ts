import type Stripe from 'stripe';
import { resourceMissing } from '../api/api-errors';
import type { EmulatorState, SessionRecord } from '../state/emulator-state';
import type { Timers } from '../support/timers';
import type { EventPublisher } from '../webhooks/event-publisher';

export interface AsyncPaymentAutoOutcome {
  afterMs: number;
  outcome: 'succeeded' | 'failed';
}

export interface FlowSettings {
  /** How long a refund stays `pending` before it settles. */
  refundSettleMs: number;
  /** When set, a "Pay later" payment settles by itself; otherwise only a test control settles it. */
  asyncPaymentAutoOutcome?: AsyncPaymentAutoOutcome;
}

/** What every flow (the emulator's state transitions) works with. */
export interface FlowContext {
  state: EmulatorState;
  events: EventPublisher;
  timers: Timers;
  nowSeconds(): number;
  settings: FlowSettings;
}

/** Look-ups that answer Stripe's `resource_missing` (404 for a path id, 400 for a parameter). */
export const find = {
  session(state: EmulatorState, id: string, param = 'id', statusCode = 404): SessionRecord {
    const record = state.sessions.get(id);
    if (!record) throw resourceMissing('checkout.session', id, param, statusCode);
    return record;
  },
  paymentIntent(state: EmulatorState, id: string, param = 'id', statusCode = 404): Stripe.PaymentIntent {
    const paymentIntent = state.paymentIntents.get(id);
    if (!paymentIntent) throw resourceMissing('payment_intent', id, param, statusCode);
    return paymentIntent;
  },
  /** `id` may come from a reference left null (a PaymentIntent without `latest_charge`): no such charge. */
  charge(state: EmulatorState, id: string | null, param = 'id', statusCode = 404): Stripe.Charge {
    const charge = id === null ? undefined : state.charges.get(id);
    if (!charge) throw resourceMissing('charge', String(id), param, statusCode);
    return charge;
  },
};

import type Stripe from 'stripe';
import { resourceMissing } from '../api/api-errors';
import type { IdempotencyStore } from '../api/idempotency';
import type { CheckoutAction, CheckoutFlow } from '../flows/checkout-flow';
import type { DisputeFlow, OpenDisputeInput } from '../flows/dispute-flow';
import type { RefundFlow } from '../flows/refund-flow';
import type { EmulatedEvent } from '../objects/event.object';
import type { RefundFailureReason } from '../objects/refund.object';
import type { EmulatorState } from '../state/emulator-state';
import type { ApiFaults, ApiFaultSettings } from './api-faults';
import type { DeliveryAttempt, ReleaseOrder, WebhookDelivery } from '../webhooks/webhook-delivery';

export interface EmulatorControlsDeps {
  state: EmulatorState;
  checkout: CheckoutFlow;
  refunds: RefundFlow;
  disputes: DisputeFlow;
  delivery: WebhookDelivery;
  idempotency: IdempotencyStore;
  faults: ApiFaults;
}

/**
 * What tests can do that Stripe's API does not offer: act as the customer, the bank or the
 * clock, and steer webhook delivery. The handle's methods and the `/_emulator` routes both
 * call these, so in-process and out-of-process tests drive the same code.
 */
export class EmulatorControls {
  constructor(private readonly deps: EmulatorControlsDeps) {}

  /** Does to a session what its checkout page's buttons do, or what the bank or time would. */
  checkoutAction(sessionId: string, action: CheckoutAction): Stripe.Checkout.Session {
    return this.deps.checkout.act(sessionId, action);
  }

  openDispute(input: OpenDisputeInput): Stripe.Dispute {
    return this.deps.disputes.open(input);
  }

  /** The next refund created is accepted (`pending`), then fails with this reason. */
  failNextRefund(reason: RefundFailureReason = 'expired_or_canceled_card'): void {
    this.deps.refunds.failNext(reason);
  }

  /** Sends an event again with the same id and body, as the Dashboard's "Resend" does. */
  redeliverEvent(eventId: string): EmulatedEvent {
    const event = this.deps.state.events.get(eventId);
    if (!event) throw resourceMissing('event', eventId, 'id');
    this.deps.delivery.send(event);
    return event;
  }

  holdEvents(): void {
    this.deps.delivery.hold();
  }

  heldEventIds(): string[] {
    return this.deps.delivery.heldEventIds();
  }

  releaseEvents(order?: ReleaseOrder): Promise<string[]> {
    return this.deps.delivery.release(order);
  }

  /** Every event made so far, oldest first. */
  events(): EmulatedEvent[] {
    return [...this.deps.state.events.values()];
  }

  deliveryLog(): DeliveryAttempt[] {
    return this.deps.delivery.attempts();
  }

  /** Resolves when every delivery started so far has finished all its tries. */
  waitForDeliveries(): Promise<void> {
    return this.deps.delivery.idle();
  }

  /** Makes the `/v1` API slow or unreachable (a Stripe incident), until cleared or reset. */
  setApiFaults(changes: Partial<ApiFaultSettings>): ApiFaultSettings {
    return this.deps.faults.set(changes);
  }

  apiFaults(): ApiFaultSettings {
    return this.deps.faults.current;
  }

  clearApiFaults(): void {
    this.deps.faults.clear();
  }

  /** Forgets every object, event, idempotency key, held event, delivery log entry and API fault. */
  reset(): void {
    this.deps.faults.clear();
    this.deps.state.reset();
    this.deps.idempotency.reset();
    this.deps.delivery.reset();
  }
}

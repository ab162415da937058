import type { EntityManager } from 'typeorm';
import type { ApplyResult, PaymentEventsService } from '../payments/payment-events.service';
import type { ProviderEvent, ProviderEventKind } from '../payments/providers/payment-provider';
import type { RefundsService } from '../payments/refunds/refunds.service';

/** `reason`: why an event was ignored, kept on its inbox row for admins. */
export type HandlerResult = ApplyResult & { reason?: string };
type EventOfKind<K extends ProviderEventKind> = Extract<ProviderEvent, { kind: K }>;
/** `cause`: what the audit rows name as the reason of a change (`stripe_event:evt_…`, `paypal_event:WH-…`). */
type EventHandler<K extends ProviderEventKind> = (
  manager: EntityManager,
  event: EventOfKind<K>,
  cause: string,
) => Promise<HandlerResult>;

/** One handler per event kind; the compiler refuses a kind without one. */
export type EventHandlerMap = { [K in ProviderEventKind]: EventHandler<K> };

export function eventHandlers(payments: PaymentEventsService, refunds: RefundsService): EventHandlerMap {
  return {
    // Completed before the transaction where there was a payment to take; here only when there was none.
    'checkout.approved': (manager, event) => payments.applyApproval(manager, event.checkout),
    'checkout.completed': (manager, event, cause) =>
      payments.applyCheckout(manager, event.checkout, 'completed', cause),
    'checkout.async_payment_succeeded': (manager, event, cause) =>
      payments.applyCheckout(manager, event.checkout, 'async_payment_succeeded', cause),
    'checkout.async_payment_failed': (manager, event, cause) =>
      payments.applyCheckout(manager, event.checkout, 'async_payment_failed', cause),
    'checkout.expired': (manager, event, cause) => payments.applyCheckout(manager, event.checkout, 'expired', cause),
    'refund.updated': (manager, event, cause) => refunds.apply(manager, event.refund, cause),
    'charge.refunded': async (manager, event, cause) => {
      // The refunds were listed before the transaction when the event did not carry them.
      if (!event.charge.refunds) throw new Error(`charge.refunded ${event.id} was applied before it was prepared`);
      let result: HandlerResult = { status: 'ignored' };
      for (const refund of event.charge.refunds) {
        const applied = await refunds.apply(manager, refund, cause);
        if (applied.status === 'processed') result = applied;
      }
      return result;
    },
    'dispute.created': (manager, event) => payments.applyDispute(manager, event.dispute),
    unsupported: () => Promise.resolve({ status: 'ignored' }),
    unusable: (_manager, event) => Promise.resolve({ status: 'ignored', reason: `Unusable event: ${event.reason}` }),
  };
}

/** Runs the handler of the event's kind; `provider` names the cause of what it changes. */
export function dispatch(
  handlers: EventHandlerMap,
  manager: EntityManager,
  event: ProviderEvent,
  provider: string,
): Promise<HandlerResult> {
  const handler = handlers[event.kind] as EventHandler<typeof event.kind>;
  return handler(manager, event, `${provider}_event:${event.id}`);
}

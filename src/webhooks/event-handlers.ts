import type { EntityManager } from 'typeorm';
import type { ApplyResult, PaymentEventsService } from '../payments/payment-events.service';
import type { ProviderEvent, ProviderEventKind } from '../payments/providers/payment-provider';
import type { RefundsService } from '../payments/refunds/refunds.service';

/** `reason`: why an event was ignored, kept on its inbox row for admins. */
export type HandlerResult = ApplyResult & { reason?: string };
type EventOfKind<K extends ProviderEventKind> = Extract<ProviderEvent, { kind: K }>;
type EventHandler<K extends ProviderEventKind> = (
  manager: EntityManager,
  event: EventOfKind<K>,
) => Promise<HandlerResult>;

/** One handler per event kind; the compiler refuses a kind without one. */
export type EventHandlerMap = { [K in ProviderEventKind]: EventHandler<K> };

const causeOf = (event: ProviderEvent) => `stripe_event:${event.id}`;

export function eventHandlers(payments: PaymentEventsService, refunds: RefundsService): EventHandlerMap {
  return {
    'checkout.completed': (manager, event) =>
      payments.applyCheckout(manager, event.checkout, 'completed', causeOf(event)),
    'checkout.async_payment_succeeded': (manager, event) =>
      payments.applyCheckout(manager, event.checkout, 'async_payment_succeeded', causeOf(event)),
    'checkout.async_payment_failed': (manager, event) =>
      payments.applyCheckout(manager, event.checkout, 'async_payment_failed', causeOf(event)),
    'checkout.expired': (manager, event) => payments.applyCheckout(manager, event.checkout, 'expired', causeOf(event)),
    'refund.updated': (manager, event) => refunds.apply(manager, event.refund, causeOf(event)),
    'charge.refunded': async (manager, event) => {
      // The refunds were listed before the transaction when the event did not carry them.
      if (!event.charge.refunds) throw new Error(`charge.refunded ${event.id} was applied before it was prepared`);
      let result: HandlerResult = { status: 'ignored' };
      for (const refund of event.charge.refunds) {
        const applied = await refunds.apply(manager, refund, causeOf(event));
        if (applied.status === 'processed') result = applied;
      }
      return result;
    },
    'dispute.created': (manager, event) => payments.applyDispute(manager, event.dispute),
    unsupported: () => Promise.resolve({ status: 'ignored' }),
    unusable: (_manager, event) => Promise.resolve({ status: 'ignored', reason: `Unusable event: ${event.reason}` }),
  };
}

export function dispatch(
  handlers: EventHandlerMap,
  manager: EntityManager,
  event: ProviderEvent,
): Promise<HandlerResult> {
  const handler = handlers[event.kind] as EventHandler<typeof event.kind>;
  return handler(manager, event);
}

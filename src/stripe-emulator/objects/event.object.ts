import { newId } from '../support/ids';

/** The event types the emulator sends. */
export type EmulatedEventType =
  | 'checkout.session.completed'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed'
  | 'checkout.session.expired'
  | 'charge.refunded'
  | 'charge.dispute.created'
  | 'refund.created'
  | 'refund.updated'
  | 'refund.failed';

/** The API request that caused an event; both null when the customer or time caused it. */
export interface EventRequest {
  id: string | null;
  idempotency_key: string | null;
}

export const NO_REQUEST: EventRequest = { id: null, idempotency_key: null };

/**
 * Stripe's `event` object. It is written by hand rather than typed as `Stripe.Event`
 * because the SDK types events as a union keyed by type; the fields are the fixture's.
 */
export interface EmulatedEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: EventRequest;
  type: EmulatedEventType;
}

export interface NewEvent {
  type: EmulatedEventType;
  created: number;
  apiVersion: string;
  /** The object as it is now; the event keeps a copy, so later changes do not leak into it. */
  object: object;
  previousAttributes?: Record<string, unknown>;
  request: EventRequest;
  pendingWebhooks: number;
}

export function newEvent(input: NewEvent): EmulatedEvent {
  const data: EmulatedEvent['data'] = { object: structuredClone(input.object) };
  if (input.previousAttributes) data.previous_attributes = structuredClone(input.previousAttributes);
  return {
    id: newId('event'),
    object: 'event',
    api_version: input.apiVersion,
    created: input.created,
    data,
    livemode: false,
    pending_webhooks: input.pendingWebhooks,
    request: { ...input.request },
    type: input.type,
  };
}

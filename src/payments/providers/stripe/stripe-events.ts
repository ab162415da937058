import { createHash } from 'node:crypto';
import { findJsonProblem, replaceUnsafeText, storableJson } from '../../../common/json-safety';
import type {
  CheckoutSnapshot,
  DisputeSnapshot,
  ProviderEvent,
  ProviderEventKind,
  ReceivedEvent,
  RefundedChargeSnapshot,
  RefundSnapshot,
} from '../payment-provider';
import { isJsonObject, StripeFields, UnusableStripeObjectError } from './stripe-fields';

/** Stripe objects nest a handful of levels; an event deeper than this was not written by Stripe. */
const MAX_EVENT_DEPTH = 64;
/** The inbox's `type` column. */
const MAX_TYPE_LENGTH = 100;
const EVENT_TYPE = /^[a-z0-9_.]{1,100}$/;

const SESSION_STATUSES = ['open', 'complete', 'expired'] as const;
const SESSION_PAYMENT_STATUSES = ['paid', 'unpaid', 'no_payment_required'] as const;
const REFUND_STATUSES = ['pending', 'succeeded', 'failed', 'canceled', 'requires_action'] as const;

/** A Map, not an object: an event type like `constructor` must not find a prototype member. */
const CHECKOUT_EVENT_KINDS = new Map<string, Extract<ProviderEventKind, `checkout.${string}`>>([
  ['checkout.session.completed', 'checkout.completed'],
  ['checkout.session.async_payment_succeeded', 'checkout.async_payment_succeeded'],
  ['checkout.session.async_payment_failed', 'checkout.async_payment_failed'],
  ['checkout.session.expired', 'checkout.expired'],
]);
const REFUND_EVENT_TYPES = new Set(['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated']);

export function toCheckoutSnapshot(session: StripeFields): CheckoutSnapshot {
  const metadata = session.optionalNested('metadata');
  return {
    sessionId: session.id('id'),
    // Null or a value added later reads as still open and unpaid: never as money that moved.
    status: session.openEnum('status', SESSION_STATUSES, 'open'),
    paymentStatus: session.openEnum('payment_status', SESSION_PAYMENT_STATUSES, 'unpaid'),
    amountTotal: session.optionalAmount('amount_total'),
    currency: session.optionalCurrency('currency'),
    paymentIntentId: session.optionalReference('payment_intent'),
    orderId: metadata?.ourId('orderId') ?? null,
    paymentId: metadata?.ourId('paymentId') ?? null,
  };
}

export function toRefundSnapshot(refund: StripeFields): RefundSnapshot {
  return {
    provider: 'stripe',
    providerRefundId: refund.id('id'),
    paymentIntentId: refund.optionalReference('payment_intent'),
    amount: refund.amount('amount', 1),
    currency: refund.currency('currency'),
    status: refund.openEnum('status', REFUND_STATUSES, 'pending'),
    failureReason: refund.optionalText('failure_reason', 200),
    refundId: refund.optionalNested('metadata')?.ourId('refundId') ?? null,
  };
}

function toRefundedCharge(charge: StripeFields): RefundedChargeSnapshot {
  // API versions since 2022-11-15 leave `refunds` off the charge: the handler then lists them.
  const listed = charge.optionalNested('refunds')?.optionalList('data');
  return {
    provider: 'stripe',
    paymentIntentId: charge.optionalReference('payment_intent'),
    currency: charge.currency('currency'),
    amountRefunded: charge.amount('amount_refunded'),
    refunds: listed
      ? listed.map((refund, i) => toRefundSnapshot(StripeFields.of(refund, `${charge.path}.refunds.data.${i}`)))
      : null,
  };
}

function toDisputeSnapshot(dispute: StripeFields): DisputeSnapshot {
  return {
    provider: 'stripe',
    disputeId: dispute.id('id'),
    paymentIntentId: dispute.optionalReference('payment_intent'),
    chargeId: dispute.optionalReference('charge'),
    amount: dispute.amount('amount'),
    currency: dispute.currency('currency'),
    reason: dispute.text('reason', 200),
    status: dispute.text('status', 100),
  };
}

/** Reads a whole event: the envelope, then the fields its handler will use. */
function readStripeEvent(value: unknown): ProviderEvent {
  const event = StripeFields.of(value, 'event');
  const providerType = event.text('type', MAX_TYPE_LENGTH);
  if (!EVENT_TYPE.test(providerType))
    throw new UnusableStripeObjectError('event.type must be a Stripe event type (a-z, 0-9, _ and .)');
  const base = { id: event.id('id'), providerType, createdAt: event.timestampOrNow('created') };
  const kind = CHECKOUT_EVENT_KINDS.get(providerType);
  const known =
    kind !== undefined ||
    REFUND_EVENT_TYPES.has(providerType) ||
    providerType === 'charge.refunded' ||
    providerType === 'charge.dispute.created';
  if (!known) return { ...base, kind: 'unsupported' };

  const object = event.nested('data').nested('object');
  if (kind) return { ...base, kind, checkout: toCheckoutSnapshot(object) };
  if (REFUND_EVENT_TYPES.has(providerType))
    return { ...base, kind: 'refund.updated', refund: toRefundSnapshot(object) };
  if (providerType === 'charge.refunded') return { ...base, kind: 'charge.refunded', charge: toRefundedCharge(object) };
  return { ...base, kind: 'dispute.created', dispute: toDisputeSnapshot(object) };
}

/**
 * A signed body, read as far as it can be. An event orderpay can never apply (not JSON, no usable
 * id, a field in a shape Stripe never sends) becomes an `unusable` event: stored and answered
 * 2xx, so Stripe stops retrying something no retry can fix. The payload returned is what the
 * inbox keeps: the event itself, or a copy PostgreSQL accepts when it holds text it refuses.
 */
export function receiveStripeEvent(rawBody: Buffer): ReceivedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    const text = rawBody.toString('utf8');
    return unusable(rawBody, undefined, `the body is not JSON (${(error as Error).message})`, {
      unparsedBody: replaceUnsafeText(text.slice(0, 10_000)),
    });
  }
  const problem = findJsonProblem(parsed, { maxDepth: MAX_EVENT_DEPTH });
  const payload = problem ? storableJson(parsed, MAX_EVENT_DEPTH) : parsed;
  if (problem?.kind === 'too_deep')
    return unusable(rawBody, parsed, `the event is nested deeper than ${MAX_EVENT_DEPTH} levels`, payload);
  try {
    return { event: readStripeEvent(parsed), payload };
  } catch (error) {
    if (!(error instanceof UnusableStripeObjectError)) throw error;
    return unusable(rawBody, parsed, error.message, payload);
  }
}

/** Kept under its own id when it has a usable one (so redeliveries dedupe), else under a hash of the bytes. */
function unusable(rawBody: Buffer, parsed: unknown, reason: string, payload: unknown): ReceivedEvent {
  const envelope = isJsonObject(parsed) ? parsed : {};
  let id: string;
  try {
    id = StripeFields.of(envelope, 'event').id('id');
  } catch {
    id = `unusable_${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`;
  }
  const type =
    typeof envelope.type === 'string' ? replaceUnsafeText(envelope.type).slice(0, MAX_TYPE_LENGTH) : '(none)';
  return { event: { id, providerType: type, createdAt: new Date(), kind: 'unusable', reason }, payload };
}

/** An event the inbox kept (its signature held when it arrived), read again for a replay. */
export function readStoredStripeEvent(payload: unknown): ProviderEvent {
  try {
    return readStripeEvent(payload);
  } catch (error) {
    if (!(error instanceof UnusableStripeObjectError)) throw error;
    return unusable(Buffer.from(JSON.stringify(payload)), payload, error.message, payload).event;
  }
}

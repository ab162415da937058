import { createHash } from 'node:crypto';
import { findJsonProblem, replaceUnsafeText, storableJson } from '../../../common/json-safety';
import type {
  CheckoutSnapshot,
  DisputeSnapshot,
  ProviderEvent,
  ProviderEventKind,
  ReceivedEvent,
  RefundSnapshot,
} from '../payment-provider';
import { isJsonObject } from '../provider-fields';
import { PayPalFields, UnusablePayPalObjectError } from './paypal-fields';

/** PayPal objects nest a handful of levels; an event deeper than this was not written by PayPal. */
export const MAX_EVENT_DEPTH = 64;
const MAX_TYPE_LENGTH = 100;
/** PayPal's event types: upper case, dots, `_` and `-` (`CHECKOUT.PAYMENT-APPROVAL.REVERSED`). */
const EVENT_TYPE = /^[A-Z0-9_.-]{1,100}$/;

/** Orders v2 statuses: waiting for the buyer, approved (the merchant captures), done, or voided. */
const ORDER_STATUS: ReadonlyMap<string, CheckoutSnapshot['status']> = new Map([
  ['CREATED', 'open'],
  ['SAVED', 'open'],
  ['PAYER_ACTION_REQUIRED', 'open'],
  ['APPROVED', 'approved'],
  ['COMPLETED', 'complete'],
  ['VOIDED', 'expired'],
]);
/** A capture's status as money: taken (refunds later do not undo that it was paid), clearing, or refused. */
const CAPTURE_PAYMENT_STATUS: ReadonlyMap<string, CheckoutSnapshot['paymentStatus']> = new Map([
  ['COMPLETED', 'paid'],
  ['PARTIALLY_REFUNDED', 'paid'],
  ['REFUNDED', 'paid'],
  ['PENDING', 'unpaid'],
  ['DECLINED', 'failed'],
  ['FAILED', 'failed'],
]);
const REFUND_STATUS: ReadonlyMap<string, RefundSnapshot['status']> = new Map([
  ['COMPLETED', 'succeeded'],
  ['PENDING', 'pending'],
  ['FAILED', 'failed'],
  ['CANCELLED', 'canceled'],
]);

/** A Map, not an object: an event type like `constructor` must not find a prototype member. */
const CAPTURE_EVENT_KINDS: ReadonlyMap<string, Extract<ProviderEventKind, `checkout.${string}`>> = new Map([
  // A pending capture reads as a completed checkout not paid yet: the attempt waits in `processing`.
  ['PAYMENT.CAPTURE.COMPLETED', 'checkout.completed'],
  ['PAYMENT.CAPTURE.PENDING', 'checkout.completed'],
  ['PAYMENT.CAPTURE.DENIED', 'checkout.async_payment_failed'],
  ['PAYMENT.CAPTURE.DECLINED', 'checkout.async_payment_failed'],
]);
/** A reversal is PayPal taking money back itself (a chargeback): a refund orderpay did not ask for. */
const REFUND_EVENT_TYPES = new Set(['PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED']);

function paymentStatusOf(capture: PayPalFields): CheckoutSnapshot['paymentStatus'] {
  // An unknown status moves no money.
  return CAPTURE_PAYMENT_STATUS.get(capture.text('status', 40)) ?? 'unpaid';
}

/** An Orders v2 order (an API answer, or the `CHECKOUT.ORDER.*` resource) as a checkout. */
export function orderToCheckout(order: PayPalFields): CheckoutSnapshot {
  const unit = PayPalFields.of(order.optionalList('purchase_units')[0], `${order.path}.purchase_units.0`);
  const captures = unit.optionalNested('payments')?.optionalList('captures') ?? [];
  const capture = captures.length
    ? PayPalFields.of(captures[captures.length - 1], `${unit.path}.payments.captures.${captures.length - 1}`)
    : null;
  const money = capture ? capture.money('amount') : unit.optionalMoney('amount');
  return {
    sessionId: order.id('id'),
    status: ORDER_STATUS.get(order.text('status', 40)) ?? 'open',
    paymentStatus: capture ? paymentStatusOf(capture) : 'unpaid',
    amountTotal: money?.amount ?? null,
    currency: money?.currency ?? null,
    paymentIntentId: capture?.id('id') ?? null,
    orderId: unit.ourId('custom_id'),
    paymentId: unit.ourId('invoice_id'),
  };
}

/** A capture (`PAYMENT.CAPTURE.*`, or read by id) as the checkout of the order it belongs to. */
export function captureToCheckout(capture: PayPalFields): CheckoutSnapshot {
  const { amount, currency } = capture.money('amount');
  return {
    sessionId: capture.nested('supplementary_data').nested('related_ids').id('order_id'),
    status: 'complete',
    paymentStatus: paymentStatusOf(capture),
    amountTotal: amount,
    currency,
    paymentIntentId: capture.id('id'),
    orderId: capture.ourId('custom_id'),
    paymentId: capture.ourId('invoice_id'),
  };
}

export function toRefundSnapshot(refund: PayPalFields): RefundSnapshot {
  const { amount, currency } = refund.money('amount');
  const related = refund.optionalNested('supplementary_data')?.optionalNested('related_ids');
  return {
    provider: 'paypal',
    providerRefundId: refund.id('id'),
    paymentIntentId: refund.linkedId('up') ?? related?.optionalId('capture_id') ?? null,
    amount,
    currency,
    // Unknown or absent: still being decided, the answer that moves no money.
    status: REFUND_STATUS.get(refund.optionalText('status', 40) ?? '') ?? 'pending',
    failureReason: refund.optionalNested('status_details')?.optionalText('reason', 200) ?? null,
    refundId: refund.ourId('custom_id'),
  };
}

function toDisputeSnapshot(dispute: PayPalFields): DisputeSnapshot {
  const transaction = dispute.optionalList('disputed_transactions')[0];
  const disputed =
    transaction === undefined ? null : PayPalFields.of(transaction, `${dispute.path}.disputed_transactions.0`);
  const { amount, currency } = dispute.money('dispute_amount');
  return {
    provider: 'paypal',
    disputeId: dispute.id('dispute_id'),
    paymentIntentId: disputed?.optionalId('seller_transaction_id') ?? null,
    chargeId: null,
    amount,
    currency,
    reason: dispute.text('reason', 200),
    status: dispute.text('status', 100),
  };
}

/** Reads a whole event: the envelope, then the fields its handler will use. */
function readPayPalEvent(value: unknown): ProviderEvent {
  const event = PayPalFields.of(value, 'event');
  const providerType = event.text('event_type', MAX_TYPE_LENGTH);
  if (!EVENT_TYPE.test(providerType))
    throw new UnusablePayPalObjectError('event.event_type must be a PayPal event type (A-Z, 0-9, _, - and .)');
  const base = { id: event.id('id'), providerType, createdAt: event.timeOrNow('create_time') };
  const resource = () => event.nested('resource');
  if (providerType === 'CHECKOUT.ORDER.APPROVED')
    return { ...base, kind: 'checkout.approved', checkout: orderToCheckout(resource()) };
  const kind = CAPTURE_EVENT_KINDS.get(providerType);
  if (kind) return { ...base, kind, checkout: captureToCheckout(resource()) };
  if (REFUND_EVENT_TYPES.has(providerType))
    return { ...base, kind: 'refund.updated', refund: toRefundSnapshot(resource()) };
  if (providerType === 'CUSTOMER.DISPUTE.CREATED')
    return { ...base, kind: 'dispute.created', dispute: toDisputeSnapshot(resource()) };
  return { ...base, kind: 'unsupported' };
}

/**
 * A verified body, read as far as it can be. An event orderpay can never apply (no usable id, a
 * field in a shape PayPal never sends) becomes an `unusable` event: stored and answered 2xx, so
 * PayPal stops retrying something no retry can fix. The payload is what the inbox keeps.
 */
export function receivePayPalEvent(rawBody: Buffer, parsed: unknown): ReceivedEvent {
  const problem = findJsonProblem(parsed, { maxDepth: MAX_EVENT_DEPTH });
  const payload = problem ? storableJson(parsed, MAX_EVENT_DEPTH) : parsed;
  if (problem?.kind === 'too_deep')
    return unusable(rawBody, parsed, `the event is nested deeper than ${MAX_EVENT_DEPTH} levels`, payload);
  try {
    return { event: readPayPalEvent(parsed), payload };
  } catch (error) {
    if (!(error instanceof UnusablePayPalObjectError)) throw error;
    return unusable(rawBody, parsed, error.message, payload);
  }
}

/** Kept under its own id when it has a usable one (so redeliveries dedupe), else under a hash of the bytes. */
function unusable(rawBody: Buffer, parsed: unknown, reason: string, payload: unknown): ReceivedEvent {
  const envelope = isJsonObject(parsed) ? parsed : {};
  let id: string;
  try {
    id = PayPalFields.of(envelope, 'event').id('id');
  } catch {
    id = `unusable_${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`;
  }
  const type =
    typeof envelope.event_type === 'string'
      ? replaceUnsafeText(envelope.event_type).slice(0, MAX_TYPE_LENGTH)
      : '(none)';
  return { event: { id, providerType: type, createdAt: new Date(), kind: 'unusable', reason }, payload };
}

/** An event the inbox kept (verified when it arrived), read again for a replay. */
export function readStoredPayPalEvent(payload: unknown): ProviderEvent {
  try {
    return readPayPalEvent(payload);
  } catch (error) {
    if (!(error instanceof UnusablePayPalObjectError)) throw error;
    return unusable(Buffer.from(JSON.stringify(payload)), payload, error.message, payload).event;
  }
}

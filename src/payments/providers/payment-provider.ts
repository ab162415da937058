/**
 * The boundary between orderpay and a payment provider. Nothing outside `providers/` knows which
 * SDK is behind it: inputs and outputs are orderpay's own types, errors are ProviderError.
 */

export interface CheckoutLineItem {
  name: string;
  unitAmount: number;
  quantity: number;
}

export interface CheckoutInput {
  orderId: string;
  /** Also the idempotency key: a retried call returns the same session. */
  paymentId: string;
  currency: string;
  amount: number;
  lineItems: CheckoutLineItem[];
  customerEmail?: string;
  /**
   * Where the customer comes back after paying. `{CHECKOUT_SESSION_ID}` in it stands for the
   * provider's id of this checkout; a provider that learns its id only once created (PayPal)
   * puts `paymentId` there instead. The public status read takes either.
   */
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
}

export interface CheckoutSessionRef {
  sessionId: string;
  url: string;
  expiresAt: Date;
}

/**
 * What the provider says about a checkout now: the same shape from a webhook or a read.
 * - `status`: `approved` when the customer has approved a payment the merchant must still take
 *   (`completeCheckout`: PayPal's capture); Stripe takes it itself, so never says so.
 * - `paymentStatus`: `failed` when the payment was refused after the checkout completed (a
 *   delayed debit that bounced, a capture PayPal declined): no money moved.
 */
export interface CheckoutSnapshot {
  sessionId: string;
  status: 'open' | 'approved' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required' | 'failed';
  amountTotal: number | null;
  currency: string | null;
  /** The provider's payment (Stripe's payment intent, PayPal's capture): refunds and disputes name it. */
  paymentIntentId: string | null;
  orderId: string | null;
  paymentId: string | null;
}

export interface RefundInput {
  /** Also the idempotency key: a retried submission refunds once. */
  refundId: string;
  orderId: string;
  paymentId: string;
  paymentIntentId: string;
  amount: number;
  /** The payment's currency (PayPal names it with the amount; Stripe knows it from the payment). */
  currency: string;
  /** The provider's own reason vocabulary, where ours maps onto it. */
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  /** Our reason, kept in the provider's metadata for people reading its dashboard. */
  note: string;
}

export interface RefundSnapshot {
  /** The provider that reported it (its `name`). */
  provider: string;
  providerRefundId: string;
  paymentIntentId: string | null;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
  failureReason: string | null;
  /** Our refund row's id, from the metadata we sent; null for refunds made elsewhere (dashboard). */
  refundId: string | null;
}

/** A charge some of whose money was returned, as `charge.refunded` reports it. */
export interface RefundedChargeSnapshot {
  provider: string;
  paymentIntentId: string | null;
  currency: string;
  /** Everything refunded from the charge so far, whoever asked for it. */
  amountRefunded: number;
  /** The refunds, when the event lists them; null when it does not (Stripe's API versions since 2022-11-15). */
  refunds: RefundSnapshot[] | null;
}

export interface DisputeSnapshot {
  provider: string;
  disputeId: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  amount: number;
  currency: string;
  reason: string;
  status: string;
}

interface EventBase {
  /** The provider's event id (evt_...): the inbox's deduplication key. */
  id: string;
  /** The provider's own event type name, kept for the inbox and logs. */
  providerType: string;
  createdAt: Date;
}

export type ProviderEvent =
  /** The customer approved a payment orderpay must take (`completeCheckout`) before money moves. */
  | (EventBase & { kind: 'checkout.approved'; checkout: CheckoutSnapshot })
  | (EventBase & { kind: 'checkout.completed'; checkout: CheckoutSnapshot })
  | (EventBase & { kind: 'checkout.async_payment_succeeded'; checkout: CheckoutSnapshot })
  | (EventBase & { kind: 'checkout.async_payment_failed'; checkout: CheckoutSnapshot })
  | (EventBase & { kind: 'checkout.expired'; checkout: CheckoutSnapshot })
  | (EventBase & { kind: 'refund.updated'; refund: RefundSnapshot })
  | (EventBase & { kind: 'charge.refunded'; charge: RefundedChargeSnapshot })
  | (EventBase & { kind: 'dispute.created'; dispute: DisputeSnapshot })
  | (EventBase & { kind: 'unsupported' })
  /** Signed, but never applicable (not JSON, no usable id, a field in a shape the provider never sends). */
  | (EventBase & { kind: 'unusable'; reason: string });

export type ProviderEventKind = ProviderEvent['kind'];

/** A delivery's HTTP headers, names in lower case: each provider reads its own signature headers. */
export type WebhookHeaders = Readonly<Record<string, string | undefined>>;

/** A verified delivery: the event as orderpay reads it, and the payload the inbox keeps. */
export interface ReceivedEvent {
  event: ProviderEvent;
  /** The parsed body, or a copy PostgreSQL's jsonb accepts where the body holds text it refuses. */
  payload: unknown;
}

export interface PaymentProvider {
  /** The `paymentMethod` value this provider serves. */
  readonly name: string;
  /**
   * True when the customer's approval is not yet a payment: orderpay must complete it
   * (`completeCheckout`, PayPal's capture). False where the provider takes it itself (Stripe):
   * nothing then reads the attempt again to ask.
   */
  readonly completesOnApproval: boolean;
  /**
   * Why this provider cannot take (or give back) these amounts in this currency: a checkout's
   * total and unit amounts, or a refund's; in words a client may read, or null when it can. Asked
   * before anything is written, so what it refuses is a 422, not a failed attempt or refund.
   */
  amountProblem(currency: string, amounts: readonly number[]): string | null;
  createCheckout(input: CheckoutInput): Promise<CheckoutSessionRef>;
  expireCheckout(sessionId: string): Promise<'expired' | 'already_complete'>;
  retrieveCheckout(sessionId: string): Promise<CheckoutSnapshot>;
  /**
   * Takes the payment the customer approved, where the merchant must (PayPal's capture;
   * idempotent: a repeat answers what the first did), and says what the checkout is now. Null
   * when there is nothing to take now: not approved yet, or the provider takes payments itself
   * (Stripe). Called only for an attempt orderpay still holds open.
   */
  completeCheckout(sessionId: string): Promise<CheckoutSnapshot | null>;
  refund(input: RefundInput): Promise<RefundSnapshot>;
  /** Our ids from a provider payment's metadata: maps a refund or dispute to an attempt whose success is not recorded yet. */
  paymentReferenceOf(paymentIntentId: string): Promise<{ orderId: string | null; paymentId: string | null }>;
  retrieveRefund(providerRefundId: string): Promise<RefundSnapshot>;
  /** Every refund of a provider payment, newest first: to settle an event that does not list them, or to find one of ours by its metadata. */
  listRefunds(paymentIntentId: string): Promise<RefundSnapshot[]>;
  /**
   * Verifies a delivery before anything in it is trusted (a signature on the raw bytes, or the
   * provider's own verification call: before any transaction opens); throws WebhookSignatureError
   * when it does not hold. A verified body it cannot use is an `unusable` event, never an exception.
   */
  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): Promise<ReceivedEvent>;
  /** An event stored after its signature was verified (the inbox), read again for a replay. */
  parseStoredEvent(payload: Record<string, unknown>): ProviderEvent;
}

/** Every provider orderpay has a class for: the `paymentMethod`s and `provider` values the API can show. */
export const PAYMENT_PROVIDER_NAMES = ['stripe', 'paypal'] as const;

/** Injection token for the list of registered providers. */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');

export const PAYMENT_STATUSES = [
  'creating',
  'open',
  'processing',
  'succeeded',
  'failed',
  'expired',
  'canceled',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Attempts that block a new one for the same order (a partial unique index enforces it). */
export const ACTIVE_PAYMENT_STATUSES: readonly PaymentStatus[] = ['creating', 'open', 'processing'];

/**
 * The payment-attempt state machine. `creating` exists before the provider is called, so the
 * row's id is the idempotency key and concurrent /pay calls coalesce on it. Stripe's word that
 * money moved always wins: an expired, canceled, failed or still-being-recorded attempt can
 * still succeed (a session whose creation answer was lost can be paid if its URL got out).
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  creating: ['open', 'failed', 'succeeded'],
  open: ['succeeded', 'processing', 'expired', 'canceled', 'failed'],
  processing: ['succeeded', 'failed'],
  expired: ['succeeded'],
  canceled: ['succeeded'],
  failed: ['succeeded'],
  succeeded: [],
};

export function canTransitionPayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/**
 * Why an attempt ended without paying, in words a customer may read. The details (a provider's
 * error text, an amount that did not match) stay in `failure_reason`, for admins only.
 */
export const PAYMENT_FAILURE_MESSAGES = {
  checkout_unavailable: 'The payment provider could not be reached; please try again.',
  checkout_refused: 'The payment provider could not start this payment; please try again or contact the shop.',
  abandoned: 'Starting this payment was interrupted; please try again.',
  payment_failed: 'The payment failed; please try again with another payment method.',
  needs_review: 'This payment needs to be reviewed by the shop; it will contact you.',
  session_missing: 'This checkout is no longer available; please start the payment again.',
} as const;
export type PaymentFailureCode = keyof typeof PAYMENT_FAILURE_MESSAGES;
export const PAYMENT_FAILURE_CODES = Object.keys(PAYMENT_FAILURE_MESSAGES) as PaymentFailureCode[];

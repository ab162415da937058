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

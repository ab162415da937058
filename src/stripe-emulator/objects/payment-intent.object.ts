import type Stripe from 'stripe';
import { newId } from '../support/ids';

/** How the customer paid on the checkout page. */
export type PaymentMethodKind = 'card' | 'bank_debit';

export interface NewPaymentIntent {
  created: number;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  receiptEmail: string | null;
}

/**
 * The PaymentIntent Checkout creates when the customer submits the page. It starts as
 * `requires_payment_method`; the checkout flow moves it to `succeeded`, `processing` or
 * back to `requires_payment_method` with `last_payment_error`.
 */
export function newPaymentIntent(input: NewPaymentIntent): Stripe.PaymentIntent {
  const id = newId('paymentIntent');
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${newId('paymentIntent').slice(3)}`,
    confirmation_method: 'automatic',
    created: input.created,
    currency: input.currency,
    customer: null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export function paymentMethodTypeOf(kind: PaymentMethodKind): string {
  return kind === 'card' ? 'card' : 'us_bank_account';
}

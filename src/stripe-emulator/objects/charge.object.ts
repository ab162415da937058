import type Stripe from 'stripe';
import { newId } from '../support/ids';
import type { PaymentMethodKind } from './payment-intent.object';

export type ChargeOutcome = 'succeeded' | 'pending' | 'declined';

export interface NewCharge {
  created: number;
  paymentIntent: Stripe.PaymentIntent;
  paymentMethod: string;
  kind: PaymentMethodKind;
  outcome: ChargeOutcome;
  email: string | null;
}

/** What Stripe says when a test card is declined (card 4000 0000 0000 0002). */
export const CARD_DECLINED = {
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
} as const;

/** What Stripe says when a bank debit bounces for lack of funds. */
export const BANK_DEBIT_FAILED = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
} as const;

/**
 * A charge made by a PaymentIntent: `succeeded` for a card that was accepted, `pending` for
 * a bank debit still on its way, `failed` for a declined card. Its metadata is copied from
 * the PaymentIntent, as Stripe does, so refund and dispute events map back to an order.
 */
export function newCharge(input: NewCharge): Stripe.Charge {
  const { paymentIntent, outcome } = input;
  const id = newId('charge');
  const moneyMoved = outcome !== 'declined';
  return {
    id,
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: moneyMoved ? paymentIntent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: moneyMoved ? newId('balanceTransaction') : null,
    billing_details: {
      address: { city: null, country: 'US', line1: null, line2: null, postal_code: '42424', state: null },
      email: input.email,
      name: 'Jenny Rosen',
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'ORDERPAY',
    captured: moneyMoved,
    created: input.created,
    currency: paymentIntent.currency,
    customer: null,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: outcome === 'declined' ? CARD_DECLINED.code : null,
    failure_message: outcome === 'declined' ? CARD_DECLINED.message : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...paymentIntent.metadata },
    on_behalf_of: null,
    outcome: outcomeOf(outcome),
    paid: outcome === 'succeeded',
    payment_intent: paymentIntent.id,
    payment_method: input.paymentMethod,
    payment_method_details: input.kind === 'card' ? cardDetails(paymentIntent.amount) : bankDebitDetails(),
    receipt_email: paymentIntent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: outcome === 'declined' ? 'failed' : outcome,
    transfer_data: null,
    transfer_group: null,
  };
}

function outcomeOf(outcome: ChargeOutcome): Stripe.Charge.Outcome {
  const common = {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    risk_level: 'normal',
    risk_score: 20,
  };
  if (outcome === 'declined') {
    return {
      ...common,
      network_status: 'declined_by_network',
      reason: CARD_DECLINED.declineCode,
      seller_message: 'The bank did not return any further details with this decline.',
      type: 'issuer_declined',
    };
  }
  return {
    ...common,
    network_status: 'approved_by_network',
    reason: null,
    seller_message: 'Payment complete.',
    type: 'authorized',
  };
}

/** Visa test card 4242 4242 4242 4242. */
function cardDetails(amount: number): Stripe.Charge.PaymentMethodDetails {
  return {
    type: 'card',
    card: {
      amount_authorized: amount,
      authorization_code: '123456',
      brand: 'visa',
      checks: { address_line1_check: null, address_postal_code_check: 'pass', cvc_check: 'pass' },
      country: 'US',
      electronic_commerce_indicator: null,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      extended_authorization: { status: 'disabled' },
      fingerprint: 'EmuLat0rF1ngerPr',
      funding: 'credit',
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: '4242',
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: 'visa',
      network_token: { used: false },
      network_transaction_id: '104102978678771',
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
  };
}

/** Stripe's US bank account test number (routing 110000000, account 000123456789). */
function bankDebitDetails(): Stripe.Charge.PaymentMethodDetails {
  return {
    type: 'us_bank_account',
    us_bank_account: {
      account_holder_type: 'individual',
      account_type: 'checking',
      bank_name: 'STRIPE TEST BANK',
      fingerprint: 'EmuLat0rBankF1ng',
      last4: '6789',
      payment_reference: null,
      routing_number: '110000000',
    },
  };
}

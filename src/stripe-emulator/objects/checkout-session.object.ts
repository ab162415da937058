import type Stripe from 'stripe';
import { newId } from '../support/ids';

/** One `line_items[]` entry as the create call gave it, already validated. */
export interface LineItemInput {
  currency: string;
  unitAmount: number;
  quantity: number;
  productName: string;
}

export interface NewCheckoutSession {
  id?: string;
  created: number;
  expiresAt: number;
  currency: string;
  amountTotal: number;
  url: string;
  successUrl?: string;
  cancelUrl?: string;
  clientReferenceId?: string;
  customerEmail?: string;
  metadata: Record<string, string>;
}

/**
 * A `payment`-mode, hosted Checkout Session as Stripe returns it right after creation.
 * Every field of Stripe's object is present (null where no feature the emulator supports
 * would set it), so a client reads the same keys as from Stripe.
 * `payment_intent` stays null until the customer submits the page: since API version
 * 2022-08-01 Stripe creates the PaymentIntent at confirmation, not with the session.
 */
export function newCheckoutSession(input: NewCheckoutSession): Stripe.Checkout.Session {
  return {
    id: input.id ?? newId('checkoutSession'),
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: input.amountTotal,
    amount_total: input.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl ?? null,
    client_reference_id: input.clientReferenceId ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: input.created,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: input.customerEmail ?? null,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: input.metadata,
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: input.url,
    wallet_options: null,
  };
}

/** What Checkout collects from the customer on submit; the emulator's page has no form fields. */
export function customerDetailsFor(email: string | null): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: { city: null, country: 'US', line1: null, line2: null, postal_code: '42424', state: null },
    business_name: null,
    email: email ?? 'customer@example.com',
    individual_name: null,
    name: 'Jenny Rosen',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
}

/** The `item` objects of `line_items` (expand or `GET .../line_items`), with inline prices. */
export function newLineItem(input: LineItemInput, created: number): Stripe.LineItem {
  const total = input.unitAmount * input.quantity;
  const price = {
    id: newId('price'),
    object: 'price',
    active: false,
    billing_scheme: 'per_unit',
    created,
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: newId('product'),
    recurring: null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'one_time',
    unit_amount: input.unitAmount,
    // On the wire this is a decimal string; the SDK turns it into its Decimal type.
    unit_amount_decimal: String(input.unitAmount),
  } as unknown as Stripe.Price;
  return {
    id: newId('lineItem'),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency: input.currency,
    description: input.productName,
    metadata: {},
    price,
    quantity: input.quantity,
  };
}

import type { CheckoutFlow, CreateCheckoutSessionInput } from '../flows/checkout-flow';
import { find } from '../flows/flow-context';
import type { LineItemInput } from '../objects/checkout-session.object';
import {
  formatAmount,
  isSupportedCurrency,
  isThreeDecimal,
  MAXIMUM_CHARGE,
  minimumCharge,
  SUPPORTED_CURRENCIES,
} from '../state/currency';
import type { EmulatorState } from '../state/emulator-state';
import { paramErrors } from './api-errors';
import type { ApiCall, ApiHandler } from './api-endpoint';
import { Expander, lineItemsList } from './expand';
import { listParams, paginate } from './pagination';
import { Infer, params, parseParams } from './params';

const { required, string, integer, object, array, metadata, expand } = params;

/** The create parameters orderpay uses; Stripe has many more, which are refused as unknown. */
const createShape = {
  mode: required(string({ enum: ['payment', 'setup', 'subscription'] })),
  line_items: array(
    required(
      object({
        price_data: required(
          object({
            currency: required(string()),
            unit_amount: required(integer({ min: 0, max: MAXIMUM_CHARGE })),
            product_data: required(object({ name: required(string({ maxLength: 250 })), metadata: metadata() })),
          }),
        ),
        quantity: required(integer({ min: 1, max: 999_999 })),
      }),
    ),
    { maxItems: 100 },
  ),
  currency: string(),
  metadata: metadata(),
  payment_intent_data: object({ metadata: metadata() }),
  client_reference_id: string({ maxLength: 200 }),
  customer_email: string({ format: 'email', maxLength: 800 }),
  success_url: string({ format: 'url', maxLength: 5000 }),
  cancel_url: string({ format: 'url', maxLength: 5000 }),
  expires_at: integer(),
  expand: expand(),
};

const retrieveShape = { expand: expand() };

const listShape = {
  ...listParams,
  payment_intent: string(),
  status: string({ enum: ['open', 'complete', 'expired'] }),
  expand: expand(),
};

const lineItemsShape = { ...listParams, expand: expand() };

/** Stripe accepts `expires_at` between 30 minutes and 24 hours after creation. */
const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
/**
 * A client computing "now + 30 min" can reach the emulator a second later than it computed;
 * a few seconds of grace keep that boundary from failing at random.
 */
const EXPIRY_GRACE_SECONDS = 10;

export interface CheckoutSessionsApiDeps {
  state: EmulatorState;
  checkout: CheckoutFlow;
  expander: Expander;
  nowSeconds(): number;
  /** A plain function (no `this`): handed on to the checkout flow as it is. */
  checkoutUrl: (sessionId: string) => string;
}

export function checkoutSessionsApi(deps: CheckoutSessionsApiDeps) {
  const { state, checkout, expander } = deps;
  const handlers = {
    create: (call: ApiCall) => {
      const input = parseParams(createShape, call.input);
      const record = checkout.create(toCreateInput(input, deps.nowSeconds()), deps.checkoutUrl);
      return expander.expand(record.session, input.expand);
    },
    retrieve: (call: ApiCall) => {
      const input = parseParams(retrieveShape, call.input);
      return expander.expand(find.session(state, call.path.id).session, input.expand);
    },
    list: (call: ApiCall) => {
      const input = parseParams(listShape, call.input);
      const newestFirst = [...state.sessions.values()]
        .map((record) => record.session)
        .filter((session) => !input.payment_intent || session.payment_intent === input.payment_intent)
        .filter((session) => !input.status || session.status === input.status)
        .reverse();
      const page = paginate(newestFirst, input, '/v1/checkout/sessions', 'checkout.session');
      return expander.expand(page, input.expand);
    },
    expire: (call: ApiCall) => {
      const input = parseParams(retrieveShape, call.input);
      return expander.expand(checkout.expire(call.path.id, call.request), input.expand);
    },
    lineItems: (call: ApiCall) => {
      const input = parseParams(lineItemsShape, call.input);
      const record = find.session(state, call.path.id);
      const all = lineItemsList(record.session.id, record.lineItems);
      return expander.expand(paginate(all.data, input, all.url, 'item'), input.expand);
    },
  } satisfies Record<string, ApiHandler>;
  return handlers;
}

type CreateParams = Infer<typeof createShape>;

function toCreateInput(input: CreateParams, now: number): CreateCheckoutSessionInput {
  if (input.mode !== 'payment') {
    throw paramErrors.invalid('mode', `The local Stripe emulator supports only mode=payment, not mode=${input.mode}.`);
  }
  if (!input.line_items?.length) throw paramErrors.missing('line_items');
  const lineItems = input.line_items.map(toLineItem);
  const currency = lineItems[0].currency;
  lineItems.forEach((item, index) => {
    if (item.currency !== currency) {
      throw paramErrors.invalid(
        `line_items[${index}][price_data][currency]`,
        `All line items must use the same currency; line_items[0] uses ${currency} and line_items[${index}] uses ${item.currency}.`,
      );
    }
  });
  if (input.currency && input.currency.toLowerCase() !== currency) {
    throw paramErrors.invalid(
      'currency',
      `currency (${input.currency}) must match the line items' currency (${currency}).`,
    );
  }
  checkTotal(lineItems, currency);
  return {
    lineItems,
    currency,
    expiresAt: checkExpiresAt(input.expires_at, now),
    successUrl: input.success_url,
    cancelUrl: input.cancel_url,
    clientReferenceId: input.client_reference_id,
    customerEmail: input.customer_email,
    metadata: input.metadata ?? {},
    paymentIntentMetadata: input.payment_intent_data?.metadata ?? {},
  };
}

function toLineItem(item: NonNullable<CreateParams['line_items']>[number], index: number): LineItemInput {
  const param = `line_items[${index}][price_data]`;
  const currency = item.price_data.currency.toLowerCase();
  if (!isSupportedCurrency(currency)) {
    throw paramErrors.invalid(
      `${param}[currency]`,
      `Invalid currency: ${item.price_data.currency}. The local Stripe emulator supports: ${SUPPORTED_CURRENCIES.join(', ')}.`,
    );
  }
  if (isThreeDecimal(currency) && item.price_data.unit_amount % 10 !== 0) {
    throw paramErrors.invalid(
      `${param}[unit_amount]`,
      `Amounts in ${currency} must be a multiple of 10 (the last digit of a three-decimal amount must be 0).`,
    );
  }
  return {
    currency,
    unitAmount: item.price_data.unit_amount,
    quantity: item.quantity,
    productName: item.price_data.product_data.name,
  };
}

function checkTotal(lineItems: LineItemInput[], currency: string): void {
  const total = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  const minimum = minimumCharge(currency);
  if (total < minimum) {
    throw paramErrors.invalid(
      'line_items',
      `The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)} ${currency}.`,
      'amount_too_small',
    );
  }
  if (total > MAXIMUM_CHARGE) {
    throw paramErrors.invalid(
      'line_items',
      `The Checkout Session's total amount due must be no more than ${formatAmount(MAXIMUM_CHARGE, currency)} ${currency}.`,
      'amount_too_large',
    );
  }
}

function checkExpiresAt(expiresAt: number | undefined, now: number): number {
  if (expiresAt === undefined) return now + MAX_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS - EXPIRY_GRACE_SECONDS) {
    throw paramErrors.invalid(
      'expires_at',
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
    );
  }
  if (expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw paramErrors.invalid(
      'expires_at',
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
    );
  }
  return expiresAt;
}

import fc from 'fast-check';
import { stripeFixture } from '../../../src/stripe-emulator/testing/stripe-fixtures';
import { stripeEvent } from '../../support/payments';
import { hex } from './common-arbitraries';
import { POOL_SIZE, PoolName, World } from './world';

/**
 * Events as Stripe sends them (its own example objects, filled in for a real order of the pool)
 * in which exactly one field takes a value from a wide range: event ids of every length, amounts
 * from 0 past 2^31 and past the payment, other currencies, payment intents Stripe does not know,
 * null or unknown statuses, metadata ids that are not UUIDs. What the app must do with each is
 * worked out from the target's rows just before sending (`buildWellFormed`).
 */

export type WellFormedType =
  'checkout.session.completed' | 'refund.created' | 'refund.updated' | 'charge.refunded' | 'charge.dispute.created';

/** The varied field's value: a JSON value, or an amount relative to the target payment's. */
export type Varied = { json: unknown } | { relativeTo: 'payment' | 'remaining'; delta: number };

/** One generated event, JSON-serialisable so a failure prints exactly what was generated. */
export interface WellFormedSpec {
  type: WellFormedType;
  pool: PoolName;
  index: number;
  /** Event and object ids when the id is not the field that varies: fresh, so never a repeat. */
  eventId: string;
  objectId: string;
  field: string;
  value: Varied;
}

/** The target order and its attempt (the succeeded one, or the latest), read just before sending. */
export interface TargetRows {
  order_id: string;
  order_status: string;
  total_amount: number;
  currency: string;
  payment_id: string;
  payment_status: string;
  payment_amount: number;
  payment_refunded: number;
  payment_currency: string;
  session_id: string;
  payment_intent_id: string | null;
  audit_rows: number;
}

export const TARGET_SQL = `SELECT o.id AS order_id, o.status AS order_status, o.total_amount, o.currency,
  p.id AS payment_id, p.status AS payment_status, p.amount AS payment_amount, p.amount_refunded AS payment_refunded,
  p.currency AS payment_currency, p.provider_session_id AS session_id, p.provider_payment_intent_id AS payment_intent_id,
  (SELECT count(*)::int FROM order_events e WHERE e.order_id = o.id) AS audit_rows
  FROM orders o JOIN payments p ON p.order_id = o.id
  WHERE o.id = $1 ORDER BY (p.status = 'succeeded') DESC, p.created_at DESC LIMIT 1`;

/** What the app must do with one event, given its target's rows. */
export interface Expectation {
  /** The id it is stored under when usable (1 to 255 printable ASCII characters); else a hash of the bytes. */
  storedId?: string;
  inbox: 'processed' | 'ignored' | 'processed or ignored';
  /** Fingerprint keys, besides the inbox's, the event may change. */
  mayChange: string[];
  /** Whether the target order must end paid (undefined: either). */
  paid?: boolean;
}

const MAX_INTEGER_COLUMN = 2 ** 31 - 1;
const PRINTABLE = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i));
const CHECKOUT_WRITES = ['orders_updated_at', 'order_events', 'payments_updated_at', 'order_flags'];
const REFUND_WRITES = [
  'refunds',
  'refunds_updated_at',
  'payments_updated_at',
  'payments_amount_refunded',
  'orders_updated_at',
  'orders_amount_refunded',
  'order_events',
];

/** Every length from 1 to 300, the edges (107 fitted the old 120-character audit cause; 255 is Stripe's limit) more often. */
const eventIdOfAnyLength = fc
  .oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(1, 2, 107, 108, 120, 200, 254, 255, 256, 300))
  .chain((length) => fc.string({ unit: fc.constantFrom(...PRINTABLE), minLength: length, maxLength: length }));

const unknownText = fc.oneof(
  fc.constantFrom('', 'PAID', 'Complete', 'requires_review', ' paid', 'paid\u0000', 'İ', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
);
const otherCurrency = fc.constantFrom('eur', 'jpy', 'gbp', 'xxx', 'EUR');
const notUuid = fc.constantFrom('', 'x', '1', 'ORDER-1', 'null', '00000000-0000-0000-0000-00000000000g', '__proto__');
const absoluteAmount = fc.oneof(
  fc.constantFrom(0, 1, 2, MAX_INTEGER_COLUMN, MAX_INTEGER_COLUMN + 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: 1, max: 1000 }),
  fc.integer({ min: 0, max: 2 ** 32 }),
);
const relativeAmount = fc.record({
  relativeTo: fc.constantFrom('payment' as const, 'remaining' as const),
  delta: fc.constantFrom(-1, 0, 1),
});
const json = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Varied> => arbitrary.map((value) => ({ json: value }));
const unknownIntent = hex(16).map((h) => ({ json: `pi_fuzz_unknown_${h}` }));

/** The fields each kind of event varies, with their values. `id` is the event's own id. */
const VARIED: Record<'checkout' | 'refund' | 'dispute', Record<string, fc.Arbitrary<Varied>>> = {
  checkout: {
    id: json(eventIdOfAnyLength),
    status: json(fc.oneof(fc.constantFrom(null, 'open', 'expired', 'complete'), unknownText)),
    payment_status: json(fc.oneof(fc.constantFrom(null, 'paid', 'unpaid', 'no_payment_required'), unknownText)),
    amount_total: fc.oneof(json(fc.constant(null)), json(absoluteAmount), relativeAmount),
    currency: json(fc.oneof(fc.constantFrom(null, 'usd', 'USD'), otherCurrency)),
    payment_intent: fc.oneof(unknownIntent, json(fc.constant(null))),
    metadata: json(
      fc.oneof(
        fc.constant({}),
        fc.record({ orderId: notUuid, paymentId: notUuid }),
        fc.uuid().map((id) => ({ orderId: id.toUpperCase(), paymentId: id })),
      ),
    ),
  },
  refund: {
    id: json(eventIdOfAnyLength),
    amount: fc.oneof(json(absoluteAmount), relativeAmount),
    currency: json(fc.oneof(fc.constantFrom('usd', 'USD'), otherCurrency)),
    payment_intent: fc.oneof(unknownIntent, json(fc.constant(null))),
    status: json(
      fc.oneof(fc.constantFrom(null, 'succeeded', 'pending', 'failed', 'canceled', 'requires_action'), unknownText),
    ),
    metadata: json(
      fc.oneof(
        fc.constant({}),
        fc.record({ refundId: notUuid }),
        fc.uuid().map((refundId) => ({ refundId })),
      ),
    ),
  },
  dispute: {
    id: json(eventIdOfAnyLength),
    amount: fc.oneof(json(absoluteAmount), relativeAmount),
    currency: json(otherCurrency),
    payment_intent: unknownIntent,
  },
};

const familyOf = (type: WellFormedType) =>
  type === 'checkout.session.completed' ? 'checkout' : type === 'charge.dispute.created' ? 'dispute' : 'refund';

export const wellFormedSpec: fc.Arbitrary<WellFormedSpec> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant('checkout.session.completed' as const) },
      {
        weight: 4,
        arbitrary: fc.constantFrom('refund.created' as const, 'refund.updated' as const, 'charge.refunded' as const),
      },
      { weight: 1, arbitrary: fc.constant('charge.dispute.created' as const) },
    ),
    fc.integer({ min: 0, max: POOL_SIZE - 1 }),
    hex(24),
  )
  .chain(([type, index, h]) => {
    const fields = VARIED[familyOf(type)];
    // The id (the audit cause) and the amounts (the integer columns, the payment's total) twice as often.
    const weighted = Object.keys(fields).map((name) => ({
      weight: name === 'id' || name.startsWith('amount') ? 2 : 1,
      arbitrary: fc.constant(name),
    }));
    return fc.oneof(...weighted).chain((field) =>
      fields[field].map((value): WellFormedSpec => ({
        type,
        pool: type === 'checkout.session.completed' ? 'checkout' : 'paid',
        index,
        eventId: `evt_fuzz_wf_${h}`,
        objectId: h,
        field,
        value,
      })),
    );
  });

function resolve(value: Varied, target: TargetRows): unknown {
  if ('json' in value) return value.json;
  const base = value.relativeTo === 'payment' ? target.payment_amount : target.payment_amount - target.payment_refunded;
  return base + value.delta;
}

const isAmount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_INTEGER_COLUMN;

/** Stripe's example objects with this target's ids and amounts, the varied field set last. */
function objectFor(spec: WellFormedSpec, target: TargetRows, varied: unknown): Record<string, unknown> {
  const set = (object: Record<string, unknown>) => (spec.field === 'id' ? object : { ...object, [spec.field]: varied });
  const intent = target.payment_intent_id ?? `pi_fuzz_wf_${spec.objectId}`;
  if (spec.type === 'checkout.session.completed') {
    return set({
      ...stripeFixture('checkout.session'),
      id: target.session_id,
      amount_subtotal: target.total_amount,
      amount_total: target.total_amount,
      currency: target.currency,
      client_reference_id: target.order_id,
      metadata: { orderId: target.order_id, paymentId: target.payment_id },
      mode: 'payment',
      payment_intent: intent,
      payment_status: 'paid',
      status: 'complete',
      url: null,
    });
  }
  const charge = `ch_fuzz_wf_${spec.objectId}`;
  if (spec.type === 'charge.dispute.created') {
    const dispute = { amount: target.payment_amount, currency: target.currency, payment_intent: intent, charge };
    return set({
      ...stripeFixture('dispute'),
      ...dispute,
      id: `dp_fuzz_wf_${spec.objectId}`,
      status: 'needs_response',
    });
  }
  const refund = set({
    ...stripeFixture('refund'),
    id: `re_fuzz_wf_${spec.objectId}`,
    amount: 100,
    charge,
    currency: target.currency,
    metadata: {},
    payment_intent: intent,
    status: 'succeeded',
  });
  if (spec.type !== 'charge.refunded') return refund;
  const refunds = { object: 'list', data: [refund], has_more: false, url: `/v1/charges/${charge}/refunds` };
  return {
    ...stripeFixture('charge'),
    id: charge,
    amount: target.payment_amount,
    payment_intent: refund.payment_intent,
    refunds,
  };
}

/** What the app must do with the event, from the varied value and the target's rows. */
function expectationFor(spec: WellFormedSpec, target: TargetRows, varied: unknown, eventId: string): Expectation {
  const storedId = /^[\x21-\x7e]{1,255}$/.test(eventId) ? eventId : undefined;
  const unreadable = spec.field.startsWith('amount') && varied !== null && !isAmount(varied);
  if (!storedId || unreadable)
    return { inbox: 'ignored', mayChange: [], paid: spec.pool === 'checkout' ? false : undefined };
  if (spec.type === 'checkout.session.completed') return checkoutExpectation(spec, target, varied, storedId);
  // Stripe does not know the intent: not one of our payments, whatever else the event says.
  if (spec.field === 'payment_intent') return { storedId, inbox: 'ignored', mayChange: [] };
  if (spec.type === 'charge.dispute.created') return { storedId, inbox: 'processed', mayChange: ['order_flags'] };
  const otherCurrency = spec.field === 'currency' && String(varied).toLowerCase() !== target.payment_currency;
  const impossibleAmount =
    spec.field === 'amount' && ((varied as number) < 1 || (varied as number) > target.payment_amount);
  if (otherCurrency || impossibleAmount) return { storedId, inbox: 'ignored', mayChange: [] };
  // A refund Stripe could have made: recorded, or refused as more than is left, within the invariants.
  return { storedId, inbox: 'processed or ignored', mayChange: REFUND_WRITES };
}

/**
 * A completion of the target's real session: processed whatever its statuses say (Stripe may add
 * values, some are nullable), and the order paid exactly when Stripe says paid, for its amount
 * and currency. no_payment_required may read either way (Stripe never sends it with an amount due).
 */
function checkoutExpectation(spec: WellFormedSpec, target: TargetRows, varied: unknown, storedId: string): Expectation {
  const paymentStatus = spec.field === 'payment_status' ? varied : 'paid';
  const amount = spec.field === 'amount_total' ? varied : target.total_amount;
  const currency = spec.field === 'currency' ? varied : target.currency;
  const matches =
    amount === target.total_amount && typeof currency === 'string' && currency.toLowerCase() === target.currency;
  const paid = matches && paymentStatus === 'no_payment_required' ? undefined : matches && paymentStatus === 'paid';
  return { storedId, inbox: 'processed', mayChange: CHECKOUT_WRITES, paid };
}

/** The signed body for `spec` against its target's current rows, and what the app must do with it. */
export function buildWellFormed(
  spec: WellFormedSpec,
  target: TargetRows,
): { body: string; eventId: string; expect: Expectation } {
  const varied = resolve(spec.value, target);
  const eventId = spec.field === 'id' ? (varied as string) : spec.eventId;
  const event = { ...stripeEvent(spec.type, objectFor(spec, target, varied)), id: eventId };
  return { body: JSON.stringify(event), eventId, expect: expectationFor(spec, target, varied, eventId) };
}

/** The pool order a spec aims at, as the world holds it now. */
export const targetOrderId = (world: World, spec: WellFormedSpec) => world.pools[spec.pool][spec.index % POOL_SIZE];

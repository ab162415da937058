import fc from 'fast-check';
import { field, fieldObject, str } from './bodies';
import { hex } from './common-arbitraries';
import { deepText, jsonText, leafToken, nastyString, objectText, oversizedText } from './json-text';
import type { World } from './world';

/**
 * Stripe event envelopes as JSON text. Everything generated here is meant to be *unusable*:
 * random objects orderpay never created, or events aimed at a real order (its session id, its
 * metadata, a real payment intent) with at least one field the app reads corrupted in its type.
 * orderpay must answer 200 to each and store it as ignored (or processed without effect).
 * Events orderpay can use, one field varied, are in well-formed-events.ts.
 */

export const WEBHOOK_BODY_LIMIT = 512 * 1024;
const CREATED = '1790000000';

const KNOWN_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.refund.updated',
  'charge.refunded',
  'charge.dispute.created',
  'payment_intent.succeeded',
  'charge.succeeded',
];

const anyString = nastyString.map((s) => JSON.stringify(s));
const freshId = (prefix: string) => hex(24).map((h) => JSON.stringify(`${prefix}_fuzz_${h}`));

const eventId = fc.oneof(
  { weight: 8, arbitrary: freshId('evt') },
  // The same id again and again: later deliveries find the first one's inbox row.
  { weight: 1, arbitrary: str('evt_fuzz_repeated') },
  { weight: 2, arbitrary: leafToken },
  { weight: 1, arbitrary: jsonText },
  { weight: 1, arbitrary: str('', `evt_${'a'.repeat(300)}`, 'evt_fuzz_\u0000', 'evt_fuzz_\udfff') },
);

const eventType = fc.oneof(
  { weight: 8, arbitrary: str(...KNOWN_TYPES) },
  {
    weight: 1,
    arbitrary: str(
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'checkout.session.completed\u0000',
      'CHECKOUT.SESSION.COMPLETED',
      'x'.repeat(150),
      '',
    ),
  },
  { weight: 2, arbitrary: leafToken },
  { weight: 1, arbitrary: jsonText },
);

const metadata = (orderIds: string[], paymentIds: string[]) =>
  field(
    fieldObject(
      {
        orderId: field(
          str(...orderIds),
          fc.uuid().map((u) => JSON.stringify(u)),
        ),
        paymentId: field(
          str(...paymentIds),
          fc.uuid().map((u) => JSON.stringify(u)),
        ),
        refundId: field(fc.uuid().map((u) => JSON.stringify(u))),
      },
      0.6,
    ),
  );

/** A payment intent reference: an id, an expanded object, or something neither. */
const paymentIntent = field(
  freshId('pi'),
  fc.constantFrom('{"id":"pi_fuzz_expanded"}', '{"id":42}', '{}', '[]', '123'),
);

/** Objects of the kinds orderpay handles, filled with random (never matching) ids and odd values. */
function randomObject(world: World): fc.Arbitrary<string> {
  const meta = metadata([world.checkout.orderId], [world.checkout.paymentId]);
  const session = fieldObject(
    {
      id: field(freshId('cs_test')),
      object: field(str('checkout.session')),
      status: field(str('complete', 'open', 'expired')),
      payment_status: field(str('paid', 'unpaid', 'no_payment_required')),
      amount_total: field(fc.constantFrom('2500', '0', '-1', '1.5', '1e300', '"2500"')),
      currency: field(str('usd', 'USD', 'eur'), fc.constant('840')),
      payment_intent: paymentIntent,
      metadata: meta,
      client_reference_id: field(str(world.checkout.orderId)),
    },
    0.8,
  );
  const refund = fieldObject(
    {
      id: field(freshId('re')),
      object: field(str('refund')),
      amount: field(fc.constantFrom('500', '0', '-1', '1.5', '1e300')),
      currency: field(str('usd'), fc.constant('840')),
      status: field(str('succeeded', 'pending', 'failed', 'canceled', 'requires_action')),
      payment_intent: paymentIntent,
      metadata: meta,
      failure_reason: field(anyString),
    },
    0.8,
  );
  const refunds = field(
    fc.array(refund, { maxLength: 3 }).map((list) => `{"object":"list","data":[${list.join(',')}]}`),
    str('x'),
    fc.constantFrom('{"data":"x"}', '{"data":[null,1,"x",[]]}', '{"data":{}}'),
  );
  const charge = fieldObject(
    { id: field(freshId('ch')), object: field(str('charge')), payment_intent: paymentIntent, refunds },
    0.8,
  );
  const dispute = fieldObject(
    {
      id: field(freshId('du')),
      object: field(str('dispute')),
      amount: field(fc.constantFrom('2500', '-1', '1.5')),
      currency: field(str('usd')),
      reason: field(str('fraudulent', 'general')),
      status: field(str('needs_response')),
      payment_intent: paymentIntent,
      charge: field(freshId('ch')),
    },
    0.8,
  );
  return fc.oneof(session, refund, charge, dispute);
}

/**
 * Fields orderpay reads from a paid checkout, each with values of a type Stripe never sends. Not
 * null for amount_total or currency: Stripe types those nullable, and a paid session without them
 * is a mismatch orderpay rightly flags for review. Not null or an unknown string for
 * payment_status: an open enum Stripe may extend, read as unpaid (well-formed-events.ts varies it).
 */
const SESSION_CORRUPTIONS: Record<string, string[]> = {
  amount_total: ['"{total}"', '{total}.5', '1e300', 'true', '[{total}]', '{"value":{total}}', '"NaN"', '-{total}'],
  currency: ['840', '["usd"]', '{"code":"usd"}', 'true', '""', '"us"', '"usd\\u0000"'],
  payment_status: ['12', '["paid"]', '{}', 'true'],
  payment_intent: ['123', '[]', '{"id":42}', '{}', 'true'],
};

/** Events aimed at the pending order's real Checkout Session, each corrupted so it must change nothing. */
function sessionTargeted(world: World): fc.Arbitrary<string> {
  const { sessionId, orderId, paymentId, totalAmount } = world.checkout;
  const base: Record<string, string> = {
    id: JSON.stringify(sessionId),
    object: '"checkout.session"',
    status: '"complete"',
    payment_status: '"paid"',
    amount_total: String(totalAmount),
    currency: '"usd"',
    payment_intent: '"pi_fuzz_targeted"',
    metadata: objectText([
      ['"orderId"', JSON.stringify(orderId)],
      ['"paymentId"', JSON.stringify(paymentId)],
    ]),
  };
  const corruptions = Object.entries(SESSION_CORRUPTIONS).flatMap(([key, values]) =>
    values.map((v) => [key, v.replace(/\{total\}/g, String(totalAmount))] as const),
  );
  // The real session id, with one of the fields that decide "paid" of the wrong type.
  const byId = fc
    .tuple(
      str('checkout.session.completed', 'checkout.session.async_payment_succeeded'),
      fc.uniqueArray(fc.constantFrom(...corruptions), { minLength: 1, maxLength: 3, selector: ([key]) => key }),
    )
    .map(
      ([type, chosen]) =>
        [
          type,
          objectText(
            Object.entries({ ...base, ...Object.fromEntries(chosen) }).map(([k, v]) => [JSON.stringify(k), v]),
          ),
        ] as const,
    );
  // The real metadata with a session id that is not the session's: orderpay must not match it by metadata.
  const byMetadata = fc
    .tuple(
      str(...KNOWN_TYPES.slice(0, 4)),
      fc.constantFrom(
        `[${JSON.stringify(sessionId)}]`,
        `{"id":${JSON.stringify(sessionId)}}`,
        JSON.stringify(`${sessionId}\u0000`),
        JSON.stringify(sessionId.toUpperCase()),
        '42',
        'null',
        'true',
      ),
    )
    .map(
      ([type, id]) =>
        [type, objectText(Object.entries({ ...base, id }).map(([k, v]) => [JSON.stringify(k), v]))] as const,
    );
  return fc
    .oneof(byId, byMetadata)
    .chain(([type, object]) => freshId('evt').map((id) => envelopeText(id, type, object)));
}

/** Refund events on a real paid payment intent whose amount is unusable: no refund row may appear. */
function refundTargeted(world: World): fc.Arbitrary<string> {
  const amount = fc.constantFrom('"500"', '0', '-500', '1.5', '1e300', 'null', 'true', '[500]', '{}');
  const refund = fc
    .tuple(
      freshId('re'),
      amount,
      str('succeeded', 'pending', 'failed'),
      fc.constantFrom(...world.paymentIntents),
      fc.uuid(),
    )
    .map(([id, value, status, pi, refundId]) =>
      objectText([
        ['"id"', id],
        ['"object"', '"refund"'],
        ['"amount"', value],
        ['"currency"', '"usd"'],
        ['"status"', status],
        ['"payment_intent"', JSON.stringify(pi)],
        ['"metadata"', `{"refundId":"${refundId}"}`],
      ]),
    );
  const asRefundEvent = fc.tuple(
    str('refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'),
    refund,
  );
  const asCharge = fc
    .tuple(fc.array(refund, { minLength: 1, maxLength: 2 }), fc.constantFrom(...world.paymentIntents))
    .map(
      ([list, pi]) =>
        [
          '"charge.refunded"',
          `{"id":"ch_fuzz","object":"charge","payment_intent":${JSON.stringify(pi)},"refunds":{"object":"list","data":[${list.join(',')}]}}`,
        ] as const,
    );
  return fc
    .oneof(asRefundEvent, asCharge)
    .chain(([type, object]) => freshId('evt').map((id) => envelopeText(id, type, object)));
}

const envelopeText = (id: string, type: string, object: string) =>
  `{"id":${id},"object":"event","api_version":"2026-10-28.endive","created":${CREATED},"data":{"object":${object}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":${type}}`;

/** Any envelope: fields missing or of the wrong type, `data` not an object, extra keys. */
function randomEnvelope(world: World): fc.Arbitrary<string> {
  const data = fc.oneof(
    { weight: 8, arbitrary: randomObject(world).map((object) => `{"object":${object}}`) },
    { weight: 2, arbitrary: leafToken },
    { weight: 1, arbitrary: jsonText },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{}', '{"object":null}', '{"object":[]}', '{"object":"cs_x"}', '[{"object":{}}]'),
    },
    { weight: 1, arbitrary: deepText.map((deep) => `{"object":${deep}}`) },
  );
  return fieldObject(
    {
      id: eventId,
      object: field(str('event')),
      api_version: field(str('2026-10-28.endive')),
      created: field(fc.constant(CREATED)),
      data,
      livemode: field(fc.constant('false')),
      pending_webhooks: field(fc.constant('1')),
      request: field(fc.constant('{"id":null,"idempotency_key":null}')),
      type: eventType,
    },
    0.92,
  );
}

/** A string field far longer than any column, the envelope still under the 512 kB limit. */
const longStrings = fc
  .tuple(freshId('evt'), fc.integer({ min: 70_000, max: 400_000 }), fc.constantFrom('type', 'id', 'data'))
  .map(([id, length, where]) => {
    const long = JSON.stringify('x'.repeat(length));
    if (where === 'type') return envelopeText(id, long, '{"id":"cs_fuzz"}');
    if (where === 'id') return envelopeText(long, '"checkout.session.completed"', '{"id":"cs_fuzz"}');
    return envelopeText(id, '"checkout.session.completed"', `{"id":"cs_fuzz","metadata":{"orderId":${long}}}`);
  });

/** The payload text of one generated delivery, and whether it is JSON at all. */
export function webhookPayload(world: World): fc.Arbitrary<{ text: string; json: boolean }> {
  const json = (arbitrary: fc.Arbitrary<string>) => arbitrary.map((text) => ({ text, json: true }));
  return fc.oneof(
    { weight: 10, arbitrary: json(randomEnvelope(world)) },
    { weight: 3, arbitrary: json(sessionTargeted(world)) },
    { weight: 2, arbitrary: json(refundTargeted(world)) },
    { weight: 1, arbitrary: json(jsonText) },
    { weight: 1, arbitrary: json(deepText) },
    { weight: 1, arbitrary: json(longStrings) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', 'not json', '{"id":"evt_x",}').map((text) => ({ text, json: false })),
    },
    { weight: 1, arbitrary: oversizedText(WEBHOOK_BODY_LIMIT).map((text) => ({ text, json: true })) },
  );
}

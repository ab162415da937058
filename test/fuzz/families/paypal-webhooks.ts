import fc from 'fast-check';
import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newPayPalEvent, PAYPAL_EVENT_TYPES, PayPalEventType } from '../../../src/stripe-emulator/paypal/paypal-events';
import { paypalTime } from '../../../src/stripe-emulator/paypal/paypal-ids';
import {
  PayPalUrls,
  renderCapture,
  renderDispute,
  renderOrder,
  renderRefund,
} from '../../../src/stripe-emulator/paypal/paypal-objects';
import { AUTH_ALGO } from '../../../src/stripe-emulator/paypal/paypal-signature';
import {
  CaptureRecord,
  CaptureStatus,
  OrderRecord,
  OrderStatus,
  PayPalState,
  RefundStatus,
} from '../../../src/stripe-emulator/paypal/paypal-state';
import { CERT_PATH } from '../../../src/stripe-emulator/paypal/paypal-webhooks';
import { createOrder } from '../../support/factories';
import { errorShapeProblems, Family, Outcome, printable, SentRequest } from '../support/harness';
import { invariantChecker } from '../support/invariants';
import { deepText, jsonText, malformedText, nastyString, oversizedText } from '../support/json-text';
import { WEBHOOK_BODY_LIMIT } from '../support/webhook-events';
import { fingerprintChanges, World } from '../support/world';

/**
 * POST /webhooks/paypal. orderpay trusts a PayPal delivery only once PayPal's
 * verify-webhook-signature says SUCCESS (in tests: the emulator's stand-in, which says so only
 * for a transmission it made itself, with the event exactly as it sent it). So every delivery
 * this family makes up or alters is a 400 WEBHOOK_SIGNATURE_INVALID in the error shape that
 * changes nothing at all, never a 5xx: arbitrary bodies under broken headers, plausible events
 * under made-up headers, and real deliveries (caught on their way from the stand-in) with one
 * byte, one header or the transmission changed. The real deliveries themselves, resent as they
 * were (the control), are answered 200 and may write only the inbox and the payment they apply.
 */

const PATH = '/webhooks/paypal';

/** The headers verify-webhook-signature is asked about: every one is required. */
const SIGNED_HEADERS = [
  'PAYPAL-TRANSMISSION-ID',
  'PAYPAL-TRANSMISSION-TIME',
  'PAYPAL-TRANSMISSION-SIG',
  'PAYPAL-CERT-URL',
  'PAYPAL-AUTH-ALGO',
] as const;
type SignedHeader = (typeof SIGNED_HEADERS)[number];

/** What the stand-in puts on a delivery, under the names it uses (Node hands them over in lower case). */
const DELIVERY_HEADERS = [
  'Content-Type',
  'User-Agent',
  ...SIGNED_HEADERS,
  'PAYPAL-AUTH-VERSION',
  'Correlation-Id',
] as const;

/** What only the inbox may change. */
const INBOX_KEYS = ['webhook_events', 'webhook_events_unsettled', 'webhook_events_updated_at'];
/** What a genuine approval may change besides the inbox: the attempt it pays, its order, the order's audit trail. */
const PAYMENT_KEYS = ['payments_updated_at', 'orders_updated_at', 'order_events'];

/**
 * The real deliveries caught at setup. None of the mutation bases ever reaches orderpay as sent,
 * so accepting a forged copy would add an inbox row (and pay, refund or flag): `approval` (an
 * unpaid order's CHECKOUT.ORDER.APPROVED), and for a paid order `capture` (its
 * PAYMENT.CAPTURE.COMPLETED), `reversal` (PAYMENT.CAPTURE.REVERSED) and `dispute`
 * (CUSTOMER.DISPUTE.CREATED). `approved` is that paid order's approval, which orderpay did
 * receive: a forged copy of it would be a duplicate, caught by its 200. `control0..2` are
 * approvals of unpaid orders, resent unmodified by the control cases.
 */
const BASES = ['approval', 'capture', 'reversal', 'dispute', 'approved'] as const;
const CONTROLS = ['control0', 'control1', 'control2'] as const;
const DELIVERIES = [...BASES, ...CONTROLS] as const;
type DeliveryName = (typeof DELIVERIES)[number];

interface Delivery {
  name: DeliveryName;
  eventId: string;
  eventType: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** What the caught deliveries are about, for the placeholders of generated bodies. */
interface Real {
  deliveries: Record<DeliveryName, Delivery>;
  /** `{{key}}` in a generated body or header: replaced by these values when the case is sent. */
  values: Record<string, string>;
  /** orderpay order of each control approval, to check that the control paid it. */
  controlOrders: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Header values

/** Node refuses to send other characters in a header value; a UTF-8 string arrives read as latin1. */
const headerSafe = (text: string) =>
  Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

/** Values as a forger would write them: the right form, made up. `{{...}}` are real values (see Real). */
const madeUp: Record<SignedHeader, fc.Arbitrary<string>> = {
  'PAYPAL-TRANSMISSION-ID': fc.oneof(
    { weight: 6, arbitrary: fc.uuid({ version: 1 }) },
    { weight: 2, arbitrary: fc.uuid({ version: 4 }) },
    // A transmission the stand-in did make, for another delivery.
    { weight: 2, arbitrary: fc.constantFrom(...DELIVERIES).map((name) => `{{${name}:PAYPAL-TRANSMISSION-ID}}`) },
  ),
  'PAYPAL-TRANSMISSION-TIME': fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -600, max: 60 }).map((s) => `{{now${s >= 0 ? '+' : ''}${s}}}`) },
    { weight: 2, arbitrary: fc.constantFrom(...DELIVERIES).map((name) => `{{${name}:PAYPAL-TRANSMISSION-TIME}}`) },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((date) => paypalTime(date.getTime())) },
  ),
  'PAYPAL-TRANSMISSION-SIG': fc.oneof(
    // The stand-in's HMAC-SHA256 (32 bytes) and PayPal's RSA-2048 (256 bytes), base64.
    {
      weight: 3,
      arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64')),
    },
    {
      weight: 2,
      arbitrary: fc.uint8Array({ minLength: 256, maxLength: 256 }).map((b) => Buffer.from(b).toString('base64')),
    },
    { weight: 2, arbitrary: fc.constantFrom(...DELIVERIES).map((name) => `{{${name}:PAYPAL-TRANSMISSION-SIG}}`) },
  ),
  'PAYPAL-CERT-URL': fc.oneof(
    { weight: 4, arbitrary: fc.constant(`{{api}}${CERT_PATH}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `https://api.paypal.com${CERT_PATH}`,
        'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-5edc0ebc',
        'https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77',
        `https://evil.example.test${CERT_PATH}`,
        `{{api}}${CERT_PATH}/`,
        `{{api}}${CERT_PATH}?x=1`,
        'file:///etc/passwd',
      ),
    },
  ),
  'PAYPAL-AUTH-ALGO': fc.oneof(
    { weight: 6, arbitrary: fc.constant(AUTH_ALGO) },
    { weight: 1, arbitrary: fc.constantFrom('SHA256withECDSA', 'SHA1withRSA', 'sha256withrsa', 'HS256', 'none') },
  ),
};

/** Printable latin1, as garbage a header can carry. */
const latin1 = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
    fc.constant('\t'),
  ),
  minLength: 1,
  maxLength: 40,
});

/** How one signed header turns up on a forged delivery (undefined: not at all). */
function brokenHeader(name: SignedHeader): fc.Arbitrary<string | string[] | undefined> {
  const value = madeUp[name];
  return fc.oneof(
    { weight: 6, arbitrary: value },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t') },
    // Under Node's 16 kB for all headers together, so the app (not the HTTP parser) answers.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1000, max: 2000 }), fc.constantFrom('a', '=', '0', 'é'))
        .map(([n, c]) => c.repeat(n)),
    },
    // Sent twice: Node joins them with ", ".
    { weight: 1, arbitrary: fc.tuple(value, fc.oneof(value, latin1)).map(([a, b]) => [a, b]) },
    { weight: 1, arbitrary: value.map((v) => [v, v]) },
    { weight: 2, arbitrary: latin1 },
    { weight: 1, arbitrary: nastyString.map((s) => headerSafe(s.slice(0, 1500))) },
  );
}

/** The five headers, each made up or broken, plus now and then a lookalike name. */
const brokenHeaders: fc.Arbitrary<Record<string, string | string[]>> = fc
  .tuple(
    fc.tuple(...SIGNED_HEADERS.map(brokenHeader)),
    fc.constantFrom<Record<string, string>>(
      {},
      {},
      {},
      { 'PAYPAL-TRANSMISSIONID': '{{approval:PAYPAL-TRANSMISSION-ID}}' },
      { 'X-PAYPAL-TRANSMISSION-SIG': '{{approval:PAYPAL-TRANSMISSION-SIG}}' },
      { 'PAYPAL-TRANSMISSION_TIME': '{{now+0}}' },
      { 'PAYPAL-AUTH-VERSION': 'v1' },
      { 'Stripe-Signature': 't=1,v1=00' },
    ),
  )
  .map(([values, extra]) => {
    const headers: Record<string, string | string[]> = { ...extra };
    SIGNED_HEADERS.forEach((name, i) => {
      const value = values[i];
      if (value !== undefined) headers[name] = value;
    });
    return headers;
  });

/** All five headers, well formed and made up. */
const madeUpHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(...SIGNED_HEADERS.map((name) => madeUp[name]))
  .map((values) => Object.fromEntries(SIGNED_HEADERS.map((name, i) => [name, values[i]])));

const contentType = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constant<Record<string, string>>({
      'Content-Type': 'application/json',
      'User-Agent': 'PayPal/AUHD-214.0-58843389',
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      {},
      { 'Content-Type': 'text/plain' },
      { 'Content-Type': 'application/json; charset=utf-8' },
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Event bodies

const OTHER_TYPES = [
  'CHECKOUT.ORDER.COMPLETED',
  'CHECKOUT.ORDER.VOIDED',
  'PAYMENT.CAPTURE.DECLINED',
  'PAYMENT.AUTHORIZATION.CREATED',
  'CUSTOMER.DISPUTE.RESOLVED',
  'BILLING.SUBSCRIPTION.ACTIVATED',
  'payment.capture.completed',
  'checkout.session.completed',
  'constructor',
  '__proto__',
  '',
  'X'.repeat(101),
  'PAYMENT.CAPTURE.COMPLETED\u0000',
];

const upperId = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: length, maxLength: length });

/** Ids of the real objects (filled in when sent), or made-up ones in PayPal's form. */
const paypalOrderId = fc.oneof(upperId(17), fc.constantFrom('{{approval:order}}', '{{approved:order}}'));
const captureId = fc.oneof(upperId(17), fc.constant('{{capture:id}}'));
const ourOrderId = fc.oneof(fc.uuid(), fc.constantFrom('{{approval:ourOrder}}', '{{approved:ourOrder}}'));
const ourPaymentId = fc.oneof(fc.uuid(), fc.constantFrom('{{approval:payment}}', '{{approved:payment}}'));
const currency = fc.constantFrom('USD', 'USD', 'USD', 'EUR', 'JPY', 'GBP');
/** The pool orders' total is 1250 (one unit of the first product). */
const minor = fc.oneof(fc.constantFrom(1250, 1250, 1249, 1251, 125000, 1, 0), fc.integer({ min: 1, max: 10_000_000 }));
const time = fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 });

/** A resource as the stand-in renders it, from records a fake state holds. */
function resourceFor(kind: 'order' | 'capture' | 'refund' | 'dispute', urls: PayPalUrls) {
  const unit = fc.record({
    currency,
    minor,
    custom_id: fc.option(ourOrderId, { freq: 6 }),
    invoice_id: fc.option(ourPaymentId, { freq: 6 }),
  });
  const capture = fc.record({
    id: captureId,
    orderId: paypalOrderId,
    status: fc.constantFrom<CaptureStatus>(
      'COMPLETED',
      'PENDING',
      'DECLINED',
      'PARTIALLY_REFUNDED',
      'REFUNDED',
      'FAILED',
    ),
    currency,
    minor,
    createdAt: time,
  });
  const state = (
    order: {
      id: string;
      unit: { currency: string; minor: number; custom_id: string | null; invoice_id: string | null };
    },
    status: OrderStatus,
    captured?: Omit<CaptureRecord, 'refundedMinor' | 'updatedAt'>,
  ) => {
    const fake = new PayPalState();
    const record: OrderRecord = {
      id: order.id,
      status,
      createdAt: 1_790_000_000_000,
      updatedAt: 1_790_000_060_000,
      unit: {
        reference_id: 'default',
        amount: { currency_code: order.unit.currency, value: String(order.unit.minor / 100) },
        currency: order.unit.currency,
        minor: order.unit.minor,
        ...(order.unit.custom_id !== null ? { custom_id: order.unit.custom_id } : {}),
        ...(order.unit.invoice_id !== null ? { invoice_id: order.unit.invoice_id } : {}),
      },
      viaPaymentSource: true,
      payerId: 'EMULATORPAYER',
      captureId: captured?.id,
    };
    fake.orders.set(record.id, record);
    if (captured) fake.captures.set(captured.id, { ...captured, refundedMinor: 0, updatedAt: captured.createdAt });
    return { fake, record };
  };
  if (kind === 'order')
    return fc
      .record({
        id: paypalOrderId,
        status: fc.constantFrom<OrderStatus>('APPROVED', 'APPROVED', 'COMPLETED', 'CREATED', 'VOIDED'),
        unit,
        capture: fc.option(capture, { freq: 3 }),
      })
      .map(({ id, status, unit: u, capture: c }) => {
        const { fake, record } = state({ id, unit: u }, status, c ? { ...c, orderId: id } : undefined);
        return renderOrder(fake, record, urls);
      });
  if (kind === 'capture')
    return fc.tuple(capture, unit).map(([c, u]) => {
      const { fake } = state({ id: c.orderId, unit: u }, 'COMPLETED', c);
      return renderCapture(fake, { ...c, refundedMinor: 0, updatedAt: c.createdAt }, urls);
    });
  if (kind === 'refund')
    return fc
      .record({
        id: upperId(17),
        capture,
        unit,
        status: fc.constantFrom<RefundStatus>('COMPLETED', 'PENDING', 'FAILED', 'CANCELLED'),
        minor,
        customId: fc.option(fc.uuid(), { freq: 3 }),
        reversal: fc.boolean(),
      })
      .map(({ id, capture: c, unit: u, status, minor: m, customId, reversal }) => {
        const { fake } = state({ id: c.orderId, unit: u }, 'COMPLETED', c);
        return renderRefund(
          fake,
          {
            id,
            captureId: c.id,
            status,
            currency: c.currency,
            minor: m,
            totalRefundedMinor: m,
            ...(customId ? { customId } : {}),
            reversal,
            createdAt: c.createdAt,
            updatedAt: c.createdAt,
          },
          urls,
        );
      });
  return fc
    .record({
      id: fc.integer({ min: 0, max: 999_999 }).map((n) => `PP-D-${String(n).padStart(6, '0')}`),
      capture,
      unit,
      minor,
      reason: fc.constantFrom('MERCHANDISE_OR_SERVICE_NOT_RECEIVED', 'UNAUTHORISED', 'DUPLICATE_TRANSACTION'),
    })
    .map(({ id, capture: c, unit: u, minor: m, reason }) => {
      const { fake } = state({ id: c.orderId, unit: u }, 'COMPLETED', c);
      return renderDispute(
        fake,
        { id, captureId: c.id, currency: c.currency, minor: m, reason, createdAt: c.createdAt },
        urls,
      );
    });
}

const RESOURCE_OF: Record<PayPalEventType, 'order' | 'capture' | 'refund' | 'dispute'> = {
  'CHECKOUT.ORDER.APPROVED': 'order',
  'PAYMENT.CAPTURE.COMPLETED': 'capture',
  'PAYMENT.CAPTURE.PENDING': 'capture',
  'PAYMENT.CAPTURE.DENIED': 'capture',
  'PAYMENT.CAPTURE.REFUNDED': 'refund',
  'PAYMENT.CAPTURE.REVERSED': 'refund',
  'CUSTOMER.DISPUTE.CREATED': 'dispute',
};

/** Values a field may be swapped for: wrong types, empty, too long, poisoned. */
const oddValue = fc.constantFrom<unknown>(null, 0, -1, '', [], {}, 'x'.repeat(300), '\u0000', true, '1e400');

/**
 * A PayPal event as the stand-in would send one (its renderers, its envelope), aimed at the
 * real orders or at none, of a real type or another, with now and then one field odd.
 */
function plausibleEvent(urls: PayPalUrls): fc.Arbitrary<string> {
  const typed = fc
    .constantFrom(...PAYPAL_EVENT_TYPES)
    .chain((type) =>
      fc.tuple(
        fc.constant(type),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant(RESOURCE_OF[type]) },
          { weight: 1, arbitrary: fc.constantFrom('order', 'capture', 'refund', 'dispute' as const) },
        ),
      ),
    );
  return typed
    .chain(([type, kind]) =>
      fc.record({
        type: fc.constant(type),
        resource: resourceFor(kind, urls),
        eventType: fc.oneof(
          { weight: 6, arbitrary: fc.constant<string>(type) },
          { weight: 1, arbitrary: fc.constantFrom(...OTHER_TYPES) },
        ),
        id: fc.oneof(
          { weight: 5, arbitrary: fc.constant<string | undefined>(undefined) },
          // The id of a real event orderpay has not received (or has).
          { weight: 2, arbitrary: fc.constantFrom(...BASES).map((name) => `{{${name}:event}}`) },
          { weight: 1, arbitrary: fc.constantFrom('', 'WH-1', `WH-${'A'.repeat(300)}`, 'WH-\u0000') },
        ),
        created: time,
        odd: fc.option(fc.tuple(fc.nat(), fc.boolean(), oddValue), { freq: 4 }),
      }),
    )
    .map(({ type, resource, eventType, id, created, odd }) => {
      const event = newPayPalEvent(type, resource, created, urls) as unknown as Record<string, unknown>;
      event.event_type = eventType;
      if (id !== undefined) event.id = id;
      if (odd) {
        const [pick, inResource, value] = odd;
        const target = inResource ? resource : event;
        const keys = Object.keys(target);
        target[keys[pick % keys.length]] = value;
      }
      return JSON.stringify(event);
    });
}

/** Any body at all, and events that look like PayPal's. */
function anyBody(urls: PayPalUrls): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { weight: 4, arbitrary: plausibleEvent(urls) },
    { weight: 3, arbitrary: jsonText },
    { weight: 2, arbitrary: malformedText },
    { weight: 1, arbitrary: deepText },
    { weight: 1, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: oversizedText(WEBHOOK_BODY_LIMIT) },
  );
}

// ---------------------------------------------------------------------------------------------
// Mutations of a real delivery

/**
 * One change to a real delivery. The deliveries are made afresh each run (new ids, times, emulator
 * port), so a byte position is taken modulo the body's length: a seed aims at the same place give
 * or take a few bytes, and a failure prints the bytes actually changed (`applied`).
 */
type Mutation =
  | { op: 'flip-byte'; at: number; mask: number }
  | { op: 'change-header'; header: SignedHeader; how: number; pick: number; fresh: string }
  | { op: 'drop-header'; header: SignedHeader }
  | { op: 'duplicate-header'; header: SignedHeader; same: boolean; fresh: string }
  | { op: 'other-transmission'; from: DeliveryName | 'new'; fresh: string }
  | { op: 'other-body'; from: DeliveryName };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) })
      .map(({ at, mask }): Mutation => ({ op: 'flip-byte', at, mask })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({ header: fc.constantFrom(...SIGNED_HEADERS), how: fc.nat(), pick: fc.nat(), fresh: fc.uuid() })
      .map((m): Mutation => ({ op: 'change-header', ...m })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...SIGNED_HEADERS).map((header): Mutation => ({ op: 'drop-header', header })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ header: fc.constantFrom(...SIGNED_HEADERS), same: fc.boolean(), fresh: fc.uuid() })
      .map((m): Mutation => ({ op: 'duplicate-header', ...m })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ from: fc.constantFrom<DeliveryName | 'new'>('new', 'new', ...DELIVERIES), fresh: fc.uuid() })
      .map((m): Mutation => ({ op: 'other-transmission', ...m })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...DELIVERIES).map((from): Mutation => ({ op: 'other-body', from })),
  },
);

/** A value unlike `original` (as the app receives it: Node trims header values), in one of a few ways. */
function changedValue(
  header: SignedHeader,
  original: string,
  { how, pick, fresh }: { how: number; pick: number; fresh: string },
  real: Real,
): string {
  const others = DELIVERIES.map((name) => real.deliveries[name].headers[header]).filter((v) => v !== original);
  const at = pick % original.length;
  const swapChar = (chars: string) => {
    const current = original[at];
    const replacement = chars[(chars.indexOf(current) + 1 + (pick % (chars.length - 1))) % chars.length];
    return original.slice(0, at) + (replacement === current ? chars[0] : replacement) + original.slice(at + 1);
  };
  const byHeader: Record<SignedHeader, (() => string)[]> = {
    'PAYPAL-TRANSMISSION-ID': [
      () => fresh,
      () => original.toUpperCase(),
      () => original.replace(/-/g, ''),
      () => swapChar('0123456789abcdef'),
    ],
    'PAYPAL-TRANSMISSION-TIME': [
      () => paypalTime(Date.parse(original) + 1000),
      () => paypalTime(Date.parse(original) - 1000),
      () => original.replace('Z', '.000Z'),
      () => original.replace('Z', '+00:00'),
      () => original.toLowerCase(),
      () => String(Date.parse(original) / 1000),
    ],
    'PAYPAL-TRANSMISSION-SIG': [
      () => swapChar('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
      () => original.slice(0, -2),
      () => original.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      () => original.toLowerCase(),
      () => Buffer.from(original, 'base64').toString('hex'),
    ],
    'PAYPAL-CERT-URL': [
      () => original.replace(/^https?:\/\/[^/]+/, 'https://api-m.paypal.com'),
      () => `${original}/`,
      () => original.toUpperCase(),
      () => original.replace('/v1/', '/v1/../v1/'),
      () => `${original}?cert=1`,
    ],
    'PAYPAL-AUTH-ALGO': [
      () => original.toLowerCase(),
      () => 'SHA256withECDSA',
      () => 'SHA1withRSA',
      () => `${original}x`,
    ],
  };
  const ways = [...byHeader[header], ...(others.length ? [() => others[pick % others.length]] : [])];
  const value = ways[how % ways.length]();
  // Whatever the way gave, it must differ as received, or the case would be a genuine one.
  return value.trim() !== original && value.trim() !== '' ? value : `${original}0`;
}

/** The real delivery with one thing changed: its bytes, one header, its transmission, or its body. */
function mutate(
  base: Delivery,
  m: Mutation,
  real: Real,
): { headers: Record<string, string | string[]>; body: Buffer; applied: string } {
  const headers: Record<string, string | string[]> = { ...base.headers };
  let body = Buffer.from(base.body);
  let applied: string;
  if (m.op === 'flip-byte') {
    const at = m.at % body.length;
    body[at] ^= m.mask;
    const around = (bytes: Buffer) => JSON.stringify(bytes.subarray(Math.max(0, at - 12), at + 12).toString('latin1'));
    applied = `byte ${at} of ${body.length}: ${around(base.body)} -> ${around(body)}`;
  } else if (m.op === 'change-header') {
    headers[m.header] = changedValue(m.header, base.headers[m.header], m, real);
    applied = `${m.header}: ${JSON.stringify(base.headers[m.header])} -> ${JSON.stringify(headers[m.header])}`;
  } else if (m.op === 'drop-header') {
    delete headers[m.header];
    applied = `${m.header} dropped`;
  } else if (m.op === 'duplicate-header') {
    const value = base.headers[m.header];
    headers[m.header] = [
      value,
      m.same ? value : changedValue(m.header, value, { how: 0, pick: 1, fresh: m.fresh }, real),
    ];
    applied = `${m.header} sent twice: ${JSON.stringify(headers[m.header])}`;
  } else if (m.op === 'other-transmission') {
    const from = m.from === 'new' || m.from === base.name ? undefined : real.deliveries[m.from];
    const id = from ? from.headers['PAYPAL-TRANSMISSION-ID'] : m.fresh;
    headers['PAYPAL-TRANSMISSION-ID'] = id;
    applied = `PAYPAL-TRANSMISSION-ID of ${from ? `the real ${from.name} delivery` : 'no delivery'}: ${id}`;
  } else {
    // Another real event under this delivery's (real) transmission.
    const from = real.deliveries[m.from === base.name ? (base.name === 'approval' ? 'capture' : 'approval') : m.from];
    body = Buffer.from(from.body);
    applied = `body of the real ${from.name} delivery (${from.eventType} ${from.eventId})`;
  }
  return { headers, body, applied: `real ${base.name} delivery (${base.eventType} ${base.eventId}), ${applied}` };
}

// ---------------------------------------------------------------------------------------------
// Setup: real deliveries caught on their way

const pickHeaders = (received: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    DELIVERY_HEADERS.filter((name) => typeof received[name.toLowerCase()] === 'string').map((name) => [
      name,
      received[name.toLowerCase()] as string,
    ]),
  );

/**
 * Runs `action` with the stand-in's deliveries going to a local receiver instead of orderpay,
 * and returns them (body bytes and headers as sent); then orderpay gets PayPal's events again.
 */
async function catchDeliveries(
  world: World,
  action: (caught: Omit<Delivery, 'name'>[]) => Promise<void>,
): Promise<Omit<Delivery, 'name'>[]> {
  const caught: Omit<Delivery, 'name'>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const event = JSON.parse(body.toString('utf8')) as { id: string; event_type: string };
      caught.push({ eventId: event.id, eventType: event.event_type, body, headers: pickHeaders(req.headers) });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const paypal = world.t.stripe.paypal;
  const previous = paypal.webhookUrl;
  paypal.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/paypal`);
  try {
    await action(caught);
    await paypal.waitForDeliveries();
  } finally {
    paypal.setWebhookUrl(previous);
    await new Promise((resolve) => server.close(resolve));
  }
  return caught;
}

/** A PayPal checkout of a new one-unit order of the customer's: orderpay's ids and PayPal's order id. */
async function paypalCheckout(world: World) {
  const { t, customer } = world;
  const order = await createOrder(t, customer, [{ productId: world.products.active[0].id, quantity: 1 }]);
  const { body } = await t
    .http()
    .post(`/orders/${order.id}/pay`)
    .set(customer.auth)
    .send({ paymentMethod: 'paypal' })
    .expect(201);
  const [{ provider_session_id: paypalOrder }] = await t.dataSource.query(
    'SELECT provider_session_id FROM payments WHERE id = $1',
    [body.paymentId],
  );
  return { ourOrder: order.id, payment: body.paymentId as string, paypalOrder: paypalOrder as string };
}

async function catchRealDeliveries(world: World): Promise<Real> {
  const { t } = world;
  const unpaid = await paypalCheckout(world);
  const paid = await paypalCheckout(world);
  const controls = [await paypalCheckout(world), await paypalCheckout(world), await paypalCheckout(world)];
  let captureId = '';
  const caught = await catchDeliveries(world, async (sofar) => {
    for (const checkout of [unpaid, paid, ...controls]) t.stripe.paypal.approveOrder(checkout.paypalOrder, 'complete');
    await t.stripe.paypal.waitForDeliveries();
    // The paid order's approval goes on to orderpay as sent, which captures it: the capture's
    // event is caught too, and the capture is then reversed and disputed at PayPal.
    const approvalOfPaid = sofar.find((d) => d.body.toString('utf8').includes(paid.paypalOrder))!;
    await t.http().post(PATH).set(approvalOfPaid.headers).send(approvalOfPaid.body.toString('utf8')).expect(200);
    await t.stripe.paypal.waitForDeliveries();
    const capture = sofar.find((d) => d.eventType === 'PAYMENT.CAPTURE.COMPLETED');
    if (!capture) throw new Error('paypal-webhooks setup: orderpay did not capture the approved PayPal order');
    captureId = (JSON.parse(capture.body.toString('utf8')) as { resource: { id: string } }).resource.id;
    t.stripe.paypal.openDispute(captureId);
    t.stripe.paypal.reverseCapture(captureId);
  });
  const about = (paypalOrder: string, type: string) => {
    const found = caught.find((d) => d.eventType === type && d.body.toString('utf8').includes(paypalOrder));
    if (!found) throw new Error(`paypal-webhooks setup: no ${type} caught for PayPal order ${paypalOrder}`);
    return found;
  };
  const deliveries: Record<DeliveryName, Delivery> = {
    approval: { name: 'approval', ...about(unpaid.paypalOrder, 'CHECKOUT.ORDER.APPROVED') },
    approved: { name: 'approved', ...about(paid.paypalOrder, 'CHECKOUT.ORDER.APPROVED') },
    capture: { name: 'capture', ...about(paid.paypalOrder, 'PAYMENT.CAPTURE.COMPLETED') },
    reversal: { name: 'reversal', ...about(captureId, 'PAYMENT.CAPTURE.REVERSED') },
    dispute: { name: 'dispute', ...about(captureId, 'CUSTOMER.DISPUTE.CREATED') },
    control0: { name: 'control0', ...about(controls[0].paypalOrder, 'CHECKOUT.ORDER.APPROVED') },
    control1: { name: 'control1', ...about(controls[1].paypalOrder, 'CHECKOUT.ORDER.APPROVED') },
    control2: { name: 'control2', ...about(controls[2].paypalOrder, 'CHECKOUT.ORDER.APPROVED') },
  };
  const values: Record<string, string> = {
    api: t.stripe.url,
    'approval:order': unpaid.paypalOrder,
    'approval:ourOrder': unpaid.ourOrder,
    'approval:payment': unpaid.payment,
    'approved:order': paid.paypalOrder,
    'approved:ourOrder': paid.ourOrder,
    'approved:payment': paid.payment,
    'capture:id': captureId,
  };
  for (const delivery of Object.values(deliveries)) {
    values[`${delivery.name}:event`] = delivery.eventId;
    for (const name of SIGNED_HEADERS) values[`${delivery.name}:${name}`] = delivery.headers[name];
  }
  const controlOrders = Object.fromEntries(CONTROLS.map((name, i) => [name, controls[i].ourOrder]));
  return { deliveries, values, controlOrders };
}

/** `{{key}}` replaced by the real value; `{{now+N}}` by the time N seconds from now, as PayPal writes it. */
function fillIn(text: string, real: Real): string {
  return text.replace(/\{\{([^{}]+)\}\}/g, (whole, key: string) => {
    const now = /^now([+-]\d+)$/.exec(key);
    if (now) return paypalTime(Date.now() + Number(now[1]) * 1000);
    return real.values[key] ?? whole;
  });
}

// ---------------------------------------------------------------------------------------------
// The family

type Kind = 'arbitrary' | 'plausible' | 'mutation' | 'control';

class Reached {
  readonly counts: Record<string, number> = {};
  controlsApplied = 0;
  controlsRepeated = 0;

  add(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  toString(): string {
    const c = this.counts;
    const mutations = Object.entries(c)
      .filter(([key]) => key.startsWith('mutation:'))
      .map(([key, n]) => `${n} ${key.slice('mutation:'.length)}`)
      .join(', ');
    return (
      `${c.arbitrary ?? 0} arbitrary bodies under broken headers (${c.verified ?? 0} of them complete enough to be verified), ` +
      `${c.plausible ?? 0} plausible events under made-up headers, ` +
      `${c.mutation ?? 0} mutated real deliveries (${mutations}), ` +
      `${c.control ?? 0} genuine deliveries (${this.controlsApplied} paid their order, ${this.controlsRepeated} repeats)`
    );
  }
}

/** A request verify-webhook-signature is asked about: all five headers present and a JSON object body. */
function reachesVerification(request: SentRequest): boolean {
  const present = SIGNED_HEADERS.every((name) => {
    const value = request.headers[name] as unknown;
    return Array.isArray(value) || (typeof value === 'string' && value.trim() !== '');
  });
  if (!present) return false;
  try {
    const parsed = JSON.parse((request.body ?? Buffer.alloc(0)).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** POST /webhooks/paypal: forged, altered and genuine PayPal deliveries. */
export async function paypalWebhooksFamily(world: World): Promise<Family> {
  const real = await catchRealDeliveries(world);
  const urls: PayPalUrls = { api: () => world.t.stripe.url, web: () => world.t.stripe.url };
  const invariants = invariantChecker(world);
  const reached = new Reached();

  const arbitrary = fc.tuple(anyBody(urls), brokenHeaders, contentType).map(([body, headers, type]) =>
    printable({
      method: 'POST',
      path: PATH,
      headers: { ...type, ...headers } as Record<string, string>,
      body,
      meta: { kind: 'arbitrary' },
    }),
  );
  const plausible = fc
    .tuple(plausibleEvent(urls), madeUpHeaders, contentType)
    .map(([body, headers, type]) =>
      printable({ method: 'POST', path: PATH, headers: { ...type, ...headers }, body, meta: { kind: 'plausible' } }),
    );
  const mutated = fc
    .tuple(fc.constantFrom(...BASES), mutation)
    .map(([base, m]) =>
      printable({ method: 'POST', path: PATH, headers: {}, meta: { kind: 'mutation', base, mutation: m } }),
    );
  const control = fc
    .constantFrom(...CONTROLS)
    .map((name) => printable({ method: 'POST', path: PATH, headers: {}, meta: { kind: 'control', delivery: name } }));

  const prepare = (request: SentRequest): SentRequest => {
    const meta = request.meta as { kind: Kind; base?: DeliveryName; delivery?: DeliveryName; mutation?: Mutation };
    if (meta.kind === 'control') {
      const genuine = real.deliveries[meta.delivery!];
      const sent = `${genuine.eventType} ${genuine.eventId} as the stand-in sent it`;
      return { ...request, headers: { ...genuine.headers }, body: Buffer.from(genuine.body), meta: { ...meta, sent } };
    }
    if (meta.kind === 'mutation') {
      const { headers, body, applied } = mutate(real.deliveries[meta.base!], meta.mutation!, real);
      return { ...request, headers: headers as Record<string, string>, body, meta: { ...meta, applied } };
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers as Record<string, string | string[]>).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.map((v) => fillIn(v, real)) : fillIn(value, real),
      ]),
    ) as Record<string, string>;
    // Placeholders only ever sit in generated JSON text, never in raw bytes.
    const body = request.body && fillIn(request.body.toString('latin1'), real);
    return { ...request, headers, body: body === undefined ? undefined : Buffer.from(body, 'latin1') };
  };

  const judge = async ({ request, response, before, after }: Outcome): Promise<string[]> => {
    const meta = request.meta as { kind: Kind; delivery?: DeliveryName; mutation?: Mutation };
    const status = response.status;
    const problems: string[] = status >= 500 ? [`server error: status ${status}`] : [];
    reached.add(meta.kind);
    if (meta.kind === 'mutation') reached.add(`mutation:${meta.mutation!.op}`);
    if (meta.kind === 'arbitrary' && reachesVerification(request)) reached.add('verified');
    let settled = after;
    if (status < 300) {
      // An accepted approval makes orderpay capture at PayPal, whose capture event follows.
      await world.t.stripe.paypal.waitForDeliveries();
      settled = await world.settle();
    }
    if (meta.kind === 'control') {
      if (status !== 200) problems.push(`genuine delivery not accepted: ${status}, expected 200`);
      else if (response.body?.received !== true) problems.push(`genuine delivery answer: ${response.text}`);
      if (status >= 400 && status < 500) problems.push(...errorShapeProblems(response));
      const allowed = [...INBOX_KEYS, ...PAYMENT_KEYS];
      const elsewhere = fingerprintChanges(before, settled, allowed);
      if (elsewhere.length)
        problems.push(
          `genuine delivery changed what it may not (only the inbox and its payment): ${elsewhere.join(', ')}`,
        );
      const delivery = real.deliveries[meta.delivery!];
      const [row]: { status: string; last_error: string | null }[] = await world.t.dataSource.query(
        `SELECT status, last_error FROM webhook_events WHERE provider = 'paypal' AND event_id = $1`,
        [delivery.eventId],
      );
      if (!row) problems.push(`genuine delivery not in the inbox: ${delivery.eventId}`);
      else if (row.status !== 'processed')
        problems.push(
          `genuine delivery settled as ${row.status} (${row.last_error ?? 'no error'}), expected processed`,
        );
      const [order]: { status: string }[] = await world.t.dataSource.query('SELECT status FROM orders WHERE id = $1', [
        real.controlOrders[meta.delivery!],
      ]);
      if (order?.status !== 'paid') problems.push(`genuine approval left its order ${order?.status}, expected paid`);
      if (fingerprintChanges(before, settled, INBOX_KEYS).length) reached.controlsApplied++;
      else reached.controlsRepeated++;
    } else {
      const oversized = (request.body?.length ?? 0) > WEBHOOK_BODY_LIMIT;
      const [expected, code] = oversized ? [413, undefined] : [400, 'WEBHOOK_SIGNATURE_INVALID'];
      if (status !== expected && status < 500)
        problems.push(`forged delivery status: ${status}, expected ${expected}${code ? ` ${code}` : ''}`);
      if (status >= 400 && status < 500) problems.push(...errorShapeProblems(response));
      if (code && status === expected && response.body?.code !== code)
        problems.push(`refusal code: ${JSON.stringify(response.body?.code)}, expected ${code}`);
      const changes = fingerprintChanges(before, settled);
      if (changes.length) problems.push(`forged delivery wrote: ${changes.join(', ')}`);
    }
    return [...problems, ...(await invariants(settled))];
  };

  return {
    name: 'paypal-webhooks',
    arbitrary: fc.oneof(
      { weight: 16, arbitrary },
      { weight: 12, arbitrary: plausible },
      { weight: 20, arbitrary: mutated },
      // About 2%: the first of each control pays its order, the rest are redeliveries.
      { weight: 1, arbitrary: control },
    ),
    prepare,
    judge,
    summary: () => reached.toString(),
  };
}

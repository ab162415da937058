import { createHash } from 'node:crypto';
import { newPayPalEvent, type PayPalEventType } from '../../../stripe-emulator/paypal/paypal-events';
import {
  renderCapture,
  renderDispute,
  renderOrder,
  renderRefund,
} from '../../../stripe-emulator/paypal/paypal-objects';
import { PayPalState } from '../../../stripe-emulator/paypal/paypal-state';
import {
  captureToCheckout,
  MAX_EVENT_DEPTH,
  orderToCheckout,
  readStoredPayPalEvent,
  receivePayPalEvent,
  toRefundSnapshot,
} from './paypal-events';
import { PayPalFields, UnusablePayPalObjectError } from './paypal-fields';

/**
 * Reading a verified PayPal body into the event its handler applies, or into an `unusable` one
 * with the reason (stored and answered 2xx, since no retry can fix it). Verification itself is in
 * paypal.provider-calls.spec.ts; this is what comes after. Fixtures follow PayPal's documented
 * shapes (Orders v2, Payments v2, Disputes v1 and the webhook envelope); the last block reads
 * what the project's PayPal stand-in renders.
 */
type Json = Record<string, unknown>;
const ORDER_ID = '0d9f2f1e-5a3b-4c1d-8e2f-1a2b3c4d5e6f';
const PAYMENT_ID = '7c1e4b2a-9d3f-4e5a-8b6c-0f1e2d3c4b5a';
const REFUND_ID = '5a0b6c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d';
const PAYPAL_ORDER = '5O190127TN364715T';
const CAPTURE = '3C679366HH908993F';
const PAYPAL_REFUND = '1JU08902781691411';
const API = 'https://api-m.paypal.com';
const CREATED = '2024-05-01T10:00:00Z';

const usd = (value: string) => ({ currency_code: 'USD', value });
const link = (href: string, rel: string, method = 'GET') => ({ href, rel, method });

const captureFixture = (changes: Json = {}): Json => ({
  id: CAPTURE,
  status: 'COMPLETED',
  amount: usd('34.99'),
  final_capture: true,
  seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
  seller_receivable_breakdown: { gross_amount: usd('34.99'), paypal_fee: usd('1.71'), net_amount: usd('33.28') },
  invoice_id: PAYMENT_ID,
  custom_id: ORDER_ID,
  supplementary_data: { related_ids: { order_id: PAYPAL_ORDER } },
  links: [
    link(`${API}/v2/payments/captures/${CAPTURE}`, 'self'),
    link(`${API}/v2/payments/captures/${CAPTURE}/refund`, 'refund', 'POST'),
    link(`${API}/v2/checkout/orders/${PAYPAL_ORDER}`, 'up'),
  ],
  create_time: CREATED,
  update_time: CREATED,
  ...changes,
});

const unitFixture = (changes: Json = {}): Json => ({
  reference_id: 'default',
  amount: { ...usd('34.99'), breakdown: { item_total: usd('34.99') } },
  payee: { email_address: 'merchant@example.com', merchant_id: 'C7CYMKZDG8D6E' },
  custom_id: ORDER_ID,
  invoice_id: PAYMENT_ID,
  items: [
    { name: 'T-shirt', quantity: '2', unit_amount: usd('15.00') },
    { name: 'Sticker pack', quantity: '1', unit_amount: usd('4.99') },
  ],
  ...changes,
});

const orderFixture = (changes: Json = {}, unit: Json = {}): Json => ({
  id: PAYPAL_ORDER,
  intent: 'CAPTURE',
  status: 'APPROVED',
  payment_source: { paypal: { email_address: 'buyer@example.com', account_id: 'QYR5Z8XDVJNXQ' } },
  purchase_units: [unitFixture(unit)],
  payer: { name: { given_name: 'John', surname: 'Doe' }, payer_id: 'QYR5Z8XDVJNXQ' },
  create_time: CREATED,
  links: [
    link(`${API}/v2/checkout/orders/${PAYPAL_ORDER}`, 'self'),
    link(`${API}/v2/checkout/orders/${PAYPAL_ORDER}`, 'update', 'PATCH'),
    link(`${API}/v2/checkout/orders/${PAYPAL_ORDER}/capture`, 'capture', 'POST'),
  ],
  ...changes,
});

const refundFixture = (changes: Json = {}): Json => ({
  id: PAYPAL_REFUND,
  amount: usd('10.00'),
  seller_payable_breakdown: {
    gross_amount: usd('10.00'),
    paypal_fee: usd('0.35'),
    net_amount: usd('9.65'),
    total_refunded_amount: usd('10.00'),
  },
  custom_id: REFUND_ID,
  status: 'COMPLETED',
  create_time: CREATED,
  update_time: CREATED,
  links: [
    link(`${API}/v2/payments/refunds/${PAYPAL_REFUND}`, 'self'),
    link(`${API}/v2/payments/captures/${CAPTURE}`, 'up'),
  ],
  ...changes,
});

const disputeFixture = (changes: Json = {}): Json => ({
  dispute_id: 'PP-D-27803',
  create_time: CREATED,
  update_time: CREATED,
  disputed_transactions: [
    {
      seller_transaction_id: CAPTURE,
      transaction_status: 'COMPLETED',
      gross_amount: usd('34.99'),
      invoice_number: PAYMENT_ID,
      custom: ORDER_ID,
    },
  ],
  reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
  status: 'OPEN',
  dispute_amount: usd('34.99'),
  dispute_life_cycle_stage: 'INQUIRY',
  dispute_channel: 'INTERNAL',
  links: [link(`${API}/v1/customer/disputes/PP-D-27803`, 'self')],
  ...changes,
});

const EVENT_ID = 'WH-58D329510W468432D-8HN650336L201105X';
const event = (type: string, resource: unknown, changes: Json = {}): Json => ({
  id: EVENT_ID,
  event_version: '1.0',
  create_time: CREATED,
  resource_type: 'capture',
  resource_version: '2.0',
  event_type: type,
  summary: 'An event',
  resource,
  links: [link(`${API}/v1/notifications/webhooks-events/${EVENT_ID}`, 'self')],
  ...changes,
});

const receive = (body: unknown) => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return receivePayPalEvent(Buffer.from(raw), JSON.parse(raw));
};
const hashId = (raw: string) => `unusable_${createHash('sha256').update(raw).digest('hex').slice(0, 40)}`;
const order = (value: Json) => orderToCheckout(PayPalFields.of(value, 'order'));

describe('receivePayPalEvent', () => {
  it('reads CHECKOUT.ORDER.APPROVED as an approved checkout orderpay must still capture', () => {
    expect(receive(event('CHECKOUT.ORDER.APPROVED', orderFixture()))).toEqual({
      event: {
        id: EVENT_ID,
        providerType: 'CHECKOUT.ORDER.APPROVED',
        createdAt: new Date(CREATED),
        kind: 'checkout.approved',
        checkout: {
          sessionId: PAYPAL_ORDER,
          status: 'approved',
          paymentStatus: 'unpaid',
          amountTotal: 3499,
          currency: 'usd',
          paymentIntentId: null,
          orderId: ORDER_ID,
          paymentId: PAYMENT_ID,
        },
      },
      payload: expect.objectContaining({ id: EVENT_ID }),
    });
  });

  it('reads PAYMENT.CAPTURE.COMPLETED as a completed, paid checkout of the capture’s order', () => {
    expect(receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture())).event).toEqual({
      id: EVENT_ID,
      providerType: 'PAYMENT.CAPTURE.COMPLETED',
      createdAt: new Date(CREATED),
      kind: 'checkout.completed',
      checkout: {
        sessionId: PAYPAL_ORDER,
        status: 'complete',
        paymentStatus: 'paid',
        amountTotal: 3499,
        currency: 'usd',
        paymentIntentId: CAPTURE,
        orderId: ORDER_ID,
        paymentId: PAYMENT_ID,
      },
    });
  });

  it('reads PAYMENT.CAPTURE.PENDING as a completed checkout not paid yet', () => {
    const pending = captureFixture({ status: 'PENDING', status_details: { reason: 'ECHECK' } });
    delete pending.seller_receivable_breakdown;
    expect(receive(event('PAYMENT.CAPTURE.PENDING', pending)).event).toMatchObject({
      kind: 'checkout.completed',
      checkout: { sessionId: PAYPAL_ORDER, status: 'complete', paymentStatus: 'unpaid', paymentIntentId: CAPTURE },
    });
  });

  it.each([
    ['PAYMENT.CAPTURE.DENIED', 'DECLINED'],
    ['PAYMENT.CAPTURE.DECLINED', 'DECLINED'],
    ['PAYMENT.CAPTURE.DENIED', 'FAILED'],
  ])('reads %s (capture %s) as a failed payment: no money moved', (type, status) => {
    expect(receive(event(type, captureFixture({ status }))).event).toMatchObject({
      providerType: type,
      kind: 'checkout.async_payment_failed',
      checkout: { sessionId: PAYPAL_ORDER, status: 'complete', paymentStatus: 'failed', paymentIntentId: CAPTURE },
    });
  });

  it('reads a capture status it does not know as the answer that moves no money', () => {
    expect(receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ status: 'ON_HOLD' }))).event).toMatchObject({
      checkout: { paymentStatus: 'unpaid' },
    });
  });

  it('reads a capture that was refunded since as still paid', () => {
    for (const status of ['PARTIALLY_REFUNDED', 'REFUNDED']) {
      expect(receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ status }))).event).toMatchObject({
        checkout: { paymentStatus: 'paid' },
      });
    }
  });

  describe('refunds', () => {
    it.each(['PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED'])(
      'reads %s as refund.updated of the capture its `up` link names',
      (type) => {
        expect(receive(event(type, refundFixture())).event).toEqual({
          id: EVENT_ID,
          providerType: type,
          createdAt: new Date(CREATED),
          kind: 'refund.updated',
          refund: {
            provider: 'paypal',
            providerRefundId: PAYPAL_REFUND,
            paymentIntentId: CAPTURE,
            amount: 1000,
            currency: 'usd',
            status: 'succeeded',
            failureReason: null,
            refundId: REFUND_ID,
          },
        });
      },
    );

    it('reads a reversal (PayPal’s own refund, no custom_id) as a refund orderpay did not ask for', () => {
      const reversal = refundFixture({ note_to_payer: 'Payment reversed' });
      delete reversal.custom_id;
      expect(receive(event('PAYMENT.CAPTURE.REVERSED', reversal)).event).toMatchObject({
        kind: 'refund.updated',
        refund: { paymentIntentId: CAPTURE, refundId: null },
      });
    });

    it('takes refundId from custom_id only when it is a UUID', () => {
      for (const customId of ['INVOICE-123', `refund_${REFUND_ID}`, '', null]) {
        expect(receive(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ custom_id: customId }))).event).toMatchObject({
          refund: { refundId: null },
        });
      }
    });

    it('finds the capture in supplementary_data when there is no `up` link, else reads none', () => {
      const related = { related_ids: { order_id: PAYPAL_ORDER, capture_id: '2GG279541U471931P' } };
      const selfOnly = [link(`${API}/v2/payments/refunds/${PAYPAL_REFUND}`, 'self')];
      expect(
        receive(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ links: selfOnly, supplementary_data: related })))
          .event,
      ).toMatchObject({ refund: { paymentIntentId: '2GG279541U471931P' } });
      // Both: the `up` link wins.
      expect(
        receive(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ supplementary_data: related }))).event,
      ).toMatchObject({ refund: { paymentIntentId: CAPTURE } });
      expect(receive(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ links: selfOnly }))).event).toMatchObject({
        refund: { paymentIntentId: null },
      });
    });

    it.each([
      ['COMPLETED', 'succeeded'],
      ['PENDING', 'pending'],
      ['FAILED', 'failed'],
      ['CANCELLED', 'canceled'],
      ['ON_HOLD', 'pending'],
      [null, 'pending'],
    ])('reads refund status %s as %s', (status, expected) => {
      expect(receive(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ status }))).event).toMatchObject({
        refund: { status: expected },
      });
    });

    it('keeps the reason PayPal gives for a pending or failed refund', () => {
      const failed = refundFixture({ status: 'FAILED', status_details: { reason: 'ECHECK' } });
      expect(receive(event('PAYMENT.CAPTURE.REFUNDED', failed)).event).toMatchObject({
        refund: { status: 'failed', failureReason: 'ECHECK' },
      });
    });
  });

  describe('disputes', () => {
    it('reads CUSTOMER.DISPUTE.CREATED with the capture it disputes', () => {
      expect(
        receive(
          event('CUSTOMER.DISPUTE.CREATED', disputeFixture(), { resource_type: 'dispute', resource_version: '1.0' }),
        ).event,
      ).toEqual({
        id: EVENT_ID,
        providerType: 'CUSTOMER.DISPUTE.CREATED',
        createdAt: new Date(CREATED),
        kind: 'dispute.created',
        dispute: {
          provider: 'paypal',
          disputeId: 'PP-D-27803',
          paymentIntentId: CAPTURE,
          chargeId: null,
          amount: 3499,
          currency: 'usd',
          reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
          status: 'OPEN',
        },
      });
    });

    it('reads a dispute naming no transaction (or none by id) with no payment', () => {
      for (const transactions of [undefined, [], [{ buyer_transaction_id: '4MW805572N795704B' }]]) {
        expect(
          receive(event('CUSTOMER.DISPUTE.CREATED', disputeFixture({ disputed_transactions: transactions }))).event,
        ).toMatchObject({ kind: 'dispute.created', dispute: { paymentIntentId: null } });
      }
    });

    it('refuses a dispute without its amount, reason or status', () => {
      expect(
        receive(event('CUSTOMER.DISPUTE.CREATED', disputeFixture({ dispute_amount: undefined }))).event,
      ).toMatchObject({ kind: 'unusable', reason: 'event.resource.dispute_amount must be an object' });
      expect(receive(event('CUSTOMER.DISPUTE.CREATED', disputeFixture({ reason: 7 }))).event).toMatchObject({
        kind: 'unusable',
        reason: 'event.resource.reason must be text of at most 200 characters, without NUL or unpaired surrogates',
      });
    });
  });

  describe('other event types', () => {
    it.each([
      'PAYMENT.AUTHORIZATION.CREATED',
      'CHECKOUT.ORDER.COMPLETED',
      'CHECKOUT.ORDER.VOIDED',
      'CUSTOMER.DISPUTE.RESOLVED',
      'CUSTOMER.DISPUTE.UPDATED',
      'PAYMENT.REFUND.PENDING',
      'CONSTRUCTOR',
      'TO_STRING',
    ])('reads %s as unsupported, without reading its resource', (type) => {
      expect(receive(event(type, { anything: ['PayPal', 'sends'] })).event).toEqual({
        id: EVENT_ID,
        providerType: type,
        createdAt: new Date(CREATED),
        kind: 'unsupported',
      });
    });

    it('reads the example event of PayPal’s verify-webhook-signature document as unsupported', () => {
      // notifications_webhooks_v1.json, verify_webhook_signature example (a v1 authorization).
      const example = {
        id: '8PT597110X687430LKGECATA',
        create_time: '2013-06-25T21:41:28Z',
        resource_type: 'authorization',
        event_type: 'PAYMENT.AUTHORIZATION.CREATED',
        summary: 'A payment authorization was created',
        resource: {
          id: '2DC87612EK520411B',
          state: 'authorized',
          amount: { total: '7.47', currency: 'USD', details: { subtotal: '7.47' } },
          parent_payment: 'PAY-36246664YD343335CKHFA4AY',
        },
      };
      expect(receive(example).event).toEqual({
        id: '8PT597110X687430LKGECATA',
        providerType: 'PAYMENT.AUTHORIZATION.CREATED',
        createdAt: new Date('2013-06-25T21:41:28Z'),
        kind: 'unsupported',
      });
    });
  });

  it('dates an event whose create_time it cannot read as now', () => {
    const before = Date.now();
    const { event: read } = receive(event('CHECKOUT.ORDER.APPROVED', orderFixture(), { create_time: 'yesterday' }));
    expect(read.kind).toBe('checkout.approved');
    expect(read.createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  describe('unusable bodies', () => {
    it('keeps a body that is not an object under a hash of its bytes', () => {
      for (const raw of ['["WH-1"]', '"WH-1"', '42', 'null']) {
        expect(receive(raw)).toEqual({
          event: {
            id: hashId(raw),
            providerType: '(none)',
            createdAt: expect.any(Date),
            kind: 'unusable',
            reason: 'event must be an object',
          },
          payload: JSON.parse(raw),
        });
      }
    });

    it('keeps an event without a usable id under a hash of its bytes, with its type', () => {
      for (const id of [undefined, '', 'WH 1', 'WH-1/../x', 42]) {
        const body = event('PAYMENT.CAPTURE.COMPLETED', captureFixture(), { id });
        const raw = JSON.stringify(body);
        expect(receive(raw).event).toMatchObject({
          id: hashId(raw),
          providerType: 'PAYMENT.CAPTURE.COMPLETED',
          kind: 'unusable',
          reason: 'event.id must be a PayPal id',
        });
      }
    });

    it('keeps an event with a usable id under that id, so redeliveries dedupe, naming the field', () => {
      const broken = captureFixture();
      delete broken.amount;
      expect(receive(event('PAYMENT.CAPTURE.COMPLETED', broken)).event).toMatchObject({
        id: EVENT_ID,
        providerType: 'PAYMENT.CAPTURE.COMPLETED',
        kind: 'unusable',
        reason: 'event.resource.amount must be an object',
      });
      expect(
        receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ supplementary_data: {} }))).event,
      ).toMatchObject({
        id: EVENT_ID,
        kind: 'unusable',
        reason: 'event.resource.supplementary_data.related_ids must be an object',
      });
      expect(receive(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ amount: usd('1.005') }))).event).toMatchObject({
        id: EVENT_ID,
        kind: 'unusable',
        reason: 'event.resource.amount.value must be a decimal amount in usd',
      });
      expect(receive(event('CHECKOUT.ORDER.APPROVED', 'an order')).event).toMatchObject({
        id: EVENT_ID,
        kind: 'unusable',
        reason: 'event.resource must be an object',
      });
    });

    it.each([['payment.capture.completed'], ['PAYMENT CAPTURE'], ['PAYMENT.CAPTURE.COMPLETED\n'], ['']])(
      'refuses the event type %j PayPal never sends',
      (type) => {
        expect(receive(event(type, captureFixture())).event).toMatchObject({
          id: EVENT_ID,
          kind: 'unusable',
          reason: 'event.event_type must be a PayPal event type (A-Z, 0-9, _, - and .)',
        });
      },
    );

    it('reads a real PayPal type with a hyphen as one orderpay does not handle, not as unusable', () => {
      for (const type of ['CHECKOUT.PAYMENT-APPROVAL.REVERSED', 'VAULT.PAYMENT-TOKEN.CREATED'])
        expect(receive(event(type, captureFixture())).event).toMatchObject({ kind: 'unsupported', providerType: type });
    });

    it('refuses an event without a type, or with one too long, keeping no type', () => {
      expect(receive(event('X', captureFixture(), { event_type: undefined })).event).toMatchObject({
        id: EVENT_ID,
        providerType: '(none)',
        kind: 'unusable',
        reason: 'event.event_type must be text of at most 100 characters, without NUL or unpaired surrogates',
      });
      const long = 'A'.repeat(150);
      expect(receive(event(long, captureFixture())).event).toMatchObject({
        providerType: 'A'.repeat(100),
        kind: 'unusable',
      });
    });

    it(`refuses an event nested deeper than ${MAX_EVENT_DEPTH} levels, and stores a copy that fits`, () => {
      let deep: Json = { end: true };
      for (let level = 0; level < 70; level++) deep = { deeper: deep };
      const received = receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ extra: deep })));
      expect(received.event).toMatchObject({
        id: EVENT_ID,
        providerType: 'PAYMENT.CAPTURE.COMPLETED',
        kind: 'unusable',
        reason: 'the event is nested deeper than 64 levels',
      });
      expect(JSON.stringify(received.payload)).not.toContain('"end":true');
      expect(JSON.stringify(received.payload)).toContain('[nested too deep: not kept]');
    });

    it('keeps a too-deep body without a usable id under a hash of its bytes', () => {
      let deep: unknown = 'end';
      for (let level = 0; level < 70; level++) deep = [deep];
      const raw = JSON.stringify(deep);
      expect(receive(raw).event).toMatchObject({ id: hashId(raw), providerType: '(none)', kind: 'unusable' });
    });

    it('reads an event nested about 60 levels deep like any other', () => {
      let deep: Json = { end: true };
      for (let level = 0; level < 55; level++) deep = { deeper: deep };
      expect(receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ extra: deep }))).event.kind).toBe(
        'checkout.completed',
      );
    });

    it('refuses NUL in a field it reads, and stores a copy PostgreSQL accepts', () => {
      const received = receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ status: 'COMPLETED\u0000' })));
      expect(received.event).toMatchObject({
        id: EVENT_ID,
        kind: 'unusable',
        reason: 'event.resource.status must be text of at most 40 characters, without NUL or unpaired surrogates',
      });
      expect(JSON.stringify(received.payload)).not.toContain('\\u0000');
      expect((received.payload as { resource: Json }).resource.status).toBe('COMPLETED\ufffd');
    });

    it('reads an event with NUL or an unpaired surrogate only where it does not look, storing a clean copy', () => {
      const received = receive(
        event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ note: 'a\ud800b' }), {
          summary: 'Payment\u0000 completed',
        }),
      );
      expect(received.event.kind).toBe('checkout.completed');
      expect(received.payload).toMatchObject({ summary: 'Payment\ufffd completed', resource: { note: 'a\ufffdb' } });
    });

    it('reads a NUL in our ids as not ours, and in the event type as a refused type', () => {
      expect(
        receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ custom_id: `${ORDER_ID}\u0000` }))).event,
      ).toMatchObject({ kind: 'checkout.completed', checkout: { orderId: null } });
      expect(receive(event('PAYMENT.CAPTURE.COMPLETED\u0000', captureFixture())).event).toMatchObject({
        id: EVENT_ID,
        providerType: 'PAYMENT.CAPTURE.COMPLETED\ufffd',
        kind: 'unusable',
      });
    });

    it('keeps the parsed body itself as the payload when nothing in it needs replacing', () => {
      const parsed = event('PAYMENT.CAPTURE.COMPLETED', captureFixture());
      expect(receivePayPalEvent(Buffer.from(JSON.stringify(parsed)), parsed).payload).toBe(parsed);
    });
  });
});

describe('orderToCheckout', () => {
  it.each([
    ['CREATED', 'open'],
    ['SAVED', 'open'],
    ['PAYER_ACTION_REQUIRED', 'open'],
    ['APPROVED', 'approved'],
    ['COMPLETED', 'complete'],
    ['VOIDED', 'expired'],
    ['SOMETHING_NEW', 'open'],
  ])('reads order status %s as %s', (status, expected) => {
    expect(order(orderFixture({ status }))).toMatchObject({ status: expected, paymentStatus: 'unpaid' });
  });

  it.each([
    ['COMPLETED', 'paid'],
    ['PARTIALLY_REFUNDED', 'paid'],
    ['REFUNDED', 'paid'],
    ['PENDING', 'unpaid'],
    ['DECLINED', 'failed'],
    ['FAILED', 'failed'],
    ['SOMETHING_NEW', 'unpaid'],
  ])('reads a completed order whose capture is %s as %s', (status, expected) => {
    const captured = orderFixture({ status: 'COMPLETED' }, { payments: { captures: [captureFixture({ status })] } });
    expect(order(captured)).toMatchObject({ status: 'complete', paymentStatus: expected, paymentIntentId: CAPTURE });
  });

  it('reads an order before capture with the purchase unit’s amount and our ids', () => {
    expect(order(orderFixture({ status: 'PAYER_ACTION_REQUIRED' }))).toEqual({
      sessionId: PAYPAL_ORDER,
      status: 'open',
      paymentStatus: 'unpaid',
      amountTotal: 3499,
      currency: 'usd',
      paymentIntentId: null,
      orderId: ORDER_ID,
      paymentId: PAYMENT_ID,
    });
  });

  it('takes the amount from the capture when there is one, the last one if several', () => {
    const captures = [
      captureFixture({ id: 'FIRSTCAPTURE00001', amount: usd('5.00') }),
      captureFixture({ id: 'LASTCAPTURE000001', amount: { currency_code: 'EUR', value: '30.00' } }),
    ];
    expect(order(orderFixture({ status: 'COMPLETED' }, { payments: { captures } }))).toMatchObject({
      amountTotal: 3000,
      currency: 'eur',
      paymentIntentId: 'LASTCAPTURE000001',
    });
  });

  it('reads an order without an amount, or without captures yet, as it stands', () => {
    expect(order(orderFixture({}, { amount: undefined }))).toMatchObject({ amountTotal: null, currency: null });
    expect(order(orderFixture({}, { payments: {} }))).toMatchObject({ amountTotal: 3499, paymentIntentId: null });
    expect(order(orderFixture({}, { payments: { captures: [] } }))).toMatchObject({ paymentIntentId: null });
  });

  it('reads custom_id and invoice_id as orderId and paymentId only when they are UUIDs', () => {
    expect(order(orderFixture({}, { custom_id: 'ORDER-1', invoice_id: 'INVOICE-123' }))).toMatchObject({
      orderId: null,
      paymentId: null,
    });
    expect(order(orderFixture({}, { custom_id: undefined, invoice_id: undefined }))).toMatchObject({
      orderId: null,
      paymentId: null,
    });
    expect(order(orderFixture({}, { custom_id: PAYMENT_ID, invoice_id: ORDER_ID }))).toMatchObject({
      orderId: PAYMENT_ID,
      paymentId: ORDER_ID,
    });
  });

  it('reads HUF and JPY amounts in orderpay’s minor units', () => {
    const huf = { currency_code: 'HUF', value: '1500' };
    expect(order(orderFixture({}, { amount: huf }))).toMatchObject({ amountTotal: 150_000, currency: 'huf' });
    const jpy = { currency_code: 'JPY', value: '1500' };
    expect(order(orderFixture({}, { amount: jpy }))).toMatchObject({ amountTotal: 1500, currency: 'jpy' });
  });

  it('refuses an order it cannot read, naming the field', () => {
    const refused = (value: Json) => {
      try {
        order(value);
      } catch (error) {
        expect(error).toBeInstanceOf(UnusablePayPalObjectError);
        return (error as Error).message;
      }
      throw new Error('expected the order to be refused');
    };
    expect(refused(orderFixture({ purchase_units: [] }))).toBe('order.purchase_units.0 must be an object');
    expect(refused(orderFixture({ purchase_units: undefined }))).toBe('order.purchase_units.0 must be an object');
    expect(refused(orderFixture({ id: 'not an id' }))).toBe('order.id must be a PayPal id');
    expect(refused(orderFixture({ status: undefined }))).toBe(
      'order.status must be text of at most 40 characters, without NUL or unpaired surrogates',
    );
    expect(refused(orderFixture({}, { payments: { captures: [{ id: CAPTURE, status: 'COMPLETED' }] } }))).toBe(
      'order.purchase_units.0.payments.captures.0.amount must be an object',
    );
    expect(refused(orderFixture({}, { payments: { captures: 'none' } }))).toBe(
      'order.purchase_units.0.payments.captures must be a list',
    );
  });
});

describe('captureToCheckout / toRefundSnapshot (API answers)', () => {
  it('reads a capture read by id like its webhook', () => {
    expect(captureToCheckout(PayPalFields.of(captureFixture(), 'capture'))).toMatchObject({
      sessionId: PAYPAL_ORDER,
      status: 'complete',
      paymentStatus: 'paid',
      paymentIntentId: CAPTURE,
      orderId: ORDER_ID,
      paymentId: PAYMENT_ID,
    });
  });

  it('reads a refund answer like its webhook', () => {
    expect(toRefundSnapshot(PayPalFields.of(refundFixture({ status: 'PENDING' }), 'refund'))).toEqual({
      provider: 'paypal',
      providerRefundId: PAYPAL_REFUND,
      paymentIntentId: CAPTURE,
      amount: 1000,
      currency: 'usd',
      status: 'pending',
      failureReason: null,
      refundId: REFUND_ID,
    });
  });
});

describe('readStoredPayPalEvent', () => {
  it('reads a stored event again', () => {
    expect(readStoredPayPalEvent(event('PAYMENT.CAPTURE.COMPLETED', captureFixture()))).toMatchObject({
      id: EVENT_ID,
      kind: 'checkout.completed',
      checkout: { paymentIntentId: CAPTURE },
    });
    expect(readStoredPayPalEvent(event('CUSTOMER.DISPUTE.UPDATED', {}))).toMatchObject({ kind: 'unsupported' });
  });

  it('reads one it cannot use as unusable, under its own id when it has one', () => {
    expect(readStoredPayPalEvent(event('PAYMENT.CAPTURE.REFUNDED', refundFixture({ amount: usd('-1.00') })))).toEqual({
      id: EVENT_ID,
      providerType: 'PAYMENT.CAPTURE.REFUNDED',
      createdAt: expect.any(Date),
      kind: 'unusable',
      reason: 'event.resource.amount.value must be a decimal amount in usd',
    });
    const anonymous = event('PAYMENT.CAPTURE.COMPLETED', captureFixture(), { id: undefined });
    expect(readStoredPayPalEvent(anonymous)).toMatchObject({
      id: hashId(JSON.stringify(anonymous)),
      kind: 'unusable',
      reason: 'event.id must be a PayPal id',
    });
  });

  it('reads the stored copy of a too-deep event without throwing: the cut is where no reader looks', () => {
    let deep: Json = { end: true };
    for (let level = 0; level < 70; level++) deep = { deeper: deep };
    const { event: first, payload } = receive(event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ extra: deep })));
    expect(first.kind).toBe('unusable');
    // As on the Stripe side: the kept copy (deep part replaced by a marker) is a readable event.
    expect(readStoredPayPalEvent(payload)).toMatchObject({ id: EVENT_ID, kind: 'checkout.completed' });
  });

  it('reads a stored event whose money is not a decimal string as unusable, not as an error', () => {
    const stored = event('PAYMENT.CAPTURE.COMPLETED', captureFixture({ amount: { currency_code: 'USD', value: {} } }));
    expect(readStoredPayPalEvent(stored)).toMatchObject({
      id: EVENT_ID,
      kind: 'unusable',
      reason: 'event.resource.amount.value must be text of at most 32 characters, without NUL or unpaired surrogates',
    });
  });
});

describe('the stand-in’s shapes', () => {
  /** The project's PayPal stand-in renders what PayPal sends; each event it makes must map. */
  const urls = { api: () => 'http://127.0.0.1:4010', web: () => 'http://127.0.0.1:4010' };
  const now = Date.parse(CREATED);

  function world(captureStatus: 'COMPLETED' | 'PENDING' | 'DECLINED' = 'COMPLETED') {
    const state = new PayPalState();
    state.orders.set(PAYPAL_ORDER, {
      id: PAYPAL_ORDER,
      status: 'COMPLETED',
      createdAt: now,
      updatedAt: now,
      unit: {
        reference_id: 'default',
        amount: { ...usd('34.99'), breakdown: { item_total: usd('34.99') } },
        currency: 'USD',
        minor: 3499,
        custom_id: ORDER_ID,
        invoice_id: PAYMENT_ID,
      },
      viaPaymentSource: true,
      payerId: 'QYR5Z8XDVJNXQ',
      captureId: CAPTURE,
    });
    state.captures.set(CAPTURE, {
      id: CAPTURE,
      orderId: PAYPAL_ORDER,
      status: captureStatus,
      reason: captureStatus === 'PENDING' ? 'ECHECK' : undefined,
      currency: 'USD',
      minor: 3499,
      refundedMinor: 1000,
      createdAt: now,
      updatedAt: now,
    });
    state.refunds.set(PAYPAL_REFUND, {
      id: PAYPAL_REFUND,
      captureId: CAPTURE,
      status: 'COMPLETED',
      currency: 'USD',
      minor: 1000,
      totalRefundedMinor: 1000,
      customId: REFUND_ID,
      reversal: false,
      createdAt: now,
      updatedAt: now,
    });
    state.disputes.set('PP-D-000042', {
      id: 'PP-D-000042',
      captureId: CAPTURE,
      currency: 'USD',
      minor: 3499,
      reason: 'UNAUTHORISED',
      createdAt: now,
    });
    return state;
  }
  const deliver = (type: PayPalEventType, resource: Json) =>
    receive(JSON.parse(JSON.stringify(newPayPalEvent(type, resource, now, urls))) as Json).event;

  it('reads the approved order, with our ids', () => {
    const state = world();
    const approved = { ...state.orders.get(PAYPAL_ORDER)!, status: 'APPROVED' as const, captureId: undefined };
    expect(deliver('CHECKOUT.ORDER.APPROVED', renderOrder(state, approved, urls))).toMatchObject({
      kind: 'checkout.approved',
      checkout: {
        sessionId: PAYPAL_ORDER,
        status: 'approved',
        amountTotal: 3499,
        orderId: ORDER_ID,
        paymentId: PAYMENT_ID,
      },
    });
  });

  it.each([
    ['PAYMENT.CAPTURE.COMPLETED', 'COMPLETED', 'checkout.completed', 'paid'],
    ['PAYMENT.CAPTURE.PENDING', 'PENDING', 'checkout.completed', 'unpaid'],
    ['PAYMENT.CAPTURE.DENIED', 'DECLINED', 'checkout.async_payment_failed', 'failed'],
  ] as const)('reads %s', (type, status, kind, paymentStatus) => {
    const state = world(status);
    expect(deliver(type, renderCapture(state, state.captures.get(CAPTURE)!, urls))).toMatchObject({
      kind,
      checkout: { sessionId: PAYPAL_ORDER, paymentStatus, paymentIntentId: CAPTURE, orderId: ORDER_ID },
    });
  });

  it('reads refunds and reversals, and the completed order with its refunds', () => {
    const state = world();
    const refund = state.refunds.get(PAYPAL_REFUND)!;
    expect(deliver('PAYMENT.CAPTURE.REFUNDED', renderRefund(state, refund, urls))).toMatchObject({
      kind: 'refund.updated',
      refund: { providerRefundId: PAYPAL_REFUND, paymentIntentId: CAPTURE, amount: 1000, refundId: REFUND_ID },
    });
    const reversal = { ...refund, customId: undefined, reversal: true };
    expect(deliver('PAYMENT.CAPTURE.REVERSED', renderRefund(state, reversal, urls))).toMatchObject({
      kind: 'refund.updated',
      refund: { paymentIntentId: CAPTURE, refundId: null },
    });
    expect(order(renderOrder(state, state.orders.get(PAYPAL_ORDER)!, urls))).toMatchObject({
      status: 'complete',
      paymentStatus: 'paid',
      paymentIntentId: CAPTURE,
    });
  });

  it('reads the dispute', () => {
    const state = world();
    expect(
      deliver('CUSTOMER.DISPUTE.CREATED', renderDispute(state, state.disputes.get('PP-D-000042')!, urls)),
    ).toMatchObject({
      kind: 'dispute.created',
      dispute: { disputeId: 'PP-D-000042', paymentIntentId: CAPTURE, amount: 3499, reason: 'UNAUTHORISED' },
    });
  });
});

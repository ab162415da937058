import { createHash } from 'node:crypto';
import { stripeFixture } from '../../../stripe-emulator/testing/stripe-fixtures';
import { readStoredStripeEvent, receiveStripeEvent } from './stripe-events';

/**
 * Reading a signed body into the event its handler applies, or into an `unusable` one with the
 * reason (stored and answered 2xx, since no retry can fix it). Signature checks are in
 * stripe.provider.spec.ts; this is what comes after.
 */
type Json = Record<string, unknown>;
const ORDER_ID = '0d9f2f1e-5a3b-4c1d-8e2f-1a2b3c4d5e6f';
const REFUND_ID = '5a0b6c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d';

const event = (type: string, object: Json, changes: Json = {}): Json => ({
  id: 'evt_1',
  object: 'event',
  created: 1_700_000_000,
  type,
  data: { object },
  ...changes,
});
const receive = (body: unknown) =>
  receiveStripeEvent(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));
const session = (changes: Json = {}): Json => ({ ...structuredClone(stripeFixture('checkout.session')), ...changes });
const refund = (changes: Json = {}): Json => ({ ...structuredClone(stripeFixture('refund')), ...changes });

describe('receiveStripeEvent', () => {
  describe('checkout sessions', () => {
    it.each([
      ['expired', 'unpaid'],
      ['complete', 'no_payment_required'],
      ['complete', 'paid'],
    ])('reads status %s and payment_status %s as Stripe sent them', (status, paymentStatus) => {
      const { event: read } = receive(
        event('checkout.session.expired', session({ status, payment_status: paymentStatus })),
      );
      expect(read).toMatchObject({
        id: 'evt_1',
        kind: 'checkout.expired',
        createdAt: new Date(1_700_000_000_000),
        checkout: { status, paymentStatus },
      });
    });
  });

  it('reads a status it does not know, or none, as the answer that moves no money', () => {
    expect(
      receive(event('checkout.session.completed', session({ status: null, payment_status: 'later' }))).event,
    ).toMatchObject({
      checkout: { status: 'open', paymentStatus: 'unpaid' },
    });
    expect(receive(event('refund.updated', refund({ status: 'reviewing' }))).event).toMatchObject({
      refund: { status: 'pending' },
    });
  });

  describe('refunds', () => {
    it('reads a refund event with the refund orderpay asked for, from its metadata', () => {
      const { event: read } = receive(
        event('refund.failed', refund({ id: 're_9', status: 'failed', metadata: { refundId: REFUND_ID } })),
      );
      expect(read).toMatchObject({
        kind: 'refund.updated',
        refund: { provider: 'stripe', providerRefundId: 're_9', status: 'failed', refundId: REFUND_ID },
      });
    });

    it('reads a refund without metadata, or with null metadata, as made outside orderpay', () => {
      for (const metadata of [null, undefined, {}]) {
        const { event: read } = receive(event('refund.updated', refund({ metadata })));
        expect(read).toMatchObject({ kind: 'refund.updated', refund: { refundId: null } });
      }
    });

    it('reads a charge.refunded with its listed refunds, and names the listed refund it cannot read', () => {
      const charge = {
        id: 'ch_1',
        object: 'charge',
        payment_intent: 'pi_1',
        currency: 'usd',
        amount_refunded: 500,
        refunds: { object: 'list', data: [refund({ id: 're_1', amount: 500 })] },
      };
      expect(receive(event('charge.refunded', charge)).event).toMatchObject({
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          paymentIntentId: 'pi_1',
          amountRefunded: 500,
          refunds: [{ providerRefundId: 're_1' }],
        },
      });
      const broken = { ...charge, refunds: { object: 'list', data: [refund({ id: 're_1' }), refund({ amount: 0 })] } };
      expect(receive(event('charge.refunded', broken)).event).toMatchObject({
        kind: 'unusable',
        reason: 'event.data.object.refunds.data.1.amount must be a whole number of minor units from 1 to 2147483647',
      });
    });
  });

  it('reads a dispute as Stripe’s', () => {
    const dispute = {
      id: 'du_1',
      object: 'dispute',
      payment_intent: 'pi_1',
      charge: 'ch_1',
      amount: 1000,
      currency: 'usd',
      reason: 'fraudulent',
      status: 'needs_response',
    };
    expect(receive(event('charge.dispute.created', dispute)).event).toMatchObject({
      kind: 'dispute.created',
      dispute: { provider: 'stripe', disputeId: 'du_1', reason: 'fraudulent', status: 'needs_response' },
    });
  });

  describe('unusable bodies', () => {
    it('keeps a body that is not an object under a hash of its bytes, naming what is wrong', () => {
      const body = '["evt_1"]';
      expect(receive(body).event).toMatchObject({
        id: `unusable_${createHash('sha256').update(body).digest('hex').slice(0, 40)}`,
        providerType: '(none)',
        kind: 'unusable',
        reason: 'event must be an object',
      });
    });

    it('refuses a type Stripe never sends, and keeps it under the event id', () => {
      expect(receive(event('Checkout.Session.Completed', session())).event).toMatchObject({
        id: 'evt_1',
        providerType: 'Checkout.Session.Completed',
        kind: 'unusable',
        reason: 'event.type must be a Stripe event type (a-z, 0-9, _ and .)',
      });
    });

    it('refuses an event nested deeper than 64 levels, and stores a copy that fits', () => {
      let deep: Json = { end: true };
      for (let level = 0; level < 70; level++) deep = { deeper: deep };
      const received = receive(event('checkout.session.completed', session({ metadata: deep })));
      expect(received.event).toMatchObject({
        id: 'evt_1',
        kind: 'unusable',
        reason: 'the event is nested deeper than 64 levels',
      });
      expect(JSON.stringify(received.payload)).not.toContain('"end":true');
    });

    it('reads an event nested about 60 levels deep like any other', () => {
      let deep: Json = { orderId: ORDER_ID };
      for (let level = 0; level < 55; level++) deep = { deeper: deep };
      expect(receive(event('checkout.session.completed', session({ custom: deep }))).event.kind).toBe(
        'checkout.completed',
      );
    });
  });

  describe('readStoredStripeEvent', () => {
    it('reads a stored event again, and one it cannot use as unusable under its own id', () => {
      expect(readStoredStripeEvent(event('checkout.session.completed', session()))).toMatchObject({
        id: 'evt_1',
        kind: 'checkout.completed',
      });
      expect(readStoredStripeEvent(event('refund.updated', refund({ amount: -1 })))).toMatchObject({
        id: 'evt_1',
        providerType: 'refund.updated',
        kind: 'unusable',
        reason: 'event.data.object.amount must be a whole number of minor units from 1 to 2147483647',
      });
    });
  });
});

import Stripe from 'stripe';
import { loadConfig } from '../../../config/app-config';
import { stripeFixture } from '../../../stripe-emulator/testing/stripe-fixtures';
import type { CheckoutSnapshot, ProviderEvent, ProviderEventKind } from '../payment-provider';
import { WebhookSignatureError } from '../provider-errors';
import { StripePaymentProvider } from './stripe.provider';

const CURRENT_SECRET = 'whsec_current_secret_aaaaaaaa';
const PREVIOUS_SECRET = 'whsec_previous_secret_bbbbbbbb';
const ORDER_ID = '0d9f2f1e-5a3b-4c1d-8e2f-1a2b3c4d5e6f';
const PAYMENT_ID = '7c6b5a49-3827-4165-a4f3-e2d1c0b9a887';

type Json = Record<string, unknown>;

function buildProvider(): StripePaymentProvider {
  const config = loadConfig({
    NODE_ENV: 'test',
    STRIPE_SECRET_KEY: 'sk_test_x',
    STRIPE_WEBHOOK_SECRET: `${CURRENT_SECRET},${PREVIOUS_SECRET}`,
  });
  return new StripePaymentProvider(config);
}

/** Stripe's fixture Checkout Session, with only the fields a case is about changed. */
function fixtureSession(changes: Json = {}): Json {
  return { ...structuredClone(stripeFixture('checkout.session')), ...changes };
}

/** Stripe's fixture event wrapping `object`, as Stripe would send it. */
function fixtureEvent(type: string, object: Json, changes: Json = {}): Json {
  const event = structuredClone(stripeFixture('event'));
  return { ...event, ...changes, type, data: { ...(event.data as Json), object } };
}

function sign(event: Json, secret = CURRENT_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const payload = JSON.stringify(event, null, 2);
  return {
    body: Buffer.from(payload, 'utf8'),
    header: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
  };
}

function parseSigned(event: Json, secret = CURRENT_SECRET): ProviderEvent {
  const { body, header } = sign(event, secret);
  return buildProvider().parseWebhook(body, header).event;
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe(StripePaymentProvider.name, () => {
  it('should be the provider for paymentMethod "stripe"', () => {
    expect(buildProvider().name).toBe('stripe');
  });

  describe('parseWebhook mapping', () => {
    const CASES: ReadonlyArray<{
      type: string;
      kind: Exclude<ProviderEventKind, 'unsupported'>;
      status: CheckoutSnapshot['status'];
      paymentStatus: CheckoutSnapshot['paymentStatus'];
    }> = [
      { type: 'checkout.session.completed', kind: 'checkout.completed', status: 'complete', paymentStatus: 'paid' },
      {
        type: 'checkout.session.async_payment_succeeded',
        kind: 'checkout.async_payment_succeeded',
        status: 'complete',
        paymentStatus: 'paid',
      },
      {
        type: 'checkout.session.async_payment_failed',
        kind: 'checkout.async_payment_failed',
        status: 'complete',
        paymentStatus: 'unpaid',
      },
      { type: 'checkout.session.expired', kind: 'checkout.expired', status: 'expired', paymentStatus: 'unpaid' },
    ];

    it.each(CASES)('should map $type to $kind with the session snapshot', ({ type, kind, status, paymentStatus }) => {
      const session = fixtureSession({
        id: `cs_test_${kind.replace(/\W/g, '_')}`,
        status,
        payment_status: paymentStatus,
        amount_total: 4599,
        currency: 'usd',
        payment_intent: 'pi_test_string_intent',
        metadata: { orderId: ORDER_ID, paymentId: PAYMENT_ID },
      });
      const event = fixtureEvent(type, session, { id: `evt_test_${kind.replace(/\W/g, '_')}` });

      expect(parseSigned(event)).toEqual({
        id: `evt_test_${kind.replace(/\W/g, '_')}`,
        providerType: type,
        createdAt: new Date((event.created as number) * 1000),
        kind,
        checkout: {
          sessionId: `cs_test_${kind.replace(/\W/g, '_')}`,
          status,
          paymentStatus,
          amountTotal: 4599,
          currency: 'usd',
          paymentIntentId: 'pi_test_string_intent',
          orderId: ORDER_ID,
          paymentId: PAYMENT_ID,
        },
      });
    });

    it('should take the payment intent id from an expanded payment_intent object', () => {
      const paymentIntent = { ...structuredClone(stripeFixture('payment_intent')), id: 'pi_test_expanded_intent' };
      const event = fixtureEvent(
        'checkout.session.completed',
        fixtureSession({
          status: 'complete',
          payment_status: 'paid',
          amount_total: 1200,
          currency: 'usd',
          payment_intent: paymentIntent,
        }),
      );

      const parsed = parseSigned(event);

      expect(parsed.kind).toBe('checkout.completed');
      expect(parsed.kind === 'checkout.completed' && parsed.checkout.paymentIntentId).toBe('pi_test_expanded_intent');
    });

    it('should give a null payment intent id when the session has none', () => {
      const event = fixtureEvent(
        'checkout.session.expired',
        fixtureSession({ status: 'expired', payment_intent: null }),
      );

      const parsed = parseSigned(event);

      expect(parsed).toMatchObject({ kind: 'checkout.expired', checkout: { paymentIntentId: null } });
    });

    it('should give null orderId and paymentId when the metadata has neither (Stripe fixture: metadata {})', () => {
      const session = fixtureSession({ status: 'complete', payment_status: 'paid' });
      expect(session.metadata).toEqual({});

      const parsed = parseSigned(fixtureEvent('checkout.session.completed', session));

      expect(parsed).toMatchObject({ kind: 'checkout.completed', checkout: { orderId: null, paymentId: null } });
    });

    it('should give null orderId and paymentId when the metadata is null', () => {
      const parsed = parseSigned(fixtureEvent('checkout.session.completed', fixtureSession({ metadata: null })));

      expect(parsed).toMatchObject({ kind: 'checkout.completed', checkout: { orderId: null, paymentId: null } });
    });

    it('should pass the fixture session through unchanged: nulls stay null, ids come from Stripe', () => {
      const session = fixtureSession();

      const parsed = parseSigned(fixtureEvent('checkout.session.expired', session));

      expect(parsed).toMatchObject({
        kind: 'checkout.expired',
        checkout: {
          sessionId: session.id,
          status: session.status,
          paymentStatus: session.payment_status,
          amountTotal: null,
          currency: null,
          paymentIntentId: session.payment_intent,
        },
      });
    });

    it('should map an unknown type (the fixture plan.created event) to unsupported with its provider type', () => {
      const event = structuredClone(stripeFixture('event'));

      expect(parseSigned(event)).toEqual({
        id: event.id,
        providerType: 'plan.created',
        createdAt: new Date((event.created as number) * 1000),
        kind: 'unsupported',
      });
    });

    it('should map a non-checkout event carrying a session-like object to unsupported, not to a checkout kind', () => {
      const event = fixtureEvent(
        'checkout.session.created',
        fixtureSession({ metadata: { orderId: ORDER_ID, paymentId: PAYMENT_ID } }),
      );

      const parsed = parseSigned(event);

      expect(parsed).toEqual(
        expect.objectContaining({ kind: 'unsupported', providerType: 'checkout.session.created' }),
      );
      expect(parsed).not.toHaveProperty('checkout');
    });

    it.each(['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated'])(
      'should map %s (the fixture refund) to refund.updated',
      (type) => {
        const refund = {
          ...structuredClone(stripeFixture('refund')),
          id: 're_test_mapped',
          amount: 700,
          status: 'failed',
          failure_reason: 'expired_or_canceled_card',
          payment_intent: 'pi_test_refunded',
          metadata: { refundId: PAYMENT_ID },
        };

        expect(parseSigned(fixtureEvent(type, refund))).toMatchObject({
          providerType: type,
          kind: 'refund.updated',
          refund: {
            providerRefundId: 're_test_mapped',
            paymentIntentId: 'pi_test_refunded',
            amount: 700,
            currency: 'usd',
            status: 'failed',
            failureReason: 'expired_or_canceled_card',
            refundId: PAYMENT_ID,
          },
        });
      },
    );

    it('should give a null refundId for a refund made in the dashboard (fixture metadata {})', () => {
      const parsed = parseSigned(fixtureEvent('refund.updated', structuredClone(stripeFixture('refund'))));

      expect(parsed).toMatchObject({
        kind: 'refund.updated',
        refund: { refundId: null, failureReason: null, paymentIntentId: null },
      });
    });

    it('should map charge.refunded to the refunds listed on the fixture charge', () => {
      const charge = structuredClone(stripeFixture('charge'));
      const refund = {
        ...structuredClone(stripeFixture('refund')),
        id: 're_test_on_charge',
        payment_intent: { id: 'pi_test_expanded' },
      };
      charge.refunds = { ...(charge.refunds as object), data: [refund] };

      const parsed = parseSigned(fixtureEvent('charge.refunded', charge));

      expect(parsed).toMatchObject({
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          currency: charge.currency,
          amountRefunded: charge.amount_refunded,
          refunds: [{ providerRefundId: 're_test_on_charge', paymentIntentId: 'pi_test_expanded' }],
        },
      });
      expect(parsed.kind === 'charge.refunded' && parsed.charge.refunds).toHaveLength(1);
    });

    it('should map charge.refunded without a refunds list to a charge whose refunds must be listed (null), with its refunded total', () => {
      const charge = structuredClone(stripeFixture('charge'));
      delete charge.refunds;

      charge.amount_refunded = 700;
      charge.payment_intent = 'pi_test_listless';

      expect(parseSigned(fixtureEvent('charge.refunded', charge))).toMatchObject({
        kind: 'charge.refunded',
        charge: { paymentIntentId: 'pi_test_listless', amountRefunded: 700, refunds: null },
      });
    });

    it('should map charge.dispute.created (the fixture dispute) to dispute.created', () => {
      const dispute: Json = { ...structuredClone(stripeFixture('dispute')), payment_intent: 'pi_test_disputed' };

      expect(parseSigned(fixtureEvent('charge.dispute.created', dispute))).toMatchObject({
        kind: 'dispute.created',
        dispute: {
          disputeId: dispute.id,
          paymentIntentId: 'pi_test_disputed',
          chargeId: dispute.charge,
          amount: dispute.amount,
          currency: dispute.currency,
          reason: dispute.reason,
          status: dispute.status,
        },
      });
    });

    // Bug: CHECKOUT_EVENT_KINDS is a plain object indexed by the event's type, so inherited names
    // resolve to Object.prototype members: a signed event of type `constructor` comes out with
    // kind = the Object function, and dispatch() then throws "handler is not a function" (a 500,
    // retried by Stripe). Unknown types must map to unsupported (DESIGN: stored ignored, 200).
    it.each(['constructor', '__proto__'])('should map an event of type %s to unsupported', (type) => {
      const parsed = parseSigned(fixtureEvent(type, fixtureSession()));

      expect(parsed.kind).toBe('unsupported');
      expect(parsed).not.toHaveProperty('checkout');
    });
  });

  describe('parseWebhook signature', () => {
    const paidEvent = () =>
      fixtureEvent(
        'checkout.session.completed',
        fixtureSession({ status: 'complete', payment_status: 'paid', amount_total: 999, currency: 'usd' }),
        {
          id: 'evt_test_signature',
        },
      );

    it.each([
      ['the current secret', CURRENT_SECRET],
      ['the previous secret (rotation)', PREVIOUS_SECRET],
    ])('should accept an event signed with %s', (_label, secret) => {
      expect(parseSigned(paidEvent(), secret)).toMatchObject({ id: 'evt_test_signature', kind: 'checkout.completed' });
    });

    it.each([undefined, ''])('should refuse a missing Stripe-Signature header (%p)', (header) => {
      const { body } = sign(paidEvent());

      const error = catchError(() => buildProvider().parseWebhook(body, header));

      expect(error).toBeInstanceOf(WebhookSignatureError);
      expect((error as Error).message).toMatch(/Missing Stripe-Signature/);
    });

    it('should verify a delivery through the port from its lower-case stripe-signature header', async () => {
      const { body, header } = sign(paidEvent());

      const received = await buildProvider().verifyWebhook(body, {
        'content-type': 'application/json',
        'stripe-signature': header,
      });

      expect(received.event).toMatchObject({ id: 'evt_test_signature', kind: 'checkout.completed' });
    });

    it('should reject, not throw, through the port when the header is missing or wrong', async () => {
      const { body, header } = sign(paidEvent(), 'whsec_someone_else_cccccccc');
      const provider = buildProvider();

      await expect(provider.verifyWebhook(body, {})).rejects.toThrow(/Missing Stripe-Signature/);
      await expect(provider.verifyWebhook(body, { 'stripe-signature': header })).rejects.toBeInstanceOf(
        WebhookSignatureError,
      );
      // Another provider's header name is not Stripe's signature.
      await expect(provider.verifyWebhook(body, { 'paypal-transmission-sig': header })).rejects.toThrow(
        /Missing Stripe-Signature/,
      );
    });

    it('should refuse an event signed with a secret that is not configured', () => {
      const { body, header } = sign(paidEvent(), 'whsec_someone_else_cccccccc');

      const error = catchError(() => buildProvider().parseWebhook(body, header));

      expect(error).toBeInstanceOf(WebhookSignatureError);
      expect((error as Error).message).toMatch(/^Invalid Stripe-Signature/);
    });

    it('should refuse a signature older than the 300 s tolerance (a replay)', () => {
      const { body, header } = sign(paidEvent(), CURRENT_SECRET, Math.floor(Date.now() / 1000) - 301 - 5);

      expect(() => buildProvider().parseWebhook(body, header)).toThrow(WebhookSignatureError);
    });

    it('should accept a signature just inside the tolerance', () => {
      const { body, header } = sign(paidEvent(), CURRENT_SECRET, Math.floor(Date.now() / 1000) - 240);

      expect(buildProvider().parseWebhook(body, header).event).toMatchObject({ id: 'evt_test_signature' });
    });

    it('should refuse a body changed after signing', () => {
      const { body, header } = sign(paidEvent());
      const tampered = Buffer.from(body.toString('utf8').replace('"amount_total": 999', '"amount_total": 1'), 'utf8');
      expect(tampered.equals(body)).toBe(false);

      expect(() => buildProvider().parseWebhook(tampered, header)).toThrow(WebhookSignatureError);
    });

    it('should refuse a garbage header', () => {
      const { body } = sign(paidEvent());

      expect(() => buildProvider().parseWebhook(body, 'not-a-signature')).toThrow(WebhookSignatureError);
    });

    it('should verify before parsing: an unsigned non-JSON body is a signature error, not a parse error', () => {
      const header = sign(paidEvent()).header;

      expect(() => buildProvider().parseWebhook(Buffer.from('{not json', 'utf8'), header)).toThrow(
        WebhookSignatureError,
      );
    });
  });
});

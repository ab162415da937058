import Stripe from 'stripe';
import { Harness, startHarness } from './testing/emulator-harness';
import { httpCall, postJson, submitCheckoutPage } from './testing/http-client';
import { referencedId } from './testing/references';
import { missingFixtureKeys } from './testing/stripe-fixtures';
import { waitFor } from './testing/wait-for';

describe('Checkout page', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const successUrlOf = (session: Stripe.Checkout.Session) =>
    `http://localhost:3000/payment/success?orderId=${session.client_reference_id}&session_id=${session.id}`;

  it('should show the line items, their quantities and prices, and the total', async () => {
    const session = await h.createSession();

    const page = await httpCall('GET', session.url!);

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(/T-shirt<\/td>\s*<td class="qty">2 &times; \$15\.00<\/td>\s*<td class="amount">\$30\.00/);
    expect(page.text).toMatch(/Sticker pack<\/td>\s*<td class="qty">1 &times; \$4\.99/);
    expect(page.text).toContain('data-testid="total">$34.99<');
    expect(page.text).toContain('buyer@example.com');
    for (const label of ['Pay', 'Decline', 'Pay later (bank debit: settles or fails after a delay)', 'Cancel']) {
      expect(page.text).toContain(`>${label}</button>`);
    }
  });

  it('should escape what the merchant sent and format zero-decimal currencies', async () => {
    const session = await h.createSession({
      line_items: [
        {
          price_data: { currency: 'jpy', unit_amount: 1500, product_data: { name: '<script>alert(1)</script>' } },
          quantity: 3,
        },
      ],
    });

    const page = await httpCall('GET', session.url!);

    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('data-testid="total">¥4,500<');
  });

  it('should answer 404 for an unknown session', async () => {
    const page = await httpCall('GET', `${h.emulator.url}/c/pay/cs_test_unknown`);
    expect(page.status).toBe(404);
  });

  describe('Pay', () => {
    it('should complete the session, redirect to success_url with the id, and send a signed checkout.session.completed', async () => {
      const session = await h.createSession();

      const answer = await submitCheckoutPage(session.url!, 'pay');

      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(successUrlOf(session));
      const event = await h.waitForEvent('checkout.session.completed');
      const completed = event.data.object as Stripe.Checkout.Session;
      expect(completed).toMatchObject({
        id: session.id,
        status: 'complete',
        payment_status: 'paid',
        amount_total: 3499,
        client_reference_id: session.client_reference_id,
        metadata: session.metadata,
        payment_intent: expect.stringMatching(/^pi_/),
      });
      expect(completed.customer_details?.email).toBe('buyer@example.com');
      expect(event).toMatchObject({
        object: 'event',
        livemode: false,
        api_version: Stripe.API_VERSION,
        pending_webhooks: 1,
      });
      expect(event.id).toMatch(/^evt_/);
      expect(event.request).toEqual({ id: null, idempotency_key: null });
      expect(missingFixtureKeys(event, 'event')).toEqual([]);
      expect(missingFixtureKeys(completed, 'checkout.session')).toEqual([]);
      expect(h.receiver.deliveries.every((delivery) => delivery.verificationError === undefined)).toBe(true);
    });

    it('should leave a succeeded PaymentIntent and charge shaped like Stripe fixtures, carrying payment_intent_data.metadata', async () => {
      const session = await h.createSession();
      await submitCheckoutPage(session.url!, 'pay');

      const retrieved = await h.stripe.checkout.sessions.retrieve(session.id, {
        expand: ['payment_intent.latest_charge'],
      });
      const paymentIntent = retrieved.payment_intent as Stripe.PaymentIntent;
      const charge = paymentIntent.latest_charge as Stripe.Charge;

      expect(paymentIntent).toMatchObject({
        status: 'succeeded',
        amount: 3499,
        amount_received: 3499,
        currency: 'usd',
      });
      expect(paymentIntent.metadata).toEqual(session.metadata);
      expect(paymentIntent.id).toMatch(/^pi_/);
      expect(missingFixtureKeys(paymentIntent, 'payment_intent')).toEqual([]);
      expect(charge).toMatchObject({
        status: 'succeeded',
        paid: true,
        captured: true,
        amount: 3499,
        payment_intent: paymentIntent.id,
      });
      expect(charge.metadata).toEqual(session.metadata);
      expect(charge.id).toMatch(/^ch_/);
      expect(missingFixtureKeys(charge, 'charge')).toEqual([]);
      expect(await h.stripe.paymentIntents.retrieve(paymentIntent.id)).toMatchObject({ latest_charge: charge.id });
      expect(await h.stripe.charges.retrieve(charge.id)).toMatchObject({ id: charge.id, amount_refunded: 0 });
    });

    it('should not let a completed session be paid again', async () => {
      const session = await h.createSession();
      await submitCheckoutPage(session.url!, 'pay');

      const again = await submitCheckoutPage(session.url!, 'pay');
      const page = await httpCall('GET', session.url!);

      expect(again.status).toBe(409);
      expect(page.text).toContain('the payment was received');
      await h.emulator.waitForDeliveries();
      expect(h.receiver.verifiedEvents().filter((e) => e.type === 'checkout.session.completed')).toHaveLength(1);
    });
  });

  describe('Decline', () => {
    it('should show the card error, keep the session open, and let the customer pay after', async () => {
      const session = await h.createSession();

      const declined = await submitCheckoutPage(session.url!, 'decline');

      expect(declined.status).toBe(402);
      expect(declined.text).toContain('Your card was declined.');
      const afterDecline = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
      expect(afterDecline).toMatchObject({ status: 'open', payment_status: 'unpaid' });
      const paymentIntent = afterDecline.payment_intent as Stripe.PaymentIntent;
      expect(paymentIntent).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' },
      });

      const paid = await submitCheckoutPage(session.url!, 'pay');

      expect(paid.status).toBe(303);
      const completed = await h.waitForEvent('checkout.session.completed');
      expect((completed.data.object as Stripe.Checkout.Session).payment_intent).toBe(paymentIntent.id);
      expect(h.receiver.verifiedEvents().map((e) => e.type)).toEqual(['checkout.session.completed']);
    });
  });

  describe('Pay later', () => {
    it('should complete the session unpaid and redirect, then succeed through the async_succeed control', async () => {
      const session = await h.createSession();

      const answer = await submitCheckoutPage(session.url!, 'pay_later');

      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(successUrlOf(session));
      const completed = await h.waitForEvent('checkout.session.completed');
      expect(completed.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'unpaid' });
      const paymentIntentId = referencedId((completed.data.object as Stripe.Checkout.Session).payment_intent);
      expect(await h.stripe.paymentIntents.retrieve(paymentIntentId)).toMatchObject({ status: 'processing' });

      const control = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${session.id}/async_succeed`);

      expect(control.status).toBe(200);
      expect(control.json()).toMatchObject({ id: session.id, payment_status: 'paid' });
      const succeeded = await h.waitForEvent('checkout.session.async_payment_succeeded');
      expect(succeeded.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
      expect(await h.stripe.paymentIntents.retrieve(paymentIntentId)).toMatchObject({
        status: 'succeeded',
        amount_received: 3499,
      });
    });

    it('should fail through the async_fail control: async_payment_failed, session stays unpaid', async () => {
      const session = await h.createSession();
      await submitCheckoutPage(session.url!, 'pay_later');

      const control = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${session.id}/async_fail`);

      expect(control.status).toBe(200);
      const failed = await h.waitForEvent('checkout.session.async_payment_failed');
      expect(failed.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'unpaid' });
      const retrieved = await h.stripe.checkout.sessions.retrieve(session.id, {
        expand: ['payment_intent.latest_charge'],
      });
      const paymentIntent = retrieved.payment_intent as Stripe.PaymentIntent;
      expect(paymentIntent).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: { code: 'insufficient_funds' },
      });
      expect(paymentIntent.latest_charge).toMatchObject({ status: 'failed', paid: false });
    });

    it('should refuse async outcomes for a session that has no payment waiting', async () => {
      const session = await h.createSession();

      const control = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${session.id}/async_succeed`);

      expect(control.status).toBe(400);
      expect(control.json()).toMatchObject({
        error: { type: 'invalid_request_error', message: expect.stringContaining('pay_later') },
      });
    });

    it('should settle by itself when asyncPaymentAutoOutcome is set', async () => {
      const auto = await startHarness({ asyncPaymentAutoOutcome: { afterMs: 20, outcome: 'failed' } });
      try {
        const session = await auto.createSession();
        await submitCheckoutPage(session.url!, 'pay_later');

        const failed = await auto.waitForEvent('checkout.session.async_payment_failed');

        expect(failed.data.object).toMatchObject({ id: session.id });
      } finally {
        await auto.close();
      }
    });
  });

  describe('Cancel', () => {
    it('should redirect to cancel_url and leave the session open, with no event', async () => {
      const session = await h.createSession();

      const answer = await submitCheckoutPage(session.url!, 'cancel');

      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(session.cancel_url);
      expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
      expect(h.emulator.events()).toEqual([]);
    });
  });

  it('should refuse every action on an expired session', async () => {
    const session = await h.createSession();
    await h.stripe.checkout.sessions.expire(session.id);

    for (const action of ['pay', 'decline', 'pay_later', 'cancel']) {
      const answer = await submitCheckoutPage(session.url!, action);
      expect(answer.status).toBe(409);
      expect(answer.text).toContain('expired');
    }
    await waitFor(() => h.receiver.verifiedEvents().length === 1, { what: 'the expired event' });
    expect(h.receiver.verifiedEvents().map((e) => e.type)).toEqual(['checkout.session.expired']);
  });
});

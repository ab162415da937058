import Stripe from 'stripe';
import { startHarness, Harness } from './testing/emulator-harness';
import { httpCall } from './testing/http-client';
import { referencedId } from './testing/references';
import { missingFixtureKeys } from './testing/stripe-fixtures';

describe('Checkout Sessions API', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('should create an open session shaped like Stripe fixture, whose url serves the checkout page', async () => {
    const session = await h.createSession();

    expect(missingFixtureKeys(session, 'checkout.session')).toEqual([]);
    expect(session.id).toMatch(/^cs_test_a1[A-Za-z0-9]{56}$/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      currency: 'usd',
      amount_subtotal: 3499,
      amount_total: 3499,
      customer_email: 'buyer@example.com',
      livemode: false,
      payment_intent: null,
    });
    expect(session.metadata).toEqual({
      orderId: session.client_reference_id,
      paymentId: expect.stringMatching(/^pay_/),
    });
    expect(session.url).toBe(`${h.emulator.url}/c/pay/${session.id}`);
    const page = await httpCall('GET', session.url!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('T-shirt');
  });

  it('should retrieve a session, expanding line_items on request', async () => {
    const created = await h.createSession();

    const plain = await h.stripe.checkout.sessions.retrieve(created.id);
    const expanded = await h.stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });

    expect(plain).toEqual(created);
    expect(plain.line_items).toBeUndefined();
    expect(expanded.line_items?.data.map((item) => [item.description, item.quantity, item.amount_total])).toEqual([
      ['T-shirt', 2, 3000],
      ['Sticker pack', 1, 499],
    ]);
    expect(missingFixtureKeys(expanded.line_items!.data[0], 'item')).toEqual([]);
    expect(expanded.line_items!.data[0].id).toMatch(/^li_/);
  });

  it('should list line items with Stripe list shape', async () => {
    const session = await h.createSession();

    const items = await h.stripe.checkout.sessions.listLineItems(session.id, { limit: 1 });

    expect(items).toMatchObject({
      object: 'list',
      has_more: true,
      url: `/v1/checkout/sessions/${session.id}/line_items`,
    });
    expect(items.data.map((item) => item.description)).toEqual(['T-shirt']);
  });

  it('should answer resource_missing 404 for an unknown session', async () => {
    const error = await h.stripe.checkout.sessions.retrieve('cs_test_nope').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
  });

  it('should list sessions newest first, filtered by status and payment_intent, with limit and has_more', async () => {
    const first = await h.createSession();
    const second = await h.createSession();
    const third = await h.createSession();
    const paid = h.emulator.checkoutAction(second.id, 'pay');

    const all = await h.stripe.checkout.sessions.list();
    const open = await h.stripe.checkout.sessions.list({ status: 'open', limit: 1 });
    const byPaymentIntent = await h.stripe.checkout.sessions.list({
      payment_intent: referencedId(paid.payment_intent),
    });
    const nextPage = await h.stripe.checkout.sessions.list({ status: 'open', starting_after: open.data[0].id });

    expect(all).toMatchObject({ object: 'list', has_more: false, url: '/v1/checkout/sessions' });
    expect(all.data.map((s) => s.id)).toEqual([third.id, second.id, first.id]);
    expect(open.data.map((s) => s.id)).toEqual([third.id]);
    expect(open.has_more).toBe(true);
    expect(nextPage.data.map((s) => s.id)).toEqual([first.id]);
    expect(byPaymentIntent.data.map((s) => s.id)).toEqual([second.id]);
    expect(byPaymentIntent.data[0]).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('should expire an open session and send checkout.session.expired naming the request', async () => {
    const session = await h.createSession();

    const expired = await h.stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: `expire-${session.id}` });

    expect(expired).toMatchObject({ id: session.id, status: 'expired', url: null });
    const event = await h.waitForEvent('checkout.session.expired');
    expect(event.data.object).toMatchObject({ id: session.id, status: 'expired' });
    expect(event.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: `expire-${session.id}` });
  });

  it('should refuse to expire a completed or already expired session', async () => {
    const paid = await h.createSession();
    h.emulator.checkoutAction(paid.id, 'pay');
    const expired = await h.createSession();
    await h.stripe.checkout.sessions.expire(expired.id);

    const onPaid = await h.stripe.checkout.sessions.expire(paid.id).catch((e: unknown) => e);
    const onExpired = await h.stripe.checkout.sessions.expire(expired.id).catch((e: unknown) => e);

    expect(onPaid).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(onPaid).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: expect.stringContaining('This Checkout Session has a status of `complete`'),
    });
    expect(onExpired).toMatchObject({ statusCode: 400, message: expect.stringContaining('`expired`') });
    expect((await h.stripe.checkout.sessions.retrieve(paid.id)).status).toBe('complete');
  });

  it('should expire a session by itself once its expires_at has passed', async () => {
    let now = Date.now();
    const clocked = await startHarness({ clock: () => now });
    try {
      const session = await clocked.createSession({ expires_at: Math.floor(now / 1000) + 30 * 60 });

      now += 31 * 60 * 1000;

      const event = await clocked.waitForEvent('checkout.session.expired');
      expect(event.data.object).toMatchObject({ id: session.id, status: 'expired' });
      expect(event.request).toEqual({ id: null, idempotency_key: null });
      expect((await clocked.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    } finally {
      await clocked.close();
    }
  });
});

import Stripe from 'stripe';
import { Harness, startHarness } from './testing/emulator-harness';
import { postJson } from './testing/http-client';
import { referencedId } from './testing/references';
import { missingFixtureKeys } from './testing/stripe-fixtures';
import { waitFor } from './testing/wait-for';

describe('Refunds', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** A session paid through the page's Pay action; answers its PaymentIntent id. */
  async function paidPaymentIntent(): Promise<string> {
    const session = await h.createSession();
    return referencedId(h.emulator.checkoutAction(session.id, 'pay').payment_intent);
  }

  it('should create a pending refund, then settle it: refund.created, refund.updated and charge.refunded', async () => {
    const paymentIntent = await paidPaymentIntent();

    const refund = await h.stripe.refunds.create(
      { payment_intent: paymentIntent, amount: 1000, reason: 'requested_by_customer', metadata: { refundId: 'rf_1' } },
      { idempotencyKey: 'rf_1' },
    );

    expect(refund).toMatchObject({
      object: 'refund',
      status: 'pending',
      amount: 1000,
      currency: 'usd',
      payment_intent: paymentIntent,
      reason: 'requested_by_customer',
      metadata: { refundId: 'rf_1' },
    });
    expect(refund.id).toMatch(/^re_/);
    expect(missingFixtureKeys(refund, 'refund')).toEqual([]);
    const created = await h.waitForEvent('refund.created');
    expect(created.data.object).toMatchObject({ id: refund.id, status: 'pending' });
    expect(created.request).toEqual({ id: refund.lastResponse.requestId, idempotency_key: 'rf_1' });

    const updated = await h.waitForEvent('refund.updated');
    expect(updated.data.object).toMatchObject({ id: refund.id, status: 'succeeded' });
    expect((updated.data as { previous_attributes?: unknown }).previous_attributes).toEqual({ status: 'pending' });
    const refunded = await h.waitForEvent('charge.refunded');
    const charge = refunded.data.object as Stripe.Charge;
    expect(charge).toMatchObject({
      payment_intent: paymentIntent,
      amount: 3499,
      amount_refunded: 1000,
      refunded: false,
    });
    expect(charge.refunds?.data.map((r) => [r.id, r.status])).toEqual([[refund.id, 'succeeded']]);
    expect(missingFixtureKeys(charge, 'charge')).toEqual([]);
    expect(await h.stripe.refunds.retrieve(refund.id)).toMatchObject({ id: refund.id, status: 'succeeded' });
  });

  it('should refund what is left by default and mark the charge refunded', async () => {
    const paymentIntent = await paidPaymentIntent();
    await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 499 });

    const rest = await h.stripe.refunds.create({ payment_intent: paymentIntent });

    expect(rest.amount).toBe(3000);
    const fullyRefunded = await h.waitForEvent('charge.refunded', (e) => (e.data.object as Stripe.Charge).refunded);
    expect(fullyRefunded.data.object).toMatchObject({ amount_refunded: 3499, refunded: true });
  });

  it('should refuse a refund above what is left, counting refunds still pending', async () => {
    const slow = await startHarness({ refundSettleMs: 60_000 });
    try {
      const session = await slow.createSession();
      const paymentIntent = referencedId(slow.emulator.checkoutAction(session.id, 'pay').payment_intent);
      const pending = await slow.stripe.refunds.create({ payment_intent: paymentIntent, amount: 3000 });

      const error = await slow.stripe.refunds
        .create({ payment_intent: paymentIntent, amount: 500 })
        .catch((e: unknown) => e);

      expect((await slow.stripe.refunds.retrieve(pending.id)).status).toBe('pending');
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({
        statusCode: 400,
        code: 'amount_too_large',
        param: 'amount',
        message: 'Refund amount ($5.00) is greater than unrefunded amount on charge ($4.99)',
      });
    } finally {
      await slow.close();
    }
  });

  it('should refuse to refund a fully refunded charge', async () => {
    const paymentIntent = await paidPaymentIntent();
    await h.stripe.refunds.create({ payment_intent: paymentIntent });

    const error = await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 1 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('should refuse refunds of a payment that did not succeed, an unknown one, or without a target', async () => {
    const session = await h.createSession();
    const processing = referencedId(h.emulator.checkoutAction(session.id, 'pay_later').payment_intent);

    const notPaid = await h.stripe.refunds.create({ payment_intent: processing }).catch((e: unknown) => e);
    const unknown = await h.stripe.refunds.create({ payment_intent: 'pi_unknown' }).catch((e: unknown) => e);
    const none = await h.stripe.refunds.create({ amount: 100 }).catch((e: unknown) => e);
    const zero = await h.stripe.refunds.create({ payment_intent: processing, amount: 0 }).catch((e: unknown) => e);

    expect(notPaid).toMatchObject({ statusCode: 400, code: 'charge_not_refundable', param: 'payment_intent' });
    expect(unknown).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
    expect(none).toMatchObject({ statusCode: 400, code: 'parameter_missing' });
    expect(zero).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'amount' });
  });

  it('should fail the next refund when told to: refund.updated and refund.failed, amount given back', async () => {
    const paymentIntent = await paidPaymentIntent();
    const control = await postJson(`${h.emulator.url}/_emulator/refunds/fail_next`, {
      failure_reason: 'lost_or_stolen_card',
    });
    expect(control.status).toBe(200);

    const refund = await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 });

    expect(refund.status).toBe('pending');
    const updated = await h.waitForEvent('refund.updated');
    expect(updated.data.object).toMatchObject({
      id: refund.id,
      status: 'failed',
      failure_reason: 'lost_or_stolen_card',
    });
    await h.waitForEvent('refund.failed');
    const charge = await h.stripe.charges.retrieve(referencedId(refund.charge));
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(h.receiver.verifiedEvents().some((e) => e.type === 'charge.refunded')).toBe(false);

    const next = await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 });
    await waitFor(async () => (await h.stripe.refunds.retrieve(next.id)).status === 'succeeded', {
      what: 'the next refund to succeed',
    });
  });

  it('should list refunds of a payment intent, newest first', async () => {
    const paymentIntent = await paidPaymentIntent();
    const first = await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 100 });
    const second = await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 200 });
    await h.stripe.refunds.create({ payment_intent: await paidPaymentIntent(), amount: 300 });

    const list = await h.stripe.refunds.list({ payment_intent: paymentIntent });

    expect(list.data.map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('should answer resource_missing 404 for an unknown refund or payment intent', async () => {
    await expect(h.stripe.refunds.retrieve('re_nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await expect(h.stripe.paymentIntents.retrieve('pi_nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });
});

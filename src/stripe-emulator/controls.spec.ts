import Stripe from 'stripe';
import { Harness, startHarness } from './testing/emulator-harness';
import { httpCall, postJson } from './testing/http-client';
import { referencedId } from './testing/references';
import { missingFixtureKeys } from './testing/stripe-fixtures';

describe('Disputes (test control)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('should open a dispute on a payment intent: charge.dispute.created, and refunds refused', async () => {
    const session = await h.createSession();
    const paymentIntent = referencedId(h.emulator.checkoutAction(session.id, 'pay').payment_intent);

    const control = await postJson(`${h.emulator.url}/_emulator/disputes`, {
      payment_intent: paymentIntent,
      reason: 'product_not_received',
    });

    expect(control.status).toBe(200);
    const event = await h.waitForEvent('charge.dispute.created');
    const dispute = event.data.object as Stripe.Dispute;
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 3499,
      currency: 'usd',
      payment_intent: paymentIntent,
      reason: 'product_not_received',
      status: 'needs_response',
    });
    expect(dispute.id).toMatch(/^du_/);
    expect(missingFixtureKeys(dispute, 'dispute')).toEqual([]);
    expect(await h.stripe.disputes.retrieve(dispute.id)).toMatchObject({ id: dispute.id });
    expect(await h.stripe.charges.retrieve(referencedId(dispute.charge))).toMatchObject({ disputed: true });
    await expect(h.stripe.refunds.create({ payment_intent: paymentIntent })).rejects.toMatchObject({
      code: 'charge_disputed',
    });
  });

  it('should refuse to dispute a payment that did not succeed', async () => {
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'decline');
    const paymentIntent = referencedId((await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent);

    expect(() => h.emulator.openDispute({ paymentIntent })).toThrow(/has not succeeded/);
  });
});

describe('Test controls', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('should list its routes', async () => {
    const help = await httpCall('GET', `${h.emulator.url}/_emulator`);

    expect(help.status).toBe(200);
    expect(Object.keys(help.json<{ routes: Record<string, string> }>().routes)).toContain(
      'POST /_emulator/checkout/sessions/:id/:action',
    );
  });

  it('should pay a session through the pay control, as the page does', async () => {
    const session = await h.createSession();

    const answer = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${session.id}/pay`);

    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    await h.waitForEvent('checkout.session.completed');
  });

  it('should decline and expire through controls', async () => {
    const declined = await h.createSession();
    const expired = await h.createSession();

    const decline = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${declined.id}/decline`);
    const expire = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${expired.id}/expire`);

    expect(decline.json()).toMatchObject({ status: 'open' });
    expect(expire.json()).toMatchObject({ status: 'expired' });
    const event = await h.waitForEvent('checkout.session.expired');
    expect(event.request).toEqual({ id: null, idempotency_key: null });
  });

  it('should refuse an unknown action, an unknown session and a body that is not JSON', async () => {
    const session = await h.createSession();

    const action = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/${session.id}/refund`);
    const missing = await postJson(`${h.emulator.url}/_emulator/checkout/sessions/cs_test_missing/pay`);
    const notJson = await httpCall('POST', `${h.emulator.url}/_emulator/disputes`, { body: 'payment_intent=pi_1' });
    const badReason = await postJson(`${h.emulator.url}/_emulator/refunds/fail_next`, { failure_reason: 'bored' });

    expect(action.status).toBe(400);
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'resource_missing' } });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({
      error: { message: expect.stringMatching(/Content-Type: application\/json/) },
    });
    expect(badReason.status).toBe(400);
  });

  it('should forget everything on reset', async () => {
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay');
    await h.emulator.waitForDeliveries();

    const reset = await postJson(`${h.emulator.url}/_emulator/reset`);

    expect(reset.json()).toEqual({ reset: true });
    expect(h.emulator.events()).toEqual([]);
    expect(h.emulator.deliveryLog()).toEqual([]);
    await expect(h.stripe.checkout.sessions.retrieve(session.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await h.stripe.checkout.sessions.list()).data).toEqual([]);
  });

  it('should list the events made, over HTTP and on the handle', async () => {
    const session = await h.createSession();
    await h.stripe.checkout.sessions.expire(session.id);

    const listed = (await httpCall('GET', `${h.emulator.url}/_emulator/events`)).json<{ data: { id: string }[] }>();

    expect(listed.data.map((e) => e.id)).toEqual(h.emulator.events().map((e) => e.id));
    expect(await h.stripe.events.retrieve(listed.data[0].id)).toMatchObject({ type: 'checkout.session.expired' });
  });
});

import { createServer } from 'node:net';
import Stripe from 'stripe';
import { Harness, startHarness, TEST_WEBHOOK_SECRET } from './testing/emulator-harness';
import { httpCall, postJson } from './testing/http-client';
import { referencedId } from './testing/references';
import { missingFixtureKeys } from './testing/stripe-fixtures';
import { waitFor } from './testing/wait-for';

/** A port nothing listens on: deliveries to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('Webhook delivery', () => {
  let h: Harness;

  afterEach(() => h.close());

  it('should retry after a failing receiver: 500, 500, then 200 is three tries, each logged', async () => {
    h = await startHarness({ retry: { attempts: 5, baseDelayMs: 10 } });
    h.receiver.answerWith((requestNumber) => (requestNumber <= 2 ? 500 : 200));
    const session = await h.createSession();

    h.emulator.checkoutAction(session.id, 'pay');
    await h.emulator.waitForDeliveries();

    const [event] = h.emulator.events();
    expect(
      h.emulator
        .deliveryLog()
        .map(({ eventId, attempt, statusCode, delivered }) => ({ eventId, attempt, statusCode, delivered })),
    ).toEqual([
      { eventId: event.id, attempt: 1, statusCode: 500, delivered: false },
      { eventId: event.id, attempt: 2, statusCode: 500, delivered: false },
      { eventId: event.id, attempt: 3, statusCode: 200, delivered: true },
    ]);
    const attemptLogs = h.logs.filter((line) => line.message === 'webhook delivery attempt').map((line) => line.fields);
    expect(attemptLogs).toEqual([
      expect.objectContaining({
        eventId: event.id,
        type: 'checkout.session.completed',
        attempt: 1,
        statusCode: 500,
        outcome: 'will_retry',
      }),
      expect.objectContaining({ attempt: 2, statusCode: 500, outcome: 'will_retry' }),
      expect.objectContaining({ attempt: 3, statusCode: 200, outcome: 'delivered' }),
    ]);
    expect(h.receiver.verifiedEvents().map((e) => e.id)).toEqual([event.id, event.id, event.id]);
    expect(JSON.stringify(h.logs)).not.toContain(TEST_WEBHOOK_SECRET);
  });

  it('should retry when the connection is refused, then give up after the configured tries', async () => {
    h = await startHarness({ retry: { attempts: 3, baseDelayMs: 5 } });
    h.emulator.setWebhookUrl(`http://127.0.0.1:${await closedPort()}/webhooks/stripe`);
    const session = await h.createSession();

    await h.stripe.checkout.sessions.expire(session.id);
    await h.emulator.waitForDeliveries();

    expect(h.emulator.deliveryLog().map(({ attempt, statusCode, error }) => ({ attempt, statusCode, error }))).toEqual([
      { attempt: 1, statusCode: null, error: 'ECONNREFUSED' },
      { attempt: 2, statusCode: null, error: 'ECONNREFUSED' },
      { attempt: 3, statusCode: null, error: 'ECONNREFUSED' },
    ]);
    expect(h.logs.filter((line) => line.message === 'webhook delivery attempt').at(-1)?.fields).toMatchObject({
      outcome: 'gave_up',
    });
  });

  it('should count a try with no answer in time as failed and retry it', async () => {
    h = await startHarness({ retry: { attempts: 3, baseDelayMs: 5, timeoutMs: 100 } });
    let hung = false;
    h.receiver.hangWhen(() => !hung && (hung = true));
    const session = await h.createSession();

    h.emulator.checkoutAction(session.id, 'pay');
    await h.emulator.waitForDeliveries();

    expect(h.emulator.deliveryLog().map(({ attempt, statusCode, error }) => ({ attempt, statusCode, error }))).toEqual([
      { attempt: 1, statusCode: null, error: 'no answer within 100 ms' },
      { attempt: 2, statusCode: 200, error: null },
    ]);
  });

  it('should answer the API while a delivery hangs', async () => {
    h = await startHarness({ retry: { attempts: 1, baseDelayMs: 5, timeoutMs: 5000 } });
    h.receiver.hangWhen(() => true);
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay');
    await waitFor(() => h.receiver.deliveries.length === 1, { what: 'the hanging delivery to start' });

    const startedAt = Date.now();
    const retrieved = await h.stripe.checkout.sessions.retrieve(session.id);
    const expired = await h.stripe.checkout.sessions.expire((await h.createSession()).id);

    expect(retrieved.status).toBe('complete');
    expect(expired.status).toBe('expired');
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(h.emulator.deliveryLog()).toEqual([]);
  });

  it('should hold events and release them in reversed order', async () => {
    h = await startHarness();
    const hold = await postJson(`${h.emulator.url}/_emulator/events/hold`);
    expect(hold.status).toBe(200);
    const sessions = [await h.createSession(), await h.createSession(), await h.createSession()];
    for (const session of sessions) h.emulator.checkoutAction(session.id, 'pay');

    const held = (await httpCall('GET', `${h.emulator.url}/_emulator/events/held`)).json<{ data: string[] }>().data;
    expect(held).toHaveLength(3);
    expect(h.receiver.deliveries).toEqual([]);

    const release = await postJson(`${h.emulator.url}/_emulator/events/release`, { order: 'reversed' });

    expect(release.status).toBe(200);
    expect(release.json()).toEqual({ released: [...held].reverse() });
    await h.emulator.waitForDeliveries();
    expect(h.receiver.verifiedEvents().map((e) => (e.data.object as Stripe.Checkout.Session).id)).toEqual(
      sessions.map((s) => s.id).reverse(),
    );
  });

  it('should release held events in an explicit order, and refuse an id that is not held', async () => {
    h = await startHarness();
    h.emulator.holdEvents();
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay_later');
    h.emulator.checkoutAction(session.id, 'async_succeed');
    const [completed, succeeded] = h.emulator.heldEventIds();

    const unknown = await postJson(`${h.emulator.url}/_emulator/events/release`, { order: ['evt_unknown'] });
    const released = await h.emulator.releaseEvents([succeeded]);

    expect(unknown.status).toBe(400);
    expect(released).toEqual([succeeded, completed]);
    await h.emulator.waitForDeliveries();
    expect(h.receiver.verifiedEvents().map((e) => e.type)).toEqual([
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ]);
  });

  it('should redeliver an event with the same id and body', async () => {
    h = await startHarness();
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay');
    const first = await h.waitForEvent('checkout.session.completed');

    const answer = await postJson(`${h.emulator.url}/_emulator/events/${first.id}/redeliver`);
    const missing = await postJson(`${h.emulator.url}/_emulator/events/evt_missing/redeliver`);

    expect(answer.status).toBe(200);
    expect(missing.status).toBe(404);
    await waitFor(() => h.receiver.deliveries.length === 2, { what: 'the redelivery' });
    const [a, b] = h.receiver.deliveries;
    expect(b.event?.id).toBe(first.id);
    expect(b.rawBody).toBe(a.rawBody);
  });

  it('should keep the event as it was when sent, even after the object changed', async () => {
    h = await startHarness();
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay_later');
    h.emulator.checkoutAction(session.id, 'async_succeed');
    await h.emulator.waitForDeliveries();

    const completed = h.receiver.verifiedEvents().find((e) => e.type === 'checkout.session.completed');

    expect(completed?.data.object).toMatchObject({ payment_status: 'unpaid' });
  });

  it('should send every event type with the fields of Stripe event fixture', async () => {
    h = await startHarness();
    const session = await h.createSession();
    const paymentIntent = referencedId(h.emulator.checkoutAction(session.id, 'pay').payment_intent);
    await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 100 });
    h.emulator.openDispute({ paymentIntent });
    await h.waitForEvent('charge.refunded');
    await h.emulator.waitForDeliveries();

    const events = h.receiver.verifiedEvents();

    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'charge.dispute.created',
        'charge.refunded',
        'checkout.session.completed',
        'refund.created',
        'refund.updated',
      ].sort(),
    );
    for (const event of events) {
      expect(missingFixtureKeys(event, 'event')).toEqual([]);
      expect(event.id).toMatch(/^evt_/);
    }
    expect(h.receiver.deliveries.map((d) => d.verificationError)).toEqual(events.map(() => undefined));
  });

  it('should deliver to a webhook URL changed at run time, and keep events made while none was set', async () => {
    h = await startHarness({ webhookUrl: undefined });
    const early = await h.createSession();
    h.emulator.checkoutAction(early.id, 'pay');
    await h.emulator.waitForDeliveries();
    expect(h.emulator.events()[0].pending_webhooks).toBe(0);
    expect(h.logs.some((line) => line.message.includes('no webhook URL'))).toBe(true);

    const set = await postJson(`${h.emulator.url}/_emulator/webhook`, { url: h.receiver.url }, 'PUT');
    const late = await h.createSession();
    h.emulator.checkoutAction(late.id, 'pay');

    expect(set.json()).toEqual({ url: h.receiver.url });
    const delivered = await h.waitForEvent('checkout.session.completed');
    expect(delivered.data.object).toMatchObject({ id: late.id });
    expect(h.receiver.deliveries).toHaveLength(1);
  });

  it('should stop pending retries on close', async () => {
    h = await startHarness({ retry: { attempts: 5, baseDelayMs: 60_000 } });
    h.receiver.answerWith(() => 500);
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay');
    await waitFor(() => h.emulator.deliveryLog().length === 1, { what: 'the first try' });

    const startedAt = Date.now();
    await h.emulator.close();
    await h.emulator.waitForDeliveries();

    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(h.emulator.deliveryLog()).toHaveLength(1);
  });

  it('should serve the delivery log over HTTP', async () => {
    h = await startHarness();
    const session = await h.createSession();
    h.emulator.checkoutAction(session.id, 'pay');
    await h.emulator.waitForDeliveries();

    const log = await httpCall('GET', `${h.emulator.url}/_emulator/deliveries`);

    expect(log.json()).toEqual({
      object: 'list',
      data: [
        expect.objectContaining({
          eventId: h.emulator.events()[0].id,
          type: 'checkout.session.completed',
          attempt: 1,
          statusCode: 200,
          error: null,
          url: h.receiver.url,
        }),
      ],
    });
  });
});

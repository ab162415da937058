import { createHash } from 'node:crypto';
import { createAdmin, createUser, TestUser } from './support/factories';
import {
  auditTrail,
  orderRow,
  orderStatus,
  paidOrder,
  paymentStatus,
  refundRows,
  signatureFor,
  startCheckout,
  StartedCheckout,
  stripeClient,
  stripeEvent,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Signed events orderpay can never apply: each is kept in the inbox as `ignored` with its reason
 * and answered 2xx (a 5xx would make Stripe retry it for three days), and changes nothing else.
 */
describe('Webhooks: signed events orderpay cannot use (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let checkout: StartedCheckout;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    checkout = await startCheckout(t, customer);
  });
  afterAll(() => t.close());

  /** A completed, paid session for the test's pending order: what a real completion carries. */
  const paidSession = async (changes: Record<string, unknown> = {}) => ({
    ...(await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)),
    status: 'complete',
    payment_status: 'paid',
    payment_intent: 'pi_test_unusable',
    ...changes,
  });

  const postSigned = (payload: string) =>
    t
      .http()
      .post('/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signatureFor(t, payload))
      .send(payload);

  const tableCounts = async () =>
    (
      await t.dataSource.query(`SELECT
        (SELECT count(*) FROM webhook_events)::int AS inbox, (SELECT count(*) FROM order_events)::int AS audit,
        (SELECT count(*) FROM order_flags)::int AS flags, (SELECT count(*) FROM refunds)::int AS refunds,
        (SELECT count(*) FROM payments)::int AS payments`)
    )[0] as Record<string, number>;

  /** Delivers twice; expects 200 both times, one ignored inbox row with the reason, nothing else changed. */
  async function expectIgnored(payload: string, storedId: string, reason: RegExp) {
    const before = await tableCounts();
    for (let delivery = 0; delivery < 2; delivery++) {
      const response = await postSigned(payload);
      expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: { received: true } });
    }
    const rows = await t.dataSource.query(
      'SELECT status, attempts, last_error FROM webhook_events WHERE event_id = $1',
      [storedId],
    );
    expect(rows).toEqual([{ status: 'ignored', attempts: 1, last_error: expect.stringMatching(reason) }]);
    expect(await tableCounts()).toEqual({ ...before, inbox: before.inbox + 1 });
    expect(await orderStatus(t, checkout.orderId)).toBe('pending');
    expect(await paymentStatus(t, checkout.paymentId)).toBe('open');
  }

  const inboxStatus = async (eventId: string) =>
    (await t.dataSource.query('SELECT status FROM webhook_events WHERE event_id = $1', [eventId]))[0]?.status as
      string | undefined;

  const hashId = (payload: string) => `unusable_${createHash('sha256').update(payload).digest('hex').slice(0, 40)}`;

  it('should keep a body of [] under a hash of its bytes', async () => {
    await expectIgnored('[]', hashId('[]'), /^Unusable event: event must be an object$/);
  });

  it('should keep a signed body that is not JSON', async () => {
    await expectIgnored('{"id": "evt_half', hashId('{"id": "evt_half'), /^Unusable event: the body is not JSON/);
  });

  it('should ignore data: null', async () => {
    const event: Record<string, unknown> = { ...stripeEvent('checkout.session.completed', {}), data: null };
    await expectIgnored(JSON.stringify(event), event.id as string, /event\.data must be an object/);
  });

  it.each([
    ['a missing session id', { id: undefined }, /data\.object\.id must be a Stripe id/],
    ['a null session id', { id: null }, /data\.object\.id must be a Stripe id/],
    ['currency 840', { currency: 840 }, /data\.object\.currency must be a three-letter ISO currency code/],
    ['a string amount', { amount_total: '2500' }, /data\.object\.amount_total must be a whole number/],
    ['a numeric payment intent', { payment_intent: 42 }, /data\.object\.payment_intent must be an id/],
    ['a NUL in the session id', { id: 'cs_test_\u0000' }, /data\.object\.id must be a Stripe id/],
    [
      'a numeric payment status',
      { payment_status: 1 },
      /data\.object\.payment_status must be one of paid, unpaid, no_payment_required or null/,
    ],
    [
      'an amount past the integer columns',
      { amount_total: 2 ** 31 },
      /data\.object\.amount_total must be a whole number of minor units from 0 to 2147483647/,
    ],
  ])('should ignore a completion with %s, leaving the order pending', async (_label, changes, reason) => {
    const event = stripeEvent('checkout.session.completed', await paidSession(changes));
    await expectIgnored(JSON.stringify(event), event.id, reason);
  });

  it.each([[null], ['requires_review']])(
    'should read a payment_status of %p (Stripe may add values) as unpaid: the attempt waits, the order is never paid on it',
    async (given) => {
      const other = await startCheckout(t, customer);
      const session = {
        ...(await stripeClient(t).checkout.sessions.retrieve(other.sessionId)),
        status: 'complete',
        payment_status: given,
      };
      const event = stripeEvent('checkout.session.completed', session);
      await postSigned(JSON.stringify(event)).expect(200);
      expect(await inboxStatus(event.id)).toBe('processed');
      expect(await orderStatus(t, other.orderId)).toBe('pending');
      expect(await paymentStatus(t, other.paymentId)).toBe('processing');
    },
  );

  it("should take a session status of null and an event without created, as Stripe's types allow", async () => {
    const other = await startCheckout(t, customer);
    const session = {
      ...(await stripeClient(t).checkout.sessions.retrieve(other.sessionId)),
      status: null,
      payment_status: 'paid',
      payment_intent: 'pi_test_null_status',
    };
    const event: Record<string, unknown> = {
      ...stripeEvent('checkout.session.completed', session),
      created: undefined,
    };
    await postSigned(JSON.stringify(event)).expect(200);
    expect(await inboxStatus(event.id as string)).toBe('processed');
    expect(await orderStatus(t, other.orderId)).toBe('paid');
  });

  it('should treat a NUL in the metadata ids as "not ours", never as a query value', async () => {
    const session = await paidSession({
      id: 'cs_test_not_recorded',
      metadata: { orderId: `${checkout.orderId}\u0000`, paymentId: `${checkout.paymentId}\u0000` },
    });
    const event = stripeEvent('checkout.session.completed', session);
    const response = await postSigned(JSON.stringify(event));
    expect(response.status).toBe(200);
    const [row] = await t.dataSource.query('SELECT status, payload FROM webhook_events WHERE event_id = $1', [
      event.id,
    ]);
    // Stored (PostgreSQL takes no NUL: the inbox keeps a copy with U+FFFD), and not applied.
    expect(row.status).toBe('ignored');
    expect(row.payload.data.object.metadata.orderId).toBe(`${checkout.orderId}\ufffd`);
    expect(await orderStatus(t, checkout.orderId)).toBe('pending');
  });

  it('should keep an event whose id is longer than its column under a hash, and one with a NUL in its id', async () => {
    for (const id of [`evt_${'x'.repeat(300)}`, 'evt_\u0000nul']) {
      const payload = JSON.stringify({ ...stripeEvent('checkout.session.completed', await paidSession()), id });
      await expectIgnored(payload, hashId(payload), /^Unusable event: event\.id must be a Stripe id/);
    }
  });

  it('should keep an event whose type is longer than its column, with the type cut to fit', async () => {
    const event = stripeEvent(`checkout.session.${'x'.repeat(200)}`, await paidSession());
    await expectIgnored(JSON.stringify(event), event.id, /event\.type must be text of at most 100/);
    const [row] = await t.dataSource.query('SELECT type FROM webhook_events WHERE event_id = $1', [event.id]);
    expect(row.type).toHaveLength(100);
  });

  it('should keep an event whose id is an object under a hash, never as "[object Object]"', async () => {
    const payload = JSON.stringify({ ...stripeEvent('checkout.session.completed', await paidSession()), id: { a: 1 } });
    await expectIgnored(payload, hashId(payload), /event\.id must be a Stripe id/);
    expect(await t.dataSource.query(`SELECT 1 FROM webhook_events WHERE event_id LIKE '%object Object%'`)).toEqual([]);
    expect((await auditTrail(t, checkout.orderId)).filter((e) => e.cause.includes('object Object'))).toEqual([]);
  });

  it('should keep an event with deeply nested data, cut where it is too deep', async () => {
    const event = stripeEvent('checkout.session.completed', await paidSession());
    const payload = JSON.stringify(event).replace(
      '"livemode":false',
      `"livemode":false,"deep":${'['.repeat(5000)}${']'.repeat(5000)}`,
    );
    await expectIgnored(payload, event.id, /nested deeper than 64 levels/);
  });

  it('should ignore a refund of 0 for a payment orderpay knows (the refunds table takes only amounts above 0)', async () => {
    const [{ id: refundId }] = await t.dataSource.query('SELECT gen_random_uuid() AS id');
    const refund = {
      id: 're_test_zero',
      object: 'refund',
      amount: 0,
      currency: 'usd',
      status: 'failed',
      payment_intent: 'pi_test_unusable',
      metadata: { refundId },
    };
    const event = stripeEvent('refund.failed', refund);
    await expectIgnored(
      JSON.stringify(event),
      event.id,
      /data\.object\.amount must be a whole number of minor units from 1 to 2147483647/,
    );
  });

  it('should apply an event whose id has the 255 characters Stripe allows, its full id in the audit trail', async () => {
    const other = await startCheckout(t, customer);
    const session = {
      ...(await stripeClient(t).checkout.sessions.retrieve(other.sessionId)),
      status: 'complete',
      payment_status: 'paid',
      payment_intent: 'pi_test_long_event',
    };
    const id = `evt_${'A'.repeat(251)}`;
    await postSigned(JSON.stringify({ ...stripeEvent('checkout.session.completed', session), id })).expect(200);
    expect(await orderStatus(t, other.orderId)).toBe('paid');
    expect(await auditTrail(t, other.orderId)).toEqual([
      { from_status: 'pending', to_status: 'paid', cause: `stripe_event:${id}` },
    ]);
  });

  describe('refund events that can never apply to the payment they name', () => {
    let paid: Awaited<ReturnType<typeof paidOrder>>;
    beforeAll(async () => {
      paid = await paidOrder(t, customer, 1250, 2);
    });
    const refundEvent = (changes: Record<string, unknown>) =>
      stripeEvent('refund.created', {
        id: `re_test_${Math.random().toString(36).slice(2)}`,
        object: 'refund',
        amount: 100,
        currency: 'usd',
        status: 'succeeded',
        payment_intent: paid.paymentIntentId,
        metadata: {},
        ...changes,
      });

    it.each([
      ['more than the payment took', { amount: 2501 }, /amount 2501 is more than the payment's 2500/],
      ['in another currency', { currency: 'jpy', amount: 1 }, /currency jpy, the payment's is usd/],
    ])('should ignore a refund %s, with the reason, leaving the order as it was', async (_label, changes, reason) => {
      const event = refundEvent(changes);
      await postSigned(JSON.stringify(event)).expect(200);
      const [row] = await t.dataSource.query('SELECT status, last_error FROM webhook_events WHERE event_id = $1', [
        event.id,
      ]);
      expect(row).toEqual({ status: 'ignored', last_error: expect.stringMatching(reason) });
      expect(await orderRow(t, paid.orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
      expect(await refundRows(t, paid.orderId)).toEqual([]);
    });

    it('should ignore a refund that would take the refunds past the payment, leaving no refund row behind', async () => {
      const first = refundEvent({ amount: 1500 });
      await postSigned(JSON.stringify(first)).expect(200);
      expect(await orderRow(t, paid.orderId)).toMatchObject({ status: 'paid', amount_refunded: 1500 });
      const second = refundEvent({ amount: 1500 });
      await postSigned(JSON.stringify(second)).expect(200);
      const [row] = await t.dataSource.query('SELECT status, last_error FROM webhook_events WHERE event_id = $1', [
        second.id,
      ]);
      expect(row).toEqual({ status: 'ignored', last_error: expect.stringMatching(/past its 2500/) });
      expect((await refundRows(t, paid.orderId)).map((r) => [r.amount, r.status])).toEqual([[1500, 'succeeded']]);
      expect(await orderRow(t, paid.orderId)).toMatchObject({ status: 'paid', amount_refunded: 1500 });
    });

    it('should ignore a refund or dispute for a payment intent Stripe does not know (not ours), not fail it forever', async () => {
      for (const event of [
        refundEvent({ payment_intent: 'pi_test_nobody_knows' }),
        stripeEvent('charge.dispute.created', {
          id: 'du_test_nobody',
          object: 'dispute',
          amount: 100,
          currency: 'usd',
          reason: 'fraudulent',
          status: 'needs_response',
          payment_intent: 'pi_test_nobody_knows',
          charge: 'ch_test_nobody',
        }),
      ]) {
        await postSigned(JSON.stringify(event)).expect(200);
        expect(await inboxStatus(event.id)).toBe('ignored');
      }
    });
  });

  it('should let an admin replay an event ignored with a reason, under its stored id, and refuse one ignored as unsupported', async () => {
    const admin = await createAdmin(t);
    const payload = '[]';
    await postSigned(payload).expect(200);
    const [row] = await t.dataSource.query('SELECT id, attempts FROM webhook_events WHERE event_id = $1', [
      hashId(payload),
    ]);
    const inbox = await tableCounts();

    const replayed = await t.http().post(`/admin/webhook-events/${row.id}/replay`).set(admin.auth).expect(200);
    // Still unusable (nothing changed in the code), so ignored again, under the same row.
    expect(replayed.body).toMatchObject({
      id: row.id,
      status: 'ignored',
      attempts: row.attempts + 1,
      lastError: expect.stringMatching(/^Unusable event/),
    });
    expect(await tableCounts()).toEqual(inbox);

    const unsupported = stripeEvent('customer.created', { id: 'cus_test_1', object: 'customer' });
    await postSigned(JSON.stringify(unsupported)).expect(200);
    const [plain] = await t.dataSource.query('SELECT id, status, last_error FROM webhook_events WHERE event_id = $1', [
      unsupported.id,
    ]);
    expect(plain).toMatchObject({ status: 'ignored', last_error: null });
    const refused = await t.http().post(`/admin/webhook-events/${plain.id}/replay`).set(admin.auth).expect(409);
    expect(refused.body.code).toBe('WEBHOOK_EVENT_NOT_REPLAYABLE');
  });

  it('should still apply a valid completion after all of these, with the event id as the audit cause', async () => {
    const event = stripeEvent(
      'checkout.session.completed',
      await paidSession({ payment_intent: 'pi_test_after_unusable' }),
    );
    await postSigned(JSON.stringify(event)).expect(200);
    expect(await orderStatus(t, checkout.orderId)).toBe('paid');
    expect(await auditTrail(t, checkout.orderId)).toEqual([
      { from_status: 'pending', to_status: 'paid', cause: `stripe_event:${event.id}` },
    ]);
  });
});

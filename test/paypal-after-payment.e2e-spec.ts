import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countRows, TestUser } from './support/factories';
import { orderRow, refundRows, waitFor, waitForOrderStatus } from './support/payments';
import {
  approveAndReturn,
  attemptRow,
  capturedButNotRecorded,
  capturesAt,
  inboxOf,
  moneyState,
  orderFlags,
  paidWithPayPal,
  paypalApi,
  paypalEvent,
  paypalEventsOf,
  refundsAt,
  resetPayPalStandIn,
  setApiFaults,
  startPayPalCheckout,
  startPayPalSuite,
  waitForEventsOf,
  waitForInbox,
  waitForRefunds,
} from './support/paypal';
import type { TestApp } from './support/test-app';

/** The refund trail of one refund: each move and what made it. */
const refundTrail = (t: TestApp, refundId: string) =>
  t.dataSource.query<{ from_status: string | null; to_status: string; cause: string }[]>(
    'SELECT from_status, to_status, cause FROM refund_status_changes WHERE refund_id = $1 ORDER BY at',
    [refundId],
  );

/**
 * After a PayPal payment: refunds orderpay asks for (our refund id in the PayPal refund's
 * custom_id), money PayPal takes back itself (a reversal), disputes; and deliveries to
 * /webhooks/paypal that PayPal did not send, refused before anything is written.
 */
describe('PayPal refunds, reversals, disputes and forged webhooks (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => ({ t, customer, admin } = await startPayPalSuite()));
  afterEach(() => resetPayPalStandIn(t));
  afterAll(() => t.close());

  const refund = (orderId: string, body: object = {}) =>
    t.http().post(`/admin/orders/${orderId}/refunds`).set(admin.auth).send(body);

  it('should refund part, then the rest, at PayPal with our refund ids, and end refunded', async () => {
    const paid = await paidWithPayPal(t, customer, { unitAmount: 1500, quantity: 2 });

    const partial = await refund(paid.orderId, { amount: 1000 }).expect(202);
    expect(partial.body).toEqual({
      amount: 1000,
      refunds: [
        {
          refundId: expect.any(String),
          paymentId: paid.paymentId,
          status: 'succeeded',
          amount: 1000,
          failureReason: null,
        },
      ],
    });
    const firstId = partial.body.refunds[0].refundId as string;
    await waitForRefunds(t, paid.orderId, 'succeeded', 1);
    const [first] = await refundRows(t, paid.orderId);
    expect(first).toMatchObject({
      id: firstId,
      amount: 1000,
      reason: 'requested_by_customer',
      requested_by: `user:${admin.id}`,
      provider_refund_id: expect.stringMatching(/^[A-Z0-9]{17}$/),
    });
    const atPayPal = await paypalApi(t, 'GET', `/v2/payments/refunds/${first.provider_refund_id}`);
    expect(atPayPal.body).toMatchObject({
      id: first.provider_refund_id,
      custom_id: firstId,
      status: 'COMPLETED',
      amount: { currency_code: 'USD', value: '10.00' },
      links: expect.arrayContaining([
        expect.objectContaining({
          rel: 'up',
          href: expect.stringContaining(`/v2/payments/captures/${paid.captureId}`),
        }),
      ]),
    });
    // PayPal's word on it (the API's answer or PAYMENT.CAPTURE.REFUNDED, whichever came first), in the inbox.
    const [refunded] = paypalEventsOf(t, paid.paypalOrderId, 'PAYMENT.CAPTURE.REFUNDED');
    await waitForInbox(t, [refunded.id]);
    expect(await inboxOf(t, [refunded.id])).toEqual([
      expect.objectContaining({ status: 'processed', order_id: paid.orderId }),
    ]);
    expect((await refundTrail(t, firstId)).map((c) => c.cause)).toEqual([
      `user:${admin.id}`,
      expect.stringMatching(new RegExp(`^(provider:refund_created|paypal_event:${refunded.id})$`)),
    ]);
    expect(await orderRow(t, paid.orderId)).toMatchObject({ status: 'paid', amount_refunded: 1000 });
    expect((await attemptRow(t, paid.paymentId)).amount_refunded).toBe(1000);

    const rest = await refund(paid.orderId).expect(202);
    expect(rest.body.amount).toBe(2000);
    await waitForOrderStatus(t, paid.orderId, 'refunded');
    await waitForRefunds(t, paid.orderId, 'succeeded', 2);
    const rows = await refundRows(t, paid.orderId);
    expect(await refundsAt(t, paid.paypalOrderId)).toEqual([
      expect.objectContaining({ id: rows[0].provider_refund_id, custom_id: rows[0].id, status: 'COMPLETED' }),
      expect.objectContaining({
        id: rows[1].provider_refund_id,
        custom_id: rows[1].id,
        status: 'COMPLETED',
        amount: expect.objectContaining({ value: '20.00' }),
      }),
    ]);
    expect((await capturesAt(t, paid.paypalOrderId))[0].status).toBe('REFUNDED');
    await waitForEventsOf(t, paid.paypalOrderId, 'PAYMENT.CAPTURE.REFUNDED');
    expect(await moneyState(t, paid.orderId)).toMatchObject({
      order: { status: 'refunded', amount_paid: 3000, amount_refunded: 3000 },
      payments: [expect.objectContaining({ amount_refunded: 3000 })],
      refunds: 2,
    });
    const nothingLeft = await refund(paid.orderId, { amount: 1 }).expect(409);
    expect(nothingLeft.body.code).toBe('ORDER_NOT_REFUNDABLE');
  });

  it('should record a reversal PayPal made itself as a refund orderpay did not ask for', async () => {
    const paid = await paidWithPayPal(t, customer, { unitAmount: 1500, quantity: 2 });
    await refund(paid.orderId, { amount: 500 }).expect(202);
    await waitForRefunds(t, paid.orderId, 'succeeded', 1);

    // A chargeback: PayPal takes back what is left (25.00).
    const reversal = t.stripe.paypal.reverseCapture(paid.captureId) as { id: string };
    await waitForOrderStatus(t, paid.orderId, 'refunded');
    const reversed = await paypalEvent(t, paid.paypalOrderId, 'PAYMENT.CAPTURE.REVERSED');
    await waitForInbox(t, [reversed.id]);
    const rows = await refundRows(t, paid.orderId);
    expect(rows).toEqual([
      expect.objectContaining({ amount: 500, reason: 'requested_by_customer', status: 'succeeded' }),
      {
        id: expect.any(String),
        amount: 2500,
        status: 'succeeded',
        reason: 'provider_dashboard',
        requested_by: 'provider',
        provider_refund_id: reversal.id,
      },
    ]);
    expect((await refundTrail(t, rows[1].id)).at(-1)).toMatchObject({
      to_status: 'succeeded',
      cause: `paypal_event:${reversed.id}`,
    });
    expect(await moneyState(t, paid.orderId)).toMatchObject({
      order: { status: 'refunded', amount_paid: 3000, amount_refunded: 3000 },
      payments: [expect.objectContaining({ amount_refunded: 3000 })],
    });
    // Redelivered: recorded once.
    const state = await moneyState(t, paid.orderId);
    t.stripe.paypal.redeliverEvent(reversed.id);
    await t.stripe.paypal.waitForDeliveries();
    expect(await moneyState(t, paid.orderId)).toEqual(state);
  });

  it('should wait for the capture to be recorded before applying its reversal delivered first', async () => {
    // orderpay captured and stopped before recording it; PayPal then reversed the capture.
    const checkout = await capturedButNotRecorded(t, customer);
    const [{ id: captureId }] = await capturesAt(t, checkout.paypalOrderId);
    const reversal = t.stripe.paypal.reverseCapture(captureId) as { id: string };
    const reversed = await paypalEvent(t, checkout.paypalOrderId, 'PAYMENT.CAPTURE.REVERSED');

    // The reversal first: answered 5xx (the payment is ours but not recorded), retried once it is.
    await t.stripe.paypal.releaseEvents('reversed');
    await waitForOrderStatus(t, checkout.orderId, 'refunded');
    await waitForEventsOf(t, checkout.paypalOrderId);
    const answers = t.stripe.paypal
      .deliveryLog()
      .filter((d) => d.eventId === reversed.id)
      .map((d) => d.statusCode);
    expect(answers[0]).toBe(500);
    expect(answers.at(-1)).toBe(200);
    expect(answers.slice(0, -1).every((status) => status === 500)).toBe(true);
    expect(await inboxOf(t, [reversed.id])).toEqual([
      expect.objectContaining({ status: 'processed', last_error: null, order_id: checkout.orderId }),
    ]);
    expect(await moneyState(t, checkout.orderId)).toMatchObject({
      order: { status: 'refunded', amount_paid: 2500, amount_refunded: 2500 },
      payments: [
        expect.objectContaining({ status: 'succeeded', provider_payment_intent_id: captureId, amount_refunded: 2500 }),
      ],
      refunds: 1,
    });
    expect(await refundRows(t, checkout.orderId)).toEqual([
      expect.objectContaining({ amount: 2500, reason: 'provider_dashboard', provider_refund_id: reversal.id }),
    ]);
  });

  it('should refund what a partly paid PayPal order took when an admin cancels it', async () => {
    const checkout = await startPayPalCheckout(t, customer, { unitAmount: 6000, quantity: 2, amount: 3600 });
    await approveAndReturn(t, checkout.checkoutUrl);
    await waitForOrderStatus(t, checkout.orderId, 'partially_paid');
    await waitForEventsOf(t, checkout.paypalOrderId);

    const canceled = await t.http().post(`/admin/orders/${checkout.orderId}/cancel`).set(admin.auth).expect(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', amountPaid: 3600 });
    await waitForRefunds(t, checkout.orderId, 'succeeded', 1);
    const [row] = await refundRows(t, checkout.orderId);
    expect(row).toMatchObject({ amount: 3600, reason: 'order_canceled', requested_by: `admin:${admin.id}` });
    expect(await refundsAt(t, checkout.paypalOrderId)).toEqual([
      expect.objectContaining({
        id: row.provider_refund_id,
        custom_id: row.id,
        status: 'COMPLETED',
        amount: expect.objectContaining({ value: '36.00' }),
      }),
    ]);
    expect(await orderRow(t, checkout.orderId)).toMatchObject({ status: 'canceled', amount_refunded: 3600 });
  });

  it('should neither capture nor record the approval of a PayPal order orderpay did not make', async () => {
    const created = await paypalApi(t, 'POST', '/v2/checkout/orders', {
      requestId: randomUUID(),
      body: {
        intent: 'CAPTURE',
        purchase_units: [
          { amount: { currency_code: 'USD', value: '10.00' }, custom_id: randomUUID(), invoice_id: randomUUID() },
        ],
      },
    });
    expect(created.status).toBe(201);
    const foreignId = created.body.id as string;
    t.stripe.paypal.approveOrder(foreignId, 'complete');
    const approved = await paypalEvent(t, foreignId, 'CHECKOUT.ORDER.APPROVED');
    await waitForInbox(t, [approved.id]);
    expect(await inboxOf(t, [approved.id])).toEqual([expect.objectContaining({ status: 'ignored', order_id: null })]);
    expect(await capturesAt(t, foreignId)).toEqual([]);
  });

  it('should flag a disputed PayPal payment for an admin, once', async () => {
    const paid = await paidWithPayPal(t, customer, { unitAmount: 1500, quantity: 2 });
    const dispute = t.stripe.paypal.openDispute(paid.captureId, {
      amount: '30.00',
      reason: 'MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED',
    }) as { dispute_id: string };
    const flagRows = () => orderFlags(t, paid.orderId);
    await waitFor(async () => (await flagRows()).length > 0, { what: 'the dispute flag', timeoutMs: 5000 });
    expect(await flagRows()).toEqual([
      {
        kind: 'dispute',
        reference: dispute.dispute_id,
        details: {
          paymentId: paid.paymentId,
          amount: 3000,
          currency: 'usd',
          reason: 'MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED',
          status: 'OPEN',
        },
      },
    ]);
    const { body } = await t.http().get('/admin/orders?flagged=true&pageSize=100').set(admin.auth).expect(200);
    expect(body.data.find((o: { id: string }) => o.id === paid.orderId)).toMatchObject({
      status: 'paid',
      flags: [expect.objectContaining({ kind: 'dispute', reference: dispute.dispute_id })],
    });
    // The dispute names the capture, not the PayPal order.
    const event = t.stripe.paypal
      .events()
      .find((e) => (e.resource as { dispute_id?: string }).dispute_id === dispute.dispute_id)!;
    expect(event.event_type).toBe('CUSTOMER.DISPUTE.CREATED');
    await waitForInbox(t, [event.id]);
    expect(await inboxOf(t, [event.id])).toEqual([
      expect.objectContaining({ status: 'processed', order_id: paid.orderId }),
    ]);
    t.stripe.paypal.redeliverEvent(event.id);
    await t.stripe.paypal.waitForDeliveries();
    expect(await flagRows()).toHaveLength(1);
    expect(await orderRow(t, paid.orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
  });

  describe('deliveries PayPal did not send', () => {
    interface Captured {
      headers: IncomingHttpHeaders;
      body: string;
    }
    let checkout: Awaited<ReturnType<typeof startPayPalCheckout>>;
    let delivery: Captured;

    /** A real delivery of the stand-in, caught before it reaches the app: its signed headers and exact bytes. */
    beforeAll(async () => {
      checkout = await startPayPalCheckout(t, customer);
      const caught: Captured[] = [];
      const receiver: Server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          caught.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200, { Connection: 'close' }).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        t.stripe.paypal.setWebhookUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/paypal`);
        t.stripe.paypal.approveOrder(checkout.paypalOrderId, 'complete');
        delivery = await waitFor(() => caught[0], { what: 'the approval delivery' });
      } finally {
        t.stripe.paypal.setWebhookUrl(`${t.baseUrl}/webhooks/paypal`);
        await new Promise((resolve) => receiver.close(resolve));
      }
    });

    const paypalHeaders = (headers: IncomingHttpHeaders) =>
      Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('paypal-')) as [string, string][]);
    const send = (headers: Record<string, string>, body: string) =>
      t
        .http()
        .post('/webhooks/paypal')
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(body);
    const refused = async (headers: Record<string, string>, body: string): Promise<string> => {
      const inboxBefore = await countRows(t, 'webhook_events');
      const before = await moneyState(t, checkout.orderId);
      const response = await send(headers, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK_SIGNATURE_INVALID' });
      expect(await countRows(t, 'webhook_events')).toBe(inboxBefore);
      expect(await moneyState(t, checkout.orderId)).toEqual(before);
      expect(await capturesAt(t, checkout.paypalOrderId)).toEqual([]);
      return response.body.message as string;
    };

    it('should refuse a delivery without PayPal’s headers', async () => {
      expect(await refused({}, delivery.body)).toMatch(/Missing paypal-transmission-id header/);
    });

    it('should refuse made-up headers: PayPal does not verify them', async () => {
      const message = await refused(
        {
          'paypal-transmission-id': randomUUID(),
          'paypal-transmission-time': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          'paypal-transmission-sig': randomBytes(256).toString('base64'),
          'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77',
          'paypal-auth-algo': 'SHA256withRSA',
        },
        delivery.body,
      );
      expect(message).toMatch(/PayPal did not verify the delivery/);
    });

    it('should refuse a real delivery’s headers on a changed body', async () => {
      const event = JSON.parse(delivery.body) as { resource: { purchase_units: { amount: { value: string } }[] } };
      event.resource.purchase_units[0].amount.value = '0.01';
      expect(await refused(paypalHeaders(delivery.headers), JSON.stringify(event))).toMatch(/did not verify/);
      const anotherEvent = delivery.body.replace(
        /"id":"WH-[A-Z0-9-]+"/,
        `"id":"WH-FORGED${randomBytes(4).toString('hex').toUpperCase()}"`,
      );
      expect(anotherEvent).not.toBe(delivery.body);
      await refused(paypalHeaders(delivery.headers), anotherEvent);
    });

    it('should refuse a body that is not JSON', async () => {
      expect(await refused(paypalHeaders(delivery.headers), 'event_type=CHECKOUT.ORDER.APPROVED')).toMatch(/not JSON/);
      expect(await refused(paypalHeaders(delivery.headers), '["not", "an", "object"]')).toMatch(/not a JSON object/);
    });

    it('should answer 503 and keep nothing while PayPal cannot be asked to verify a delivery (PayPal retries)', async () => {
      const inboxBefore = await countRows(t, 'webhook_events');
      const before = await moneyState(t, checkout.orderId);
      await setApiFaults(t, { down: true });
      try {
        const response = await send(paypalHeaders(delivery.headers), delivery.body);
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
      } finally {
        await setApiFaults(t, { down: false });
      }
      expect(await countRows(t, 'webhook_events')).toBe(inboxBefore);
      expect(await moneyState(t, checkout.orderId)).toEqual(before);
    });

    it('should accept that same delivery as PayPal sent it: the refusals were for the changes alone', async () => {
      await send(paypalHeaders(delivery.headers), delivery.body).expect(200, { received: true });
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      const eventId = (JSON.parse(delivery.body) as { id: string }).id;
      expect(await inboxOf(t, [eventId])).toEqual([
        expect.objectContaining({ type: 'CHECKOUT.ORDER.APPROVED', status: 'processed', order_id: checkout.orderId }),
      ]);
      expect(await capturesAt(t, checkout.paypalOrderId)).toHaveLength(1);
    });
  });
});

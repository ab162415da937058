import { httpCall, postJson } from '../testing/http-client';
import { waitFor } from '../testing/wait-for';
import type { PayPalEvent } from './paypal-events';
import { PayPalHarness, ReceivedPayPalDelivery, startPayPalHarness } from './testing/paypal-harness';

describe('PayPal stand-in: webhooks', () => {
  let h: PayPalHarness;

  beforeEach(async () => {
    h = await startPayPalHarness();
  });
  afterEach(() => h.close());

  const controls = (path: string, body: unknown = {}) => postJson(`${h.url}/_emulator/paypal${path}`, body);

  /** verify-webhook-signature as a receiver calls it, with the delivery's headers. */
  async function verify(delivery: ReceivedPayPalDelivery, changes: Record<string, unknown> = {}) {
    const token = (await h.client.clientCredentialsAuthManager.fetchToken()).accessToken;
    const res = await httpCall('POST', `${h.url}/v1/notifications/verify-webhook-signature`, {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth_algo: delivery.headers['paypal-auth-algo'],
        cert_url: delivery.headers['paypal-cert-url'],
        transmission_id: delivery.headers['paypal-transmission-id'],
        transmission_sig: delivery.headers['paypal-transmission-sig'],
        transmission_time: delivery.headers['paypal-transmission-time'],
        webhook_id: h.standIn.webhookId,
        webhook_event: JSON.parse(delivery.rawBody) as unknown,
        ...changes,
      }),
    });
    return { status: res.status, body: res.json() };
  }

  async function approvedOrder(button = 'approve') {
    const order = await h.createOrder();
    await h.pressButton(order.approveUrl, button);
    return order;
  }

  async function capture(button = 'approve'): Promise<{ orderId: string; captureId: string }> {
    const { id } = await approvedOrder(button);
    const { result } = await h.orders.captureOrder({ id });
    return { orderId: id, captureId: result.purchaseUnits![0].payments!.captures![0].id! };
  }

  it('should deliver CHECKOUT.ORDER.APPROVED with PayPal transmission headers', async () => {
    const { id, invoiceId } = await approvedOrder();

    const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');

    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'paypal-transmission-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'paypal-transmission-time': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      'paypal-transmission-sig': expect.any(String),
      'paypal-cert-url': `${h.url}/v1/notifications/certs/CERT-360caa42-fca2a594-emulator`,
      'paypal-auth-algo': 'SHA256withRSA',
    });
    expect(delivery.event).toMatchObject({
      id: expect.stringMatching(/^WH-[0-9A-Z]{17}-[0-9A-Z]{17}$/),
      event_version: '1.0',
      resource_type: 'checkout-order',
      resource_version: '2.0',
      resource: { id, status: 'APPROVED', intent: 'CAPTURE', purchase_units: [{ invoice_id: invoiceId }] },
    });
    expect(delivery.rawBody).toBe(JSON.stringify(delivery.event));
  });

  it('should verify its own deliveries and nothing else', async () => {
    await approvedOrder();
    const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
    const tampered = { ...(JSON.parse(delivery.rawBody) as PayPalEvent), summary: 'changed' };

    expect(await verify(delivery)).toEqual({ status: 200, body: { verification_status: 'SUCCESS' } });
    expect((await verify(delivery, { webhook_event: tampered })).body).toEqual({ verification_status: 'FAILURE' });
    expect((await verify(delivery, { webhook_id: 'OTHERWEBHOOK' })).body).toEqual({ verification_status: 'FAILURE' });
    expect((await verify(delivery, { transmission_sig: 'forged' })).body).toEqual({ verification_status: 'FAILURE' });
    expect((await verify(delivery, { transmission_id: 'x-unknown' })).body).toEqual({ verification_status: 'FAILURE' });
    const incomplete = await verify(delivery, { transmission_sig: undefined });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body).toMatchObject({ name: 'INVALID_REQUEST', details: [{ field: 'transmission_sig' }] });
  });

  it('should send PAYMENT.CAPTURE.COMPLETED carrying the capture and its order id', async () => {
    const { orderId, captureId } = await capture();

    const { event } = await h.waitForEvent('PAYMENT.CAPTURE.COMPLETED');

    expect(event.resource_type).toBe('capture');
    expect(event.summary).toBe('Payment completed for 34.99 USD');
    expect(event.resource).toMatchObject({
      id: captureId,
      status: 'COMPLETED',
      amount: { currency_code: 'USD', value: '34.99' },
      supplementary_data: { related_ids: { order_id: orderId } },
    });
  });

  it('should send PENDING, then COMPLETED or DENIED when the pending capture settles', async () => {
    const settles = await capture('approve_pending');
    const fails = await capture('approve_pending');
    const pending = await h.waitForEvent('PAYMENT.CAPTURE.PENDING', (e) => e.resource.id === settles.captureId);
    expect(pending.event.resource).toMatchObject({ status: 'PENDING', status_details: { reason: 'ECHECK' } });

    expect((await controls(`/captures/${settles.captureId}/complete`)).status).toBe(200);
    expect((await controls(`/captures/${fails.captureId}/deny`)).status).toBe(200);

    await h.waitForEvent('PAYMENT.CAPTURE.COMPLETED', (e) => e.resource.id === settles.captureId);
    const denied = await h.waitForEvent('PAYMENT.CAPTURE.DENIED', (e) => e.resource.id === fails.captureId);
    expect(denied.event.resource.status).toBe('DECLINED');
    expect((await controls(`/captures/${settles.captureId}/complete`)).status).toBe(422);
  });

  it('should settle a pending capture by itself when configured to', async () => {
    await h.close();
    h = await startPayPalHarness({ pendingCaptureOutcome: 'completed', pendingCaptureSettleMs: 20 });
    const { captureId } = await capture('approve_pending');

    await h.waitForEvent('PAYMENT.CAPTURE.COMPLETED', (e) => e.resource.id === captureId);

    expect((await h.payments.getCapturedPayment({ captureId })).result.status).toBe('COMPLETED');
  });

  it('should send PAYMENT.CAPTURE.DENIED for a capture the buyer chose to be denied', async () => {
    const { captureId } = await capture('approve_denied');

    const { event } = await h.waitForEvent('PAYMENT.CAPTURE.DENIED');

    expect(event.resource).toMatchObject({ id: captureId, status: 'DECLINED' });
  });

  it('should send PAYMENT.CAPTURE.REFUNDED, PAYMENT.CAPTURE.REVERSED and CUSTOMER.DISPUTE.CREATED', async () => {
    const { captureId } = await capture();
    const { result: refund } = await h.payments.refundCapturedPayment({
      captureId,
      body: { amount: { currencyCode: 'USD', value: '4.99' } },
    });
    const dispute = await controls('/disputes', { capture_id: captureId, reason: 'UNAUTHORISED' });
    const reversal = await controls(`/captures/${captureId}/reverse`);

    const refunded = await h.waitForEvent('PAYMENT.CAPTURE.REFUNDED');
    const reversed = await h.waitForEvent('PAYMENT.CAPTURE.REVERSED');
    const opened = await h.waitForEvent('CUSTOMER.DISPUTE.CREATED');

    expect(refunded.event.resource).toMatchObject({ id: refund.id, status: 'COMPLETED', amount: { value: '4.99' } });
    expect(reversed.event.resource).toMatchObject({ amount: { value: '30.00' }, status: 'COMPLETED' });
    expect(reversal.json()).toMatchObject({ amount: { value: '30.00' } });
    expect(dispute.status).toBe(200);
    expect(opened.event.resource_type).toBe('dispute');
    expect(opened.event.resource).toMatchObject({
      dispute_id: expect.stringMatching(/^PP-D-\d+$/),
      reason: 'UNAUTHORISED',
      status: 'OPEN',
      dispute_amount: { currency_code: 'USD', value: '34.99' },
      disputed_transactions: [{ seller_transaction_id: captureId }],
    });
    expect((await h.payments.getCapturedPayment({ captureId })).result.status).toBe('REFUNDED');
  });

  it('should retry a failed delivery with a new transmission each time', async () => {
    h.answerWith((n) => (n < 3 ? 500 : 200));

    await approvedOrder();

    await waitFor(() => h.deliveries.length === 3, { what: 'three tries' });
    const ids = h.deliveries.map((d) => d.headers['paypal-transmission-id']);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(h.deliveries.map((d) => d.event.id)).size).toBe(1);
    await h.standIn.waitForDeliveries();
    expect(h.standIn.deliveryLog().map((a) => [a.attempt, a.statusCode, a.delivered])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect((await verify(h.deliveries[2])).body.verification_status).toBe('SUCCESS');
  });

  it('should hold events, release them in reverse, and redeliver one by id', async () => {
    expect((await controls('/events/hold')).status).toBe(200);
    const { captureId } = await capture();
    const held = (await httpCall('GET', `${h.url}/_emulator/paypal/events/held`)).json<{ data: string[] }>().data;
    expect(held).toHaveLength(2);
    expect(h.deliveries).toHaveLength(0);

    const released = (await controls('/events/release', { order: 'reversed' })).json<{ released: string[] }>();
    await h.standIn.waitForDeliveries();
    expect(released.released).toEqual([...held].reverse());
    expect(h.deliveries.map((d) => d.event.event_type)).toEqual([
      'PAYMENT.CAPTURE.COMPLETED',
      'CHECKOUT.ORDER.APPROVED',
    ]);
    expect(h.deliveries[0].event.resource.id).toBe(captureId);

    expect((await controls(`/events/${held[0]}/redeliver`)).status).toBe(200);
    await waitFor(() => h.deliveries.length === 3, { what: 'the redelivery' });
    expect(h.deliveries[2].event.id).toBe(held[0]);
    expect((await controls('/events/WH-NOPE/redeliver')).status).toBe(400);
  });

  it('should refuse control calls without a JSON content type', async () => {
    const { captureId } = await capture('approve_pending');

    const form = await httpCall('POST', `${h.url}/_emulator/paypal/captures/${captureId}/complete`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    expect(form.status).toBe(400);
    expect((await h.payments.getCapturedPayment({ captureId })).result.status).toBe('PENDING');
  });

  it('should simulate an event of a known type with any resource, signed and verifiable like the others', async () => {
    const resource = { id: 'SIMCAPTURE0000001', status: 'COMPLETED', amount: { currency_code: 'USD', value: '1.00' } };
    const simulate = (body: unknown) =>
      httpCall('POST', `${h.url}/_emulator/paypal/events/simulate`, {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    const sent = await simulate({ event_type: 'PAYMENT.CAPTURE.COMPLETED', resource });
    const delivery = await h.waitForEvent('PAYMENT.CAPTURE.COMPLETED', (event) => event.id === sent.json().id);

    expect(sent.status).toBe(200);
    expect(delivery.event.resource).toEqual(resource);
    expect(await verify(delivery)).toEqual({ status: 200, body: { verification_status: 'SUCCESS' } });
    expect((await simulate({ event_type: 'PAYMENT.SALE.COMPLETED', resource })).status).toBe(400);
    expect((await simulate({ event_type: 'PAYMENT.CAPTURE.COMPLETED', resource: [] })).status).toBe(400);
  });
});

import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../../config/app-config';
import { ApiFaults } from '../../../stripe-emulator/controls/api-faults';
import { closeServer, listen } from '../../../stripe-emulator/http/http-server';
import { httpCall } from '../../../stripe-emulator/testing/http-client';
import { waitFor } from '../../../stripe-emulator/testing/wait-for';
import {
  startPayPalHarness,
  type PayPalHarness,
  type ReceivedPayPalDelivery,
} from '../../../stripe-emulator/paypal/testing/paypal-harness';
import type { CheckoutInput, WebhookHeaders } from '../payment-provider';
import { ProviderError, WebhookSignatureError } from '../provider-errors';
import { PayPalPaymentProvider } from './paypal.provider';

/**
 * The provider through the real PayPal SDK, over real HTTP, against the project's PayPal
 * stand-in. A recording pass-through sits between the two: it shows each request as PayPal
 * receives it, and can answer one in the stand-in's place (the errors the stand-in never makes).
 */
type Json = Record<string, unknown>;
interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  body: unknown;
}
/** Answers a request in the stand-in's place, or returns undefined to let it through. */
type Script = (seen: Seen) => Answer | undefined | Promise<Answer | undefined>;

const paypalError = (status: number, name: string, issue?: string): Answer => ({
  status,
  body: {
    name,
    message: 'scripted failure',
    debug_id: 'f00dfeed12345',
    ...(issue && { details: [{ issue, description: 'scripted' }] }),
  },
});

/** The error a call threw, asserted to be of the given type. */
async function thrown<T extends Error>(call: () => Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const outcome = await call().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(type);
  return outcome as T;
}
const providerError = (call: () => Promise<unknown>) => thrown(call, ProviderError);
const signatureError = (call: () => Promise<unknown>) => thrown(call, WebhookSignatureError);

describe('PayPalPaymentProvider calls (real SDK, stand-in over HTTP)', () => {
  let h: PayPalHarness;
  let faults: ApiFaults;
  let proxy: Server;
  let proxyUrl: string;
  let seen: Seen[];
  let scripts: Script[];
  let provider: PayPalPaymentProvider;
  let loggedErrors: jest.SpyInstance;

  beforeEach(async () => {
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    faults = new ApiFaults();
    h = await startPayPalHarness({ faults });
    seen = [];
    scripts = [];
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const record: Seen = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: body.toString('utf8'),
        };
        seen.push(record);
        void (async () => {
          for (const [i, script] of scripts.entries()) {
            const answer = await script(record);
            if (!answer) continue;
            scripts.splice(i, 1);
            const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
            res.writeHead(answer.status, { 'Content-Type': 'application/json' });
            return res.end(text);
          }
          const upstream = request(
            `${h.url}${record.path}`,
            { method: record.method, headers: req.headers, agent: false },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          // The stand-in cut the connection (an outage): so does the pass-through.
          upstream.on('error', () => res.destroy());
          upstream.end(body);
        })();
      });
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy, 0, '127.0.0.1')}`;
    provider = new PayPalPaymentProvider(loadConfig({ NODE_ENV: 'test', PAYPAL_API_URL: proxyUrl }));
  });
  afterEach(async () => {
    loggedErrors.mockRestore();
    await h.standIn.waitForDeliveries();
    await closeServer(proxy);
    await h.close();
  });

  /** Answers the first request that `match` accepts in the stand-in's place. */
  const answerOnce = (match: (seen: Seen) => boolean, answer: Answer | ((seen: Seen) => Promise<Answer>)) =>
    scripts.push((request) => (match(request) ? (typeof answer === 'function' ? answer(request) : answer) : undefined));
  const calls = (method: string, path: string | RegExp) =>
    seen.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  const isCapture = (r: Seen) => r.method === 'POST' && /^\/v2\/checkout\/orders\/[^/]+\/capture$/.test(r.path);

  const checkoutInput = (changes: Partial<CheckoutInput> = {}): CheckoutInput => {
    const orderId = randomUUID();
    return {
      orderId,
      paymentId: randomUUID(),
      currency: 'usd',
      amount: 3499,
      lineItems: [
        { name: 'T-shirt', unitAmount: 1500, quantity: 2 },
        { name: 'Sticker pack', unitAmount: 499, quantity: 1 },
      ],
      customerEmail: 'ada@example.com',
      successUrl: `http://shop.test/payment/success?orderId=${orderId}&session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `http://shop.test/payment/cancel?orderId=${orderId}`,
      expiresAt: new Date(Date.now() + 30 * 60_000),
      ...changes,
    };
  };

  /** A checkout the buyer approved ('complete'), approved with a capture to clear ('pending'), or with one to refuse ('denied'). */
  async function approvedCheckout(outcome: 'complete' | 'pending' | 'denied' = 'complete', input = checkoutInput()) {
    const { sessionId } = await provider.createCheckout(input);
    h.standIn.approveOrder(sessionId, outcome);
    return { sessionId, input };
  }

  async function capturedCheckout(input = checkoutInput()) {
    const { sessionId } = await approvedCheckout('complete', input);
    const captured = await provider.completeCheckout(sessionId);
    return { sessionId, input, captureId: captured!.paymentIntentId!, captured: captured! };
  }

  /** How many captures the stand-in holds for this order (as PayPal itself reports the order). */
  async function capturesAtPayPal(sessionId: string): Promise<number> {
    const { result } = await h.orders.getOrder({ id: sessionId });
    return result.purchaseUnits?.[0]?.payments?.captures?.length ?? 0;
  }

  const headersOf = (delivery: ReceivedPayPalDelivery): WebhookHeaders =>
    Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]));
  const verify = (delivery: ReceivedPayPalDelivery, headers: Json = {}, rawBody = delivery.rawBody) =>
    provider.verifyWebhook(Buffer.from(rawBody), { ...headersOf(delivery), ...headers } as WebhookHeaders);

  describe('createCheckout', () => {
    it('creates an order PayPal receives with our ids, the items’ total and the attempt as request id', async () => {
      const input = checkoutInput();
      const session = await provider.createCheckout(input);

      const [create] = calls('POST', '/v2/checkout/orders');
      expect(create.headers['paypal-request-id']).toBe(input.paymentId);
      expect(create.headers.prefer).toBe('return=representation');
      expect(create.headers.authorization).toMatch(/^Bearer A21AA/);
      const body = JSON.parse(create.body) as Json;
      expect(body).toEqual({
        intent: 'CAPTURE',
        purchase_units: [
          {
            reference_id: 'default',
            custom_id: input.orderId,
            invoice_id: input.paymentId,
            amount: {
              currency_code: 'USD',
              value: '34.99',
              breakdown: { item_total: { currency_code: 'USD', value: '34.99' } },
            },
            items: [
              { name: 'T-shirt', quantity: '2', unit_amount: { currency_code: 'USD', value: '15.00' } },
              { name: 'Sticker pack', quantity: '1', unit_amount: { currency_code: 'USD', value: '4.99' } },
            ],
          },
        ],
        payment_source: {
          paypal: {
            experience_context: {
              return_url: `http://shop.test/payment/success?orderId=${input.orderId}&session_id=${input.paymentId}`,
              cancel_url: input.cancelUrl,
              user_action: 'PAY_NOW',
              shipping_preference: 'NO_SHIPPING',
            },
          },
        },
      });
      // PayPal's rule: item_total is the sum of unit_amount x quantity.
      const unit = (body.purchase_units as Json[])[0] as {
        items: { quantity: string; unit_amount: { value: string } }[];
      };
      const itemsSum = unit.items.reduce(
        (sum, item) => sum + Math.round(Number(item.unit_amount.value) * 100) * Number(item.quantity),
        0,
      );
      expect(itemsSum).toBe(input.amount);

      expect(session).toEqual({
        sessionId: expect.stringMatching(/^[0-9A-Z]{17}$/),
        url: `${h.url}/checkoutnow?token=${session.sessionId}`,
        expiresAt: input.expiresAt,
      });
    });

    it('sends the buyer back to the success URL with the attempt’s id in place of the session’s', async () => {
      const input = checkoutInput();
      const { url, sessionId } = await provider.createCheckout(input);

      const approved = await h.pressButton(url, 'approve');

      expect(approved.status).toBe(303);
      const back = new URL(String(approved.headers.location));
      expect(`${back.origin}${back.pathname}`).toBe('http://shop.test/payment/success');
      expect(Object.fromEntries(back.searchParams)).toEqual({
        orderId: input.orderId,
        session_id: input.paymentId,
        token: sessionId,
        PayerID: expect.stringMatching(/^[0-9A-Z]{13}$/),
      });
    });

    it('answers a repeat with the same attempt id with the same order', async () => {
      const input = checkoutInput();
      const first = await provider.createCheckout(input);
      const again = await provider.createCheckout({ ...input, expiresAt: new Date(Date.now() + 60_000) });

      expect(again.sessionId).toBe(first.sessionId);
      expect(again.url).toBe(first.url);
      expect(calls('POST', '/v2/checkout/orders').map((r) => r.headers['paypal-request-id'])).toEqual([
        input.paymentId,
        input.paymentId,
      ]);
      const other = await provider.createCheckout(checkoutInput());
      expect(other.sessionId).not.toBe(first.sessionId);
    });

    it('refuses the order a repeat with another amount gets back: PayPal answers the first request', async () => {
      const input = checkoutInput();
      const first = await provider.createCheckout(input);
      const changed = { ...input, amount: 1500, lineItems: [{ name: 'T-shirt', unitAmount: 1500, quantity: 1 }] };

      const error = await providerError(() => provider.createCheckout(changed));

      expect(error).toMatchObject({
        kind: 'rejected',
        message: `PayPal order ${first.sessionId} total 3499 differs from 1500`,
      });
    });

    it.each([
      ['eur', 1999, [{ name: 'Book', unitAmount: 1999, quantity: 1 }], '19.99', '19.99'],
      ['jpy', 1500, [{ name: 'Tea', unitAmount: 500, quantity: 3 }], '1500', '500'],
      ['huf', 450_000, [{ name: 'Lángos', unitAmount: 150_000, quantity: 3 }], '4500', '1500'],
      ['twd', 30_000, [{ name: 'Bubble tea', unitAmount: 15_000, quantity: 2 }], '300', '150'],
    ])('writes %s amounts as PayPal takes them', async (currency, amount, lineItems, value, unitValue) => {
      const { sessionId } = await provider.createCheckout(checkoutInput({ currency, amount, lineItems }));

      const unit = (JSON.parse(calls('POST', '/v2/checkout/orders')[0].body) as { purchase_units: Json[] })
        .purchase_units[0];
      const code = currency.toUpperCase();
      expect(unit.amount).toEqual({
        currency_code: code,
        value,
        breakdown: { item_total: { currency_code: code, value } },
      });
      expect((unit.items as Json[])[0].unit_amount).toEqual({ currency_code: code, value: unitValue });
      expect(await provider.retrieveCheckout(sessionId)).toMatchObject({ amountTotal: amount, currency });
    });

    it('cuts an item name to PayPal’s 127 characters, never inside a surrogate pair', async () => {
      const lineItems = [
        { name: 'N'.repeat(200), unitAmount: 100, quantity: 1 },
        { name: `${'N'.repeat(126)}😀 and more`, unitAmount: 100, quantity: 1 },
        { name: `${'N'.repeat(125)}😀 and more`, unitAmount: 100, quantity: 1 },
      ];
      await provider.createCheckout(checkoutInput({ amount: 300, lineItems }));
      const create = calls('POST', '/v2/checkout/orders')[0];
      const unit = (JSON.parse(create.body) as { purchase_units: Json[] }).purchase_units[0];
      expect((unit.items as Json[]).map((item) => item.name)).toEqual([
        'N'.repeat(127),
        'N'.repeat(126),
        `${'N'.repeat(125)}😀`,
      ]);
      // A lone surrogate is what JSON.stringify escapes; a whole emoji goes as UTF-8.
      expect(create.body).not.toContain('\\ud83d');
    });

    it('refuses an amount PayPal cannot express, before asking PayPal', async () => {
      for (const changes of [
        { currency: 'huf', amount: 150_050, lineItems: [{ name: 'x', unitAmount: 150_050, quantity: 1 }] },
        { currency: 'huf', amount: 300_000, lineItems: [{ name: 'x', unitAmount: 150, quantity: 2000 }] },
        { currency: 'inr', amount: 5000, lineItems: [{ name: 'x', unitAmount: 5000, quantity: 1 }] },
        { currency: 'kwd', amount: 5000, lineItems: [{ name: 'x', unitAmount: 5000, quantity: 1 }] },
      ]) {
        const error = await providerError(() => provider.createCheckout(checkoutInput(changes)));
        expect(error.kind).toBe('rejected');
      }
      expect(calls('POST', '/v2/checkout/orders')).toEqual([]);
    });

    it('reads PayPal refusing the order as rejected, with PayPal’s issue', async () => {
      const error = await providerError(() =>
        provider.createCheckout(
          checkoutInput({ amount: 0, lineItems: [{ name: 'Free', unitAmount: 0, quantity: 1 }] }),
        ),
      );
      expect(error).toMatchObject({ kind: 'rejected', providerCode: 'CANNOT_BE_ZERO_OR_NEGATIVE' });
      expect(error.message).toBe('Could not create an order at PayPal: HTTP 422 CANNOT_BE_ZERO_OR_NEGATIVE');
    });

    it('refuses an order whose total PayPal computed otherwise, or that has no approval link', async () => {
      const input = checkoutInput();
      const order = (value: string, links: Json[]) => ({
        status: 201,
        body: {
          id: '5O190127TN364715T',
          intent: 'CAPTURE',
          status: 'PAYER_ACTION_REQUIRED',
          purchase_units: [
            { reference_id: 'default', amount: { currency_code: 'USD', value }, invoice_id: input.paymentId },
          ],
          links,
        },
      });
      const isCreate = (r: Seen) => r.method === 'POST' && r.path === '/v2/checkout/orders';
      answerOnce(
        isCreate,
        order('35.00', [{ href: 'https://www.paypal.com/checkoutnow?token=X', rel: 'payer-action' }]),
      );
      expect(await providerError(() => provider.createCheckout(input))).toMatchObject({
        kind: 'rejected',
        message: 'PayPal order 5O190127TN364715T total 3500 differs from 3499',
      });
      answerOnce(isCreate, order('34.99', [{ href: 'https://api-m.paypal.com/v2/checkout/orders/X', rel: 'self' }]));
      expect(await providerError(() => provider.createCheckout(input))).toMatchObject({
        kind: 'rejected',
        message: 'PayPal returned order 5O190127TN364715T without an approval link',
      });
      // The legacy flow's `approve` link serves as well as `payer-action`.
      answerOnce(isCreate, order('34.99', [{ href: 'https://www.paypal.com/checkoutnow?token=Y', rel: 'approve' }]));
      expect((await provider.createCheckout(input)).url).toBe('https://www.paypal.com/checkoutnow?token=Y');
    });
  });

  describe('retrieveCheckout', () => {
    it('reads an order as it moves from open to approved to complete', async () => {
      const input = checkoutInput();
      const { sessionId } = await provider.createCheckout(input);
      const open = {
        sessionId,
        status: 'open',
        paymentStatus: 'unpaid',
        amountTotal: 3499,
        currency: 'usd',
        paymentIntentId: null,
        orderId: input.orderId,
        paymentId: input.paymentId,
      };
      expect(await provider.retrieveCheckout(sessionId)).toEqual(open);
      expect(calls('GET', `/v2/checkout/orders/${sessionId}`)).toHaveLength(1);

      h.standIn.approveOrder(sessionId, 'complete');
      expect(await provider.retrieveCheckout(sessionId)).toEqual({ ...open, status: 'approved' });

      const { paymentIntentId } = (await provider.completeCheckout(sessionId))!;
      expect(await provider.retrieveCheckout(sessionId)).toEqual({
        ...open,
        status: 'complete',
        paymentStatus: 'paid',
        paymentIntentId,
      });
    });

    it('reads an unknown order as not_found', async () => {
      const error = await providerError(() => provider.retrieveCheckout('UNKNOWNORDER00001'));
      expect(error).toMatchObject({ kind: 'not_found', providerCode: 'INVALID_RESOURCE_ID' });
      expect(error.message).toBe('Could not read an order at PayPal: HTTP 404 INVALID_RESOURCE_ID');
    });
  });

  describe('completeCheckout', () => {
    it('takes nothing before the buyer approved', async () => {
      const { sessionId } = await provider.createCheckout(checkoutInput());
      expect(await provider.completeCheckout(sessionId)).toBeNull();
      expect(seen.filter(isCapture)).toEqual([]);
    });

    it('captures an approved order, with the order’s own request id', async () => {
      const { sessionId, input } = await approvedCheckout();

      const captured = await provider.completeCheckout(sessionId);

      expect(captured).toEqual({
        sessionId,
        status: 'complete',
        paymentStatus: 'paid',
        amountTotal: 3499,
        currency: 'usd',
        paymentIntentId: expect.stringMatching(/^[0-9A-Z]{17}$/),
        orderId: input.orderId,
        paymentId: input.paymentId,
      });
      const [capture] = seen.filter(isCapture);
      expect(capture.path).toBe(`/v2/checkout/orders/${sessionId}/capture`);
      expect(capture.headers['paypal-request-id']).toBe(`capture-${sessionId}`);
      const event = await h.waitForEvent('PAYMENT.CAPTURE.COMPLETED');
      expect(event.event.resource.id).toBe(captured!.paymentIntentId);
    });

    it('answers a second call with the same capture, and PayPal holds one capture', async () => {
      const { sessionId } = await approvedCheckout();
      const first = await provider.completeCheckout(sessionId);
      const second = await provider.completeCheckout(sessionId);

      expect(second).toEqual(first);
      expect(seen.filter(isCapture)).toHaveLength(1);
      expect(await capturesAtPayPal(sessionId)).toBe(1);
    });

    it('captures once when callers race (the return, the webhook, the reconciler)', async () => {
      const { sessionId } = await approvedCheckout();
      const results = await Promise.all([1, 2, 3].map(() => provider.completeCheckout(sessionId)));

      expect(new Set(results.map((r) => r?.paymentIntentId)).size).toBe(1);
      expect(results[0]).toMatchObject({ status: 'complete', paymentStatus: 'paid' });
      expect(await capturesAtPayPal(sessionId)).toBe(1);
      await h.standIn.waitForDeliveries();
      expect(h.standIn.events().filter((e) => e.event_type === 'PAYMENT.CAPTURE.COMPLETED')).toHaveLength(1);
    });

    it('reads a capture PayPal declined as a failed payment: no money moved', async () => {
      const { sessionId } = await approvedCheckout('denied');
      expect(await provider.completeCheckout(sessionId)).toMatchObject({
        status: 'complete',
        paymentStatus: 'failed',
        paymentIntentId: expect.any(String),
      });
    });

    it('reads a pending capture as complete but unpaid, then paid once it clears', async () => {
      const { sessionId } = await approvedCheckout('pending');
      const pending = await provider.completeCheckout(sessionId);
      expect(pending).toMatchObject({ status: 'complete', paymentStatus: 'unpaid' });

      h.standIn.settlePendingCapture(pending!.paymentIntentId!, 'COMPLETED');
      expect(await provider.retrieveCheckout(sessionId)).toMatchObject({ paymentStatus: 'paid' });
    });

    it('reads an order captured meanwhile under another request id as what that capture took', async () => {
      const { sessionId } = await approvedCheckout();
      answerOnce(isCapture, async () => {
        await h.orders.captureOrder({ id: sessionId, paypalRequestId: randomUUID() });
        return paypalError(422, 'UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED');
      });

      const read = await provider.completeCheckout(sessionId);

      expect(read).toMatchObject({ status: 'complete', paymentStatus: 'paid', paymentIntentId: expect.any(String) });
      expect(await capturesAtPayPal(sessionId)).toBe(1);
    });

    it('reads INSTRUMENT_DECLINED (the buyer’s funding refused) as a failed payment', async () => {
      const { sessionId, input } = await approvedCheckout();
      answerOnce(isCapture, paypalError(422, 'UNPROCESSABLE_ENTITY', 'INSTRUMENT_DECLINED'));

      expect(await provider.completeCheckout(sessionId)).toEqual({
        sessionId,
        status: 'complete',
        paymentStatus: 'failed',
        amountTotal: 3499,
        currency: 'usd',
        paymentIntentId: null,
        orderId: input.orderId,
        paymentId: input.paymentId,
      });
    });

    it.each(['TRANSACTION_REFUSED', 'DUPLICATE_INVOICE_ID', 'MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED'])(
      'reads a capture PayPal refuses for good (%s) as a failed payment, and an outage as unavailable',
      async (issue) => {
        const { sessionId } = await approvedCheckout();
        answerOnce(isCapture, paypalError(422, 'UNPROCESSABLE_ENTITY', issue));
        expect(await provider.completeCheckout(sessionId)).toMatchObject({
          sessionId,
          status: 'complete',
          paymentStatus: 'failed',
          paymentIntentId: null,
        });
        answerOnce(isCapture, paypalError(503, 'SERVICE_UNAVAILABLE'));
        expect(await providerError(() => provider.completeCheckout(sessionId))).toMatchObject({
          kind: 'unavailable',
          providerCode: 'SERVICE_UNAVAILABLE',
        });
        // Nothing was taken meanwhile: a later call still captures.
        expect(await provider.completeCheckout(sessionId)).toMatchObject({ paymentStatus: 'paid' });
      },
    );

    it('reads an unknown order as not_found', async () => {
      expect((await providerError(() => provider.completeCheckout('UNKNOWNORDER00001'))).kind).toBe('not_found');
    });
  });

  describe('expireCheckout', () => {
    it('closes an open or approved order (orderpay’s promise never to capture it)', async () => {
      const { sessionId: open } = await provider.createCheckout(checkoutInput());
      expect(await provider.expireCheckout(open)).toBe('expired');
      const { sessionId: approved } = await approvedCheckout();
      expect(await provider.expireCheckout(approved)).toBe('expired');
      expect(seen.filter(isCapture)).toEqual([]);
    });

    it('says already_complete once PayPal captured it', async () => {
      const { sessionId } = await capturedCheckout();
      expect(await provider.expireCheckout(sessionId)).toBe('already_complete');
      const { sessionId: declined } = await approvedCheckout('denied');
      await provider.completeCheckout(declined);
      expect(await provider.expireCheckout(declined)).toBe('already_complete');
    });

    it('reads an unknown order as not_found', async () => {
      expect((await providerError(() => provider.expireCheckout('UNKNOWNORDER00001'))).kind).toBe('not_found');
    });
  });

  describe('refunds', () => {
    const refundInput = (paymentIntentId: string, amount: number, refundId = randomUUID()) => ({
      refundId,
      orderId: randomUUID(),
      paymentId: randomUUID(),
      paymentIntentId,
      amount,
      currency: 'usd',
      note: 'Customer changed their mind',
    });

    it('refunds a part, then the rest, with our refund id as custom_id and request id', async () => {
      const { captureId } = await capturedCheckout();
      const part = refundInput(captureId, 1000);

      const first = await provider.refund(part);

      expect(first).toEqual({
        provider: 'paypal',
        providerRefundId: expect.stringMatching(/^[0-9A-Z]{17}$/),
        paymentIntentId: captureId,
        amount: 1000,
        currency: 'usd',
        status: 'succeeded',
        failureReason: null,
        refundId: part.refundId,
      });
      const [request] = calls('POST', `/v2/payments/captures/${captureId}/refund`);
      expect(request.headers['paypal-request-id']).toBe(part.refundId);
      expect(request.headers.prefer).toBe('return=representation');
      expect(JSON.parse(request.body)).toEqual({
        amount: { currency_code: 'USD', value: '10.00' },
        custom_id: part.refundId,
      });

      const rest = refundInput(captureId, 2499);
      expect(await provider.refund(rest)).toMatchObject({ amount: 2499, status: 'succeeded', refundId: rest.refundId });

      // Nothing is left: PayPal refuses another.
      const more = await providerError(() => provider.refund(refundInput(captureId, 1)));
      expect(more).toMatchObject({ kind: 'rejected', providerCode: 'CAPTURE_FULLY_REFUNDED' });
    });

    it('answers a retried refund (same refund id) with the first refund, refunding once', async () => {
      const { captureId } = await capturedCheckout();
      const input = refundInput(captureId, 1000);

      const first = await provider.refund(input);
      const again = await provider.refund(input);

      expect(again).toEqual(first);
      expect(calls('POST', `/v2/payments/captures/${captureId}/refund`)).toHaveLength(2);
      expect(await provider.listRefunds(captureId)).toHaveLength(1);
      await h.standIn.waitForDeliveries();
      expect(h.standIn.events().filter((e) => e.event_type === 'PAYMENT.CAPTURE.REFUNDED')).toHaveLength(1);
    });

    it('refuses more than is left, and an amount PayPal cannot express', async () => {
      const { captureId } = await capturedCheckout();
      expect(await providerError(() => provider.refund(refundInput(captureId, 3500)))).toMatchObject({
        kind: 'rejected',
        providerCode: 'REFUND_AMOUNT_EXCEEDED',
      });
      const huf = { ...refundInput(captureId, 150_050), currency: 'huf' };
      expect((await providerError(() => provider.refund(huf))).kind).toBe('rejected');
      expect(calls('POST', `/v2/payments/captures/${captureId}/refund`)).toHaveLength(1);
    });

    it('refuses a refund of a capture still pending', async () => {
      const { sessionId } = await approvedCheckout('pending');
      const { paymentIntentId } = (await provider.completeCheckout(sessionId))!;
      expect(await providerError(() => provider.refund(refundInput(paymentIntentId!, 100)))).toMatchObject({
        kind: 'rejected',
        providerCode: 'REFUND_NOT_ALLOWED',
      });
    });

    it('reads an unknown capture as not_found', async () => {
      expect((await providerError(() => provider.refund(refundInput('UNKNOWNCAPTURE001', 100)))).kind).toBe(
        'not_found',
      );
    });

    it('reads a refund by its id as the refund call answered it', async () => {
      const { captureId } = await capturedCheckout();
      const made = await provider.refund(refundInput(captureId, 1000));

      expect(await provider.retrieveRefund(made.providerRefundId)).toEqual(made);
      expect(calls('GET', `/v2/payments/refunds/${made.providerRefundId}`)).toHaveLength(1);
      expect((await providerError(() => provider.retrieveRefund('UNKNOWNREFUND0001'))).kind).toBe('not_found');
    });

    it('lists a capture’s refunds newest first, and only that capture’s', async () => {
      const one = await capturedCheckout();
      const other = await capturedCheckout();
      const a = await provider.refund(refundInput(one.captureId, 500));
      const elsewhere = await provider.refund(refundInput(other.captureId, 700));
      const b = await provider.refund(refundInput(one.captureId, 600));
      const reversal = h.standIn.reverseCapture(one.captureId);

      const listed = await provider.listRefunds(one.captureId);

      expect(listed.map((r) => r.providerRefundId)).toEqual([reversal.id, b.providerRefundId, a.providerRefundId]);
      expect(listed[0]).toMatchObject({ amount: 3499 - 1100, refundId: null, paymentIntentId: one.captureId });
      expect(listed[1]).toEqual(b);
      expect(await provider.listRefunds(other.captureId)).toEqual([elsewhere]);
      const none = await capturedCheckout();
      expect(await provider.listRefunds(none.captureId)).toEqual([]);
    });

    it('counts a refund the order lists without naming its capture as that capture’s (one capture per order)', async () => {
      const { captureId, sessionId } = await capturedCheckout();
      const made = await provider.refund(refundInput(captureId, 500));
      answerOnce(
        (r) => r.method === 'GET' && r.path === `/v2/checkout/orders/${sessionId}`,
        async () => {
          const order = (await h.orders.getOrder({ id: sessionId })).body as string;
          const parsed = JSON.parse(order) as {
            purchase_units: { payments: { refunds: Record<string, unknown>[] } }[];
          };
          for (const refund of parsed.purchase_units[0].payments.refunds) {
            refund.links = (refund.links as { rel: string }[]).filter((link) => link.rel !== 'up');
            delete refund.supplementary_data;
          }
          return { status: 200, body: parsed };
        },
      );

      expect(await provider.listRefunds(captureId)).toEqual([made]);
    });

    it('reads an unknown capture’s refunds as not_found', async () => {
      expect((await providerError(() => provider.listRefunds('UNKNOWNCAPTURE001'))).kind).toBe('not_found');
    });
  });

  describe('paymentReferenceOf', () => {
    it('reads our ids from the capture', async () => {
      const { captureId, input } = await capturedCheckout();
      expect(await provider.paymentReferenceOf(captureId)).toEqual({
        orderId: input.orderId,
        paymentId: input.paymentId,
      });
      expect(calls('GET', `/v2/payments/captures/${captureId}`)).toHaveLength(1);
    });

    it('reads an unknown capture as not_found', async () => {
      expect((await providerError(() => provider.paymentReferenceOf('UNKNOWNCAPTURE001'))).kind).toBe('not_found');
    });
  });

  describe('verifyWebhook', () => {
    it('verifies a delivery at PayPal and reads it', async () => {
      const { sessionId, input } = await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');

      const received = await verify(delivery);

      expect(received).toEqual({
        event: {
          id: delivery.event.id,
          providerType: 'CHECKOUT.ORDER.APPROVED',
          createdAt: new Date(delivery.event.create_time),
          kind: 'checkout.approved',
          checkout: {
            sessionId,
            status: 'approved',
            paymentStatus: 'unpaid',
            amountTotal: 3499,
            currency: 'usd',
            paymentIntentId: null,
            orderId: input.orderId,
            paymentId: input.paymentId,
          },
        },
        payload: JSON.parse(delivery.rawBody),
      });
    });

    it('sends PayPal the delivery’s headers, our webhook id and the body byte for byte', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      await verify(delivery);

      const [request] = calls('POST', '/v1/notifications/verify-webhook-signature');
      expect(request.headers.authorization).toMatch(/^Bearer A21AA/);
      expect(JSON.parse(request.body)).toEqual({
        transmission_id: delivery.headers['paypal-transmission-id'],
        transmission_time: delivery.headers['paypal-transmission-time'],
        transmission_sig: delivery.headers['paypal-transmission-sig'],
        cert_url: delivery.headers['paypal-cert-url'],
        auth_algo: delivery.headers['paypal-auth-algo'],
        webhook_id: h.standIn.webhookId,
        webhook_event: JSON.parse(delivery.rawBody),
      });
      expect(request.body.endsWith(`,"webhook_event":${delivery.rawBody}}`)).toBe(true);
    });

    it('reads every kind of event the stand-in sends', async () => {
      const { sessionId, captureId } = await capturedCheckout();
      const refundId = randomUUID();
      await provider.refund({
        refundId,
        orderId: randomUUID(),
        paymentId: randomUUID(),
        paymentIntentId: captureId,
        amount: 1000,
        currency: 'usd',
        note: 'x',
      });
      h.standIn.openDispute(captureId, { amount: '5.00' });
      h.standIn.reverseCapture(captureId);
      const pending = await approvedCheckout('pending');
      const pendingCapture = (await provider.completeCheckout(pending.sessionId))!.paymentIntentId!;
      h.standIn.settlePendingCapture(pendingCapture, 'DECLINED');

      const read = async (type: string, match: (resource: Json) => boolean = () => true) =>
        (await verify(await h.waitForEvent(type, (e) => match(e.resource)))).event;

      expect(await read('PAYMENT.CAPTURE.COMPLETED')).toMatchObject({
        kind: 'checkout.completed',
        checkout: { sessionId, paymentStatus: 'paid', paymentIntentId: captureId },
      });
      expect(await read('PAYMENT.CAPTURE.REFUNDED')).toMatchObject({
        kind: 'refund.updated',
        refund: { paymentIntentId: captureId, amount: 1000, status: 'succeeded', refundId },
      });
      expect(await read('CUSTOMER.DISPUTE.CREATED')).toMatchObject({
        kind: 'dispute.created',
        dispute: { provider: 'paypal', paymentIntentId: captureId, amount: 500, currency: 'usd', status: 'OPEN' },
      });
      expect(await read('PAYMENT.CAPTURE.REVERSED')).toMatchObject({
        kind: 'refund.updated',
        refund: { paymentIntentId: captureId, amount: 2499, refundId: null },
      });
      expect(await read('PAYMENT.CAPTURE.PENDING')).toMatchObject({
        kind: 'checkout.completed',
        checkout: { sessionId: pending.sessionId, paymentStatus: 'unpaid', paymentIntentId: pendingCapture },
      });
      expect(await read('PAYMENT.CAPTURE.DENIED')).toMatchObject({
        kind: 'checkout.async_payment_failed',
        checkout: { sessionId: pending.sessionId, paymentStatus: 'failed', paymentIntentId: pendingCapture },
      });
    });

    it('verifies a redelivery (a new transmission of the same event) as the same event', async () => {
      await approvedCheckout();
      const first = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      h.standIn.redeliverEvent(first.event.id);
      const second = await waitFor(() => h.deliveries.filter((d) => d.event.id === first.event.id)[1], {
        what: 'the redelivery',
      });
      expect(second.headers['paypal-transmission-id']).not.toBe(first.headers['paypal-transmission-id']);

      expect((await verify(second)).event).toEqual((await verify(first)).event);
    });

    it.each([
      'paypal-transmission-id',
      'paypal-transmission-time',
      'paypal-transmission-sig',
      'paypal-cert-url',
      'paypal-auth-algo',
    ])('refuses a delivery without %s, without asking PayPal', async (header) => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      for (const value of [undefined, '']) {
        const error = await signatureError(() => verify(delivery, { [header]: value }));
        expect(error.message).toBe(`Missing ${header} header`);
      }
      expect(calls('POST', '/v1/notifications/verify-webhook-signature')).toEqual([]);
    });

    it('refuses a changed body', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      const changed = JSON.stringify({ ...(JSON.parse(delivery.rawBody) as Json), summary: 'Something else' });
      const amount = delivery.rawBody.replace('"value":"34.99"', '"value":"0.01"');
      expect(amount).not.toBe(delivery.rawBody);

      for (const body of [changed, amount]) {
        const error = await signatureError(() => verify(delivery, {}, body));
        expect(error.message).toBe('PayPal did not verify the delivery (FAILURE)');
      }
    });

    it.each([
      ['paypal-transmission-id', '69cd13f0-d67a-11e5-baa3-778b53f4ae55'],
      ['paypal-transmission-time', '2016-02-18T20:01:35Z'],
      ['paypal-transmission-sig', 'bG1JOTVKeDNZOW5oUjVTSldsSFZJV3BnNEFnRms3bjliQ0hTUnhicmQ4QT0='],
      ['paypal-cert-url', 'https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-other'],
      ['paypal-auth-algo', 'SHA1withRSA'],
    ])('refuses a delivery whose %s was changed', async (header, value) => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      const error = await signatureError(() => verify(delivery, { [header]: value }));
      expect(error.message).toBe('PayPal did not verify the delivery (FAILURE)');
    });

    it('refuses a delivery meant for another webhook id', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      const elsewhere = new PayPalPaymentProvider(
        loadConfig({
          NODE_ENV: 'test',
          PAYPAL_API_URL: proxyUrl,
          PAYPAL_CLIENT_ID: 'other-app-client-id',
          PAYPAL_CLIENT_SECRET: 'other-app-secret',
          PAYPAL_WEBHOOK_ID: 'OTHERWEBHOOK02',
        }),
      );
      const error = await signatureError(() =>
        elsewhere.verifyWebhook(Buffer.from(delivery.rawBody), headersOf(delivery)),
      );
      expect(error.message).toBe('PayPal did not verify the delivery (FAILURE)');
    });

    it('refuses a body that is not a JSON object before asking PayPal', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      for (const body of ['not json', '', `${delivery.rawBody}x`, '\ufeff{}']) {
        expect((await signatureError(() => verify(delivery, {}, body))).message).toBe(
          'The body is not JSON: PayPal cannot verify it',
        );
      }
      for (const body of ['[]', '"WH-1"', 'null', '42']) {
        expect((await signatureError(() => verify(delivery, {}, body))).message).toBe(
          'The body is not a JSON object: PayPal cannot verify it',
        );
      }
      expect(calls('POST', '/v1/notifications/verify-webhook-signature')).toEqual([]);
    });

    it('reads PayPal refusing the verification request as a bad delivery', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      const isVerify = (r: Seen) => r.path === '/v1/notifications/verify-webhook-signature';
      answerOnce(isVerify, paypalError(400, 'INVALID_REQUEST', 'MISSING_REQUIRED_PARAMETER'));
      expect((await signatureError(() => verify(delivery))).message).toBe(
        'PayPal did not verify the delivery (refused: INVALID_REQUEST)',
      );
      answerOnce(isVerify, { status: 422, body: 'not json' });
      expect((await signatureError(() => verify(delivery))).message).toBe(
        'PayPal did not verify the delivery (refused: 422)',
      );
      answerOnce(isVerify, { status: 200, body: {} });
      expect((await signatureError(() => verify(delivery))).message).toBe(
        'PayPal did not verify the delivery (no status)',
      );
    });

    it('reads PayPal failing to answer as unavailable, our credentials refused as misconfigured', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      const isVerify = (r: Seen) => r.path === '/v1/notifications/verify-webhook-signature';
      for (const [status, kind] of [
        [500, 'unavailable'],
        [503, 'unavailable'],
        [429, 'unavailable'],
        [401, 'misconfigured'],
        [403, 'misconfigured'],
      ] as const) {
        answerOnce(isVerify, paypalError(status, 'SCRIPTED'));
        loggedErrors.mockClear();
        const error = await providerError(() => verify(delivery));
        expect(error).toMatchObject({ kind, message: `Could not verify a webhook at PayPal: HTTP ${status}` });
        // Refused credentials need an operator: they are logged as an error.
        expect(loggedErrors.mock.calls).toEqual(
          kind === 'misconfigured' ? [['PayPal refused our credentials when verifying a webhook']] : [],
        );
      }
      // Each answer above is forgotten: the same delivery verifies now.
      expect((await verify(delivery)).event.kind).toBe('checkout.approved');
    });

    it('fetches a new token after PayPal refused the one it had', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      await verify(delivery);
      const isVerify = (r: Seen) => r.path === '/v1/notifications/verify-webhook-signature';
      answerOnce(isVerify, { status: 401, body: { error: 'invalid_token', error_description: 'expired' } });
      expect((await providerError(() => verify(delivery))).kind).toBe('misconfigured');
      await verify(delivery);

      const tokens = calls('POST', '/v1/oauth2/token');
      const used = calls('POST', '/v1/notifications/verify-webhook-signature').map((r) => r.headers.authorization);
      expect(used[0]).toBe(used[1]);
      expect(used[2]).not.toBe(used[1]);
      // One token for the SDK's calls, and one for each verification token the provider needed.
      expect(tokens.length).toBe(3);
    });

    it('reads the stand-in being down as unavailable', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      faults.set({ down: true });

      const error = await providerError(() => verify(delivery));

      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(/^Could not verify a webhook at PayPal: /);
      faults.clear();
      expect((await verify(delivery)).event.kind).toBe('checkout.approved');
    });

    it('reads the stand-in going down after the token as unavailable', async () => {
      await approvedCheckout();
      const delivery = await h.waitForEvent('CHECKOUT.ORDER.APPROVED');
      await verify(delivery);
      faults.set({ down: true });
      expect((await providerError(() => verify(delivery))).kind).toBe('unavailable');
    });
  });

  describe('error translation', () => {
    it.each([
      [500, 'INTERNAL_SERVER_ERROR', undefined, 'unavailable'],
      [503, 'SERVICE_UNAVAILABLE', undefined, 'unavailable'],
      [429, 'RATE_LIMIT_REACHED', undefined, 'unavailable'],
      [408, 'REQUEST_TIMEOUT', undefined, 'unavailable'],
      [409, 'CONFLICT', 'PREVIOUS_REQUEST_IN_PROGRESS', 'unavailable'],
      [404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID', 'not_found'],
      [404, 'NOT_FOUND', undefined, 'not_found'],
      [422, 'UNPROCESSABLE_ENTITY', 'INVALID_RESOURCE_ID', 'not_found'],
      [401, 'AUTHENTICATION_FAILURE', undefined, 'misconfigured'],
      [403, 'NOT_AUTHORIZED', 'PERMISSION_DENIED', 'misconfigured'],
      [400, 'INVALID_REQUEST', 'INVALID_PARAMETER_VALUE', 'rejected'],
      [422, 'UNPROCESSABLE_ENTITY', 'REFUND_NOT_ALLOWED', 'rejected'],
    ] as const)('reads HTTP %d %s (%s) as %s', async (status, name, issue, kind) => {
      answerOnce((r) => r.method === 'GET', paypalError(status, name, issue));
      const error = await providerError(() => provider.retrieveRefund('1JU08902781691411'));
      expect(error.kind).toBe(kind);
      expect(error.providerCode).toBe(issue ?? name);
      expect(error.message).toBe(`Could not read a refund at PayPal: HTTP ${status} ${issue ?? name}`);
      expect(loggedErrors.mock.calls).toEqual(
        kind === 'misconfigured' ? [[`PayPal refused our credentials: ${error.message}`]] : [],
      );
    });

    it('reads an OAuth error (our credentials refused) as misconfigured', async () => {
      answerOnce((r) => r.path === '/v1/oauth2/token', {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client Authentication failed' },
      });
      const error = await providerError(() => provider.retrieveCheckout('5O190127TN364715T'));
      expect(error).toMatchObject({ kind: 'misconfigured', providerCode: 'invalid_client' });
    });

    it('reads an error without PayPal’s body by its status alone', async () => {
      answerOnce((r) => r.method === 'GET', { status: 502, body: '<html>Bad gateway</html>' });
      const error = await providerError(() => provider.retrieveRefund('1JU08902781691411'));
      expect(error).toMatchObject({ kind: 'unavailable', providerCode: undefined });
      expect(error.message).toBe('Could not read a refund at PayPal: HTTP 502');
    });

    it('reads an answer it cannot use as a provider fault, not as a result', async () => {
      answerOnce((r) => r.method === 'GET', {
        status: 200,
        body: { id: '1JU08902781691411', status: 'COMPLETED', amount: { currency_code: 'USD', value: '-1.00' } },
      });
      const error = await providerError(() => provider.retrieveRefund('1JU08902781691411'));
      expect(error).toMatchObject({
        kind: 'unavailable',
        message: 'PayPal answered an unexpected refund: refund.amount.value must be a decimal amount in usd',
      });
      // The SDK checks an answer against its own models first: one that is not even an order
      // never reaches orderpay's readers.
      answerOnce((r) => r.method === 'GET', { status: 200, body: '[]' });
      const notAnOrder = await providerError(() => provider.retrieveCheckout('5O190127TN364715T'));
      expect(notAnOrder.kind).toBe('unavailable');
      expect(notAnOrder.message).toMatch(
        /^Could not read an order at PayPal: Error: The response did not match the response schema/,
      );
      // One the SDK's models accept (strings where it wants strings) still meets orderpay's.
      answerOnce((r) => r.method === 'GET', {
        status: 200,
        body: { id: '5O190127TN364715T', status: 'CREATED', purchase_units: 'none' },
      });
      expect(await providerError(() => provider.retrieveCheckout('5O190127TN364715T'))).toMatchObject({
        kind: 'unavailable',
      });
    });

    it('reads the stand-in being down as unavailable, for the token and for a call', async () => {
      faults.set({ down: true });
      const error = await providerError(() => provider.retrieveCheckout('5O190127TN364715T'));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(/^Could not read an order at PayPal: /);

      faults.clear();
      const { sessionId } = await provider.createCheckout(checkoutInput());
      faults.set({ down: true });
      expect((await providerError(() => provider.retrieveCheckout(sessionId))).kind).toBe('unavailable');
      expect((await providerError(() => provider.completeCheckout(sessionId))).kind).toBe('unavailable');
      faults.clear();
      expect(await provider.retrieveCheckout(sessionId)).toMatchObject({ sessionId, status: 'open' });
    });

    it('recovers once PayPal answers again after the first token could not be fetched', async () => {
      // The SDK keeps its token as one shared promise: a failed fetch must not stay its answer.
      faults.set({ down: true });
      expect((await providerError(() => provider.retrieveCheckout('5O190127TN364715T'))).kind).toBe('unavailable');
      faults.clear();

      const { sessionId } = await provider.createCheckout(checkoutInput());

      expect(await provider.retrieveCheckout(sessionId)).toMatchObject({ sessionId, status: 'open' });
    });

    it.each([
      [500, { name: 'INTERNAL_SERVER_ERROR', message: 'scripted' }, 'unavailable'],
      [401, { error: 'invalid_client', error_description: 'Client Authentication failed' }, 'misconfigured'],
    ] as const)('recovers after the token request was answered %d', async (status, body, kind) => {
      answerOnce((r) => r.path === '/v1/oauth2/token', { status, body });
      expect((await providerError(() => provider.retrieveCheckout('5O190127TN364715T'))).kind).toBe(kind);

      const { sessionId } = await provider.createCheckout(checkoutInput());

      expect(sessionId).toMatch(/^[0-9A-Z]{17}$/);
      expect(calls('POST', '/v1/oauth2/token')).toHaveLength(2);
    });

    it('recovers after renewing an expired token failed', async () => {
      const { sessionId } = await provider.createCheckout(checkoutInput());
      // The stand-in's tokens say they last 9 hours, like PayPal's; ten hours later the SDK renews.
      const later = Date.now() + 10 * 3600_000;
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => later);
      try {
        answerOnce((r) => r.path === '/v1/oauth2/token', paypalError(503, 'SERVICE_UNAVAILABLE'));
        expect((await providerError(() => provider.retrieveCheckout(sessionId))).kind).toBe('unavailable');

        expect(await provider.retrieveCheckout(sessionId)).toMatchObject({ sessionId, status: 'open' });
        expect(calls('POST', '/v1/oauth2/token')).toHaveLength(3);
      } finally {
        clock.mockRestore();
      }
    });

    it('keeps its token across calls that PayPal refused', async () => {
      const { sessionId } = await provider.createCheckout(checkoutInput());
      await providerError(() => provider.retrieveCheckout('UNKNOWNORDER00001'));
      await provider.retrieveCheckout(sessionId);
      expect(calls('POST', '/v1/oauth2/token')).toHaveLength(1);
    });

    it('reads no server at all as unavailable', async () => {
      const nowhere = new PayPalPaymentProvider(loadConfig({ NODE_ENV: 'test', PAYPAL_API_URL: 'http://127.0.0.1:9' }));
      expect((await providerError(() => nowhere.retrieveCheckout('5O190127TN364715T'))).kind).toBe('unavailable');
      const headers = {
        'paypal-transmission-id': '69cd13f0-d67a-11e5-baa3-778b53f4ae55',
        'paypal-transmission-time': '2016-02-18T20:01:35Z',
        'paypal-transmission-sig': 'c2lnbmF0dXJl',
        'paypal-cert-url': 'https://api-m.paypal.com/v1/notifications/certs/CERT-1',
        'paypal-auth-algo': 'SHA256withRSA',
      };
      const error = await providerError(() => nowhere.verifyWebhook(Buffer.from('{"id":"WH-1"}'), headers));
      expect(error.kind).toBe('unavailable');
    });
  });

  it('calls PayPal’s own paths through the SDK, with its Host', async () => {
    await capturedCheckout();
    expect(seen.map((r) => `${r.method} ${r.path.replace(/[0-9A-Z]{17}/g, ':id')}`)).toEqual([
      'POST /v1/oauth2/token',
      'POST /v2/checkout/orders',
      'GET /v2/checkout/orders/:id',
      'POST /v2/checkout/orders/:id/capture',
    ]);
    expect(new Set(seen.map((r) => r.headers.host))).toEqual(new Set(['api-m.sandbox.paypal.com']));
    // Links PayPal returned (the approval page) point where the stand-in serves them.
    expect((await httpCall('GET', `${h.url}/checkoutnow?token=UNKNOWNORDER00001`)).status).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import { ApiError, CheckoutPaymentIntent, CustomError, OAuthProviderError } from '@paypal/paypal-server-sdk';
import { httpCall, postJson } from '../testing/http-client';
import { PayPalHarness, startPayPalHarness } from './testing/paypal-harness';
import { newPayPalSdk } from './testing/paypal-sdk';

/** Runs the call and returns what it threw; fails the test when it did not throw. */
async function failure<T extends Error>(call: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(type);
  return outcome as T;
}

describe('PayPal stand-in: OAuth and Orders v2 through the official SDK', () => {
  let h: PayPalHarness;

  beforeEach(async () => {
    h = await startPayPalHarness();
  });
  afterEach(() => h.close());

  describe('OAuth2 token', () => {
    it('should issue a bearer token for any client id and secret', async () => {
      const token = await h.client.clientCredentialsAuthManager.fetchToken();

      expect(token.tokenType).toBe('Bearer');
      expect(token.accessToken).toMatch(/^A21AA/);
      expect(token.expiresIn).toBe(32400n);
    });

    it('should answer OAuth 401 invalid_client without usable Basic credentials', async () => {
      for (const authorization of [undefined, 'Basic !!!', `Basic ${Buffer.from('only-id').toString('base64')}`]) {
        const res = await httpCall('POST', `${h.url}/v1/oauth2/token`, {
          body: 'grant_type=client_credentials',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            ...(authorization ? { Authorization: authorization } : {}),
          },
        });
        expect(res.status).toBe(401);
        expect(res.json()).toEqual({ error: 'invalid_client', error_description: 'Client Authentication failed' });
      }
    });

    it('should make the SDK throw a 401 ApiError when the secret is empty', async () => {
      const sdk = newPayPalSdk(h.url, { id: 'id', secret: '' });

      const error = await failure(sdk.orders.getOrder({ id: 'ANY' }), ApiError);

      // The package root exports OAuthProviderError as the enum of OAuth error codes: the error
      // class of that name is shadowed, so callers catch ApiError and read `result.error`.
      expect(error.statusCode).toBe(401);
      expect((error.result as { error?: string }).error).toBe(OAuthProviderError.InvalidClient);
    });

    it('should refuse API calls without a bearer token, or with one it never issued', async () => {
      const missing = await httpCall('GET', `${h.url}/v2/checkout/orders/X`);
      expect(missing.status).toBe(401);
      expect(missing.json()).toMatchObject({ name: 'AUTHENTICATION_FAILURE', debug_id: expect.any(String) });

      const foreign = await httpCall('GET', `${h.url}/v2/checkout/orders/X`, {
        headers: { Authorization: 'Bearer A21AAFsomeoneElse' },
      });
      expect(foreign.status).toBe(401);
      expect(foreign.json()).toEqual({ error: 'invalid_token', error_description: 'Access Token not found in cache' });
    });
  });

  describe('create and get', () => {
    it('should answer minimally by default, with the payer-action link to the approval page', async () => {
      const { result, statusCode } = await h.orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [{ amount: { currencyCode: 'USD', value: '10.00' } }],
          paymentSource: {
            paypal: { experienceContext: { returnUrl: 'http://localhost/r', cancelUrl: 'http://localhost/c' } },
          },
        },
      });

      expect(statusCode).toBe(201);
      expect(result.id).toMatch(/^[0-9A-Z]{17}$/);
      expect(result.status).toBe('PAYER_ACTION_REQUIRED');
      expect(result.purchaseUnits).toBeUndefined();
      expect(result.links?.find((l) => l.rel === 'payer-action')?.href).toBe(`${h.url}/checkoutnow?token=${result.id}`);
    });

    it('should say CREATED with an approve link for the legacy application_context', async () => {
      const { result } = await h.orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [{ amount: { currencyCode: 'EUR', value: '5' } }],
          applicationContext: { returnUrl: 'http://localhost/r', cancelUrl: 'http://localhost/c' },
        },
        prefer: 'return=representation',
      });

      expect(result.status).toBe('CREATED');
      expect(result.links?.map((l) => l.rel)).toEqual(['self', 'approve', 'update', 'capture']);
      expect(result.purchaseUnits?.[0].amount).toEqual({ currencyCode: 'EUR', value: '5' });
    });

    it('should return what the merchant sent on GET', async () => {
      const created = await h.createOrder();

      const { result } = await h.orders.getOrder({ id: created.id });

      expect(result.intent).toBe('CAPTURE');
      expect(result.status).toBe('PAYER_ACTION_REQUIRED');
      const unit = result.purchaseUnits![0];
      expect(unit.invoiceId).toBe(created.invoiceId);
      expect(unit.customId).toMatch(/^pay_/);
      expect(unit.amount?.value).toBe('34.99');
      expect(unit.items?.map((item) => [item.name, item.quantity, item.unitAmount.value])).toEqual([
        ['T-shirt', '2', '15.00'],
        ['Sticker pack', '1', '4.99'],
      ]);
      expect(result.payer).toBeUndefined();
    });

    it('should return the same order for a repeated PayPal-Request-Id and a new one otherwise', async () => {
      const requestId = randomUUID();
      const body = {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [{ amount: { currencyCode: 'USD', value: '1.00' } }],
      };

      const first = await h.orders.createOrder({ body, paypalRequestId: requestId });
      const again = await h.orders.createOrder({ body, paypalRequestId: requestId });
      const other = await h.orders.createOrder({ body, paypalRequestId: randomUUID() });

      expect(again.result.id).toBe(first.result.id);
      expect(other.result.id).not.toBe(first.result.id);
    });

    it.each([
      [
        'a breakdown that does not add up',
        { value: '10.00', breakdown: { itemTotal: { currencyCode: 'USD', value: '9.00' } } },
        'AMOUNT_MISMATCH',
      ],
      ['three decimals', { value: '10.001' }, 'DECIMAL_PRECISION'],
      ['a zero amount', { value: '0.00' }, 'CANNOT_BE_ZERO_OR_NEGATIVE'],
    ])('should refuse %s with 422 UNPROCESSABLE_ENTITY', async (_what, amount, issue) => {
      const error = await failure(
        h.orders.createOrder({
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [{ amount: { currencyCode: 'USD', ...amount } }],
          },
        }),
        CustomError,
      );

      expect(error.statusCode).toBe(422);
      expect(error.result).toMatchObject({
        name: 'UNPROCESSABLE_ENTITY',
        message: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
        debug_id: expect.stringMatching(/^[0-9a-f]{13}$/),
        details: [{ issue }],
      });
      expect(error.headers['paypal-debug-id']).toBe(error.result?.debug_id);
    });

    it('should refuse decimals for JPY and an unknown currency', async () => {
      const order = (currencyCode: string, value: string) =>
        h.orders.createOrder({
          body: { intent: CheckoutPaymentIntent.Capture, purchaseUnits: [{ amount: { currencyCode, value } }] },
        });

      expect((await failure(order('JPY', '10.5'), CustomError)).result?.details?.[0].issue).toBe(
        'DECIMALS_NOT_SUPPORTED',
      );
      expect((await failure(order('XYZ', '10.00'), CustomError)).result?.details?.[0].issue).toBe(
        'CURRENCY_NOT_SUPPORTED',
      );
    });

    it('should answer 400 INVALID_REQUEST for malformed JSON and a missing intent', async () => {
      const token = (await h.client.clientCredentialsAuthManager.fetchToken()).accessToken;
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

      const malformed = await httpCall('POST', `${h.url}/v2/checkout/orders`, { body: '{"intent":', headers });
      const noIntent = await httpCall('POST', `${h.url}/v2/checkout/orders`, {
        body: '{"purchase_units":[]}',
        headers,
      });

      expect(malformed.status).toBe(400);
      expect(malformed.json()).toMatchObject({
        name: 'INVALID_REQUEST',
        details: [{ issue: 'MALFORMED_REQUEST_JSON' }],
      });
      expect(noIntent.status).toBe(400);
      expect(noIntent.json()).toMatchObject({ details: [{ issue: 'MISSING_REQUIRED_PARAMETER', field: '/intent' }] });
    });

    it('should answer 404 RESOURCE_NOT_FOUND for an unknown order', async () => {
      const error = await failure(h.orders.getOrder({ id: 'NOSUCHORDER000000' }), CustomError);

      expect(error.statusCode).toBe(404);
      expect(error.result).toMatchObject({ name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    });
  });

  describe('capture', () => {
    it('should refuse to capture an order the buyer has not approved', async () => {
      const { id } = await h.createOrder();

      const error = await failure(h.orders.captureOrder({ id }), CustomError);

      expect(error.statusCode).toBe(422);
      expect(error.result?.details?.[0].issue).toBe('ORDER_NOT_APPROVED');
    });

    it('should capture an approved order once, and replay the capture for the same PayPal-Request-Id', async () => {
      const { id, approveUrl } = await h.createOrder();
      expect((await h.pressButton(approveUrl, 'approve')).status).toBe(303);
      const requestId = randomUUID();

      const { result, statusCode } = await h.orders.captureOrder({ id, paypalRequestId: requestId });
      const replay = await h.orders.captureOrder({ id, paypalRequestId: requestId });
      const second = await failure(h.orders.captureOrder({ id }), ApiError);

      expect(statusCode).toBe(201);
      expect(result.status).toBe('COMPLETED');
      expect(result.payer?.payerId).toMatch(/^[0-9A-Z]{13}$/);
      const capture = result.purchaseUnits![0].payments!.captures![0];
      expect(capture).toMatchObject({
        status: 'COMPLETED',
        amount: { currencyCode: 'USD', value: '34.99' },
        finalCapture: true,
        sellerReceivableBreakdown: {
          grossAmount: { value: '34.99' },
          paypalFee: { value: '1.71' },
          netAmount: { value: '33.28' },
        },
      });
      expect(replay.result.purchaseUnits![0].payments!.captures![0].id).toBe(capture.id);
      expect(second.statusCode).toBe(422);
      expect((second as CustomError).result?.details?.[0].issue).toBe('ORDER_ALREADY_CAPTURED');
      const got = await h.orders.getOrder({ id });
      expect(got.result.purchaseUnits![0].payments!.captures!.map((c) => c.id)).toEqual([capture.id]);
    });

    it.each([
      ['approve_pending', 'PENDING', 'ECHECK'],
      ['approve_denied', 'DECLINED', undefined],
    ])('should give the capture the outcome the buyer chose (%s)', async (button, status, reason) => {
      const { id, approveUrl } = await h.createOrder();
      await h.pressButton(approveUrl, button);

      const { result } = await h.orders.captureOrder({ id });

      const capture = result.purchaseUnits![0].payments!.captures![0];
      expect(capture.status).toBe(status);
      expect(capture.statusDetails?.reason).toBe(reason);
      expect(capture.sellerReceivableBreakdown).toBeUndefined();
      const got = await h.payments.getCapturedPayment({ captureId: capture.id! });
      expect(got.result.status).toBe(status);
    });

    it('should refuse a second paid capture for the same invoice_id (DUPLICATE_INVOICE_ID)', async () => {
      const first = await h.createOrder();
      await h.pressButton(first.approveUrl, 'approve');
      await h.orders.captureOrder({ id: first.id });
      const { result } = await h.orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [{ invoiceId: first.invoiceId, amount: { currencyCode: 'USD', value: '34.99' } }],
          applicationContext: { returnUrl: 'http://localhost/r' },
        },
      });
      await postJson(`${h.url}/_emulator/paypal/orders/${result.id}/approve`);

      const error = await failure(h.orders.captureOrder({ id: result.id! }), CustomError);

      expect(error.result?.details?.[0].issue).toBe('DUPLICATE_INVOICE_ID');
    });
  });
});

import Stripe from 'stripe';
import { EMULATED_API_VERSION } from './stripe-emulator.types';
import { Harness, newStripeClient, startHarness } from './testing/emulator-harness';
import { httpCall } from './testing/http-client';

type Rejection = { statusCode?: number; type?: string; code?: string; param?: string; message?: string };

const rejection = (promise: Promise<unknown>): Promise<Rejection> =>
  promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: Rejection) => error,
  );

const lineItem = (currency: string, unitAmount: number, quantity = 1) => ({
  price_data: { currency, unit_amount: unitAmount, product_data: { name: 'Thing' } },
  quantity,
});

describe('Stripe API rules', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  describe('authentication', () => {
    it('should accept any sk_test_ key', async () => {
      const other = newStripeClient(h.emulator, 'sk_test_someone_else_entirely');
      await expect(other.checkout.sessions.list()).resolves.toMatchObject({ object: 'list' });
    });

    it.each([
      ['a live key', 'sk_live_0123456789abcdef'],
      ['a publishable key', 'pk_test_0123456789abcdef'],
      ['a restricted key', 'rk_test_0123456789abcdef'],
    ])('should refuse %s with 401 and Stripe error shape', async (_name, key) => {
      const error = await rejection(newStripeClient(h.emulator, key).checkout.sessions.list());

      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error).toMatchObject({
        statusCode: 401,
        message: expect.stringMatching(/^Invalid API Key provided: \w{8}\*+\w{4}/),
      });
      expect(error.message).not.toContain(key);
    });

    it('should refuse a request without a key or with another scheme', async () => {
      const none = await httpCall('GET', `${h.emulator.url}/v1/checkout/sessions`);
      const basic = await httpCall('GET', `${h.emulator.url}/v1/checkout/sessions`, {
        headers: { Authorization: `Basic ${Buffer.from('sk_test_x:').toString('base64')}` },
      });

      for (const answer of [none, basic]) {
        expect(answer.status).toBe(401);
        expect(answer.json()).toEqual({
          error: { type: 'invalid_request_error', message: expect.stringContaining('You did not provide an API key') },
        });
      }
    });
  });

  describe('idempotency', () => {
    it('should replay the first answer for the same key and parameters', async () => {
      const params = {
        mode: 'payment' as const,
        line_items: [lineItem('usd', 2000)],
        success_url: 'http://localhost:3000/ok?session_id={CHECKOUT_SESSION_ID}',
      };

      const created = await h.stripe.checkout.sessions.create(params, { idempotencyKey: 'pay_row_42' });
      const replayed = await h.stripe.checkout.sessions.create(params, { idempotencyKey: 'pay_row_42' });

      expect(replayed.id).toBe(created.id);
      expect(replayed).toEqual(created);
      expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(created.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      expect(replayed.lastResponse.headers['original-request']).toBe(created.lastResponse.requestId);
      const all = await h.stripe.checkout.sessions.list({ limit: 100 });
      expect(all.data.filter((s) => s.id === created.id)).toHaveLength(1);
    });

    it('should replay the first answer even after the object changed', async () => {
      const params = { mode: 'payment' as const, line_items: [lineItem('usd', 2000)] };
      const created = await h.stripe.checkout.sessions.create(params, { idempotencyKey: 'key-then-paid' });
      h.emulator.checkoutAction(created.id, 'pay');

      const replayed = await h.stripe.checkout.sessions.create(params, { idempotencyKey: 'key-then-paid' });

      expect(replayed.status).toBe('open');
    });

    it('should replay a saved error with its status', async () => {
      const session = await h.createSession();
      h.emulator.checkoutAction(session.id, 'pay');
      const first = await httpCall('POST', `${h.emulator.url}/v1/checkout/sessions/${session.id}/expire`, {
        headers: { Authorization: 'Bearer sk_test_x', 'Idempotency-Key': 'expire-once' },
      });
      const again = await httpCall('POST', `${h.emulator.url}/v1/checkout/sessions/${session.id}/expire`, {
        headers: { Authorization: 'Bearer sk_test_x', 'Idempotency-Key': 'expire-once' },
      });

      expect(first.status).toBe(400);
      expect(again.status).toBe(400);
      expect(again.text).toBe(first.text);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('should refuse the same key with other parameters (idempotency_error)', async () => {
      await h.stripe.checkout.sessions.create(
        { mode: 'payment', line_items: [lineItem('usd', 2000)] },
        { idempotencyKey: 'pay_row_7' },
      );

      const error = await rejection(
        h.stripe.checkout.sessions.create(
          { mode: 'payment', line_items: [lineItem('usd', 2500)] },
          { idempotencyKey: 'pay_row_7' },
        ),
      );

      expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(error).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
      expect(error.message).toContain('same parameters');
    });

    it('should refuse the same key on another endpoint', async () => {
      const session = await h.createSession();
      await h.stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: 'shared-key' });

      const error = await rejection(
        h.stripe.checkout.sessions.create(
          { mode: 'payment', line_items: [lineItem('usd', 2000)] },
          { idempotencyKey: 'shared-key' },
        ),
      );

      expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(error.message).toContain('same endpoint');
    });

    it('should not save a refusal of invalid parameters, so the key can be retried fixed', async () => {
      const refused = await rejection(
        h.stripe.checkout.sessions.create(
          { mode: 'payment', line_items: [lineItem('usd', 10)] },
          { idempotencyKey: 'fix-me' },
        ),
      );
      const fixed = await h.stripe.checkout.sessions.create(
        { mode: 'payment', line_items: [lineItem('usd', 1000)] },
        { idempotencyKey: 'fix-me' },
      );

      expect(refused.code).toBe('amount_too_small');
      expect(fixed.amount_total).toBe(1000);
    });
  });

  describe('parameters', () => {
    const create = (params: Record<string, unknown>) => rejection(h.stripe.checkout.sessions.create(params));

    it('should refuse unknown parameters, at any depth, with their bracketed name', async () => {
      const topLevel = await create({
        mode: 'payment',
        line_items: [lineItem('usd', 1000)],
        shipping_options: [{ shipping_rate: 'shr_1' }],
      });
      const nested = await create({
        mode: 'payment',
        line_items: [
          { ...lineItem('usd', 1000), price_data: { ...lineItem('usd', 1000).price_data, tax_behavior: 'inclusive' } },
        ],
      });

      expect(topLevel).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'shipping_options' });
      expect(topLevel.message).toMatch(/^Received unknown parameter: shipping_options/);
      expect(nested).toMatchObject({ code: 'parameter_unknown', param: 'line_items[0][price_data][tax_behavior]' });
    });

    it('should refuse missing required parameters', async () => {
      expect(await create({ line_items: [lineItem('usd', 1000)] })).toMatchObject({
        code: 'parameter_missing',
        param: 'mode',
      });
      expect(await create({ mode: 'payment' })).toMatchObject({ code: 'parameter_missing', param: 'line_items' });
      expect(
        await create({ mode: 'payment', line_items: [{ price_data: lineItem('usd', 1000).price_data }] }),
      ).toMatchObject({
        code: 'parameter_missing',
        param: 'line_items[0][quantity]',
        message: 'Missing required param: line_items[0][quantity].',
      });
      expect(
        await create({
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100 } }],
        }),
      ).toMatchObject({ code: 'parameter_missing', param: 'line_items[0][price_data][product_data]' });
    });

    it('should refuse malformed values', async () => {
      const item = lineItem('usd', 1000);
      expect(await create({ mode: 'payment', line_items: [{ ...item, quantity: 'two' }] })).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'line_items[0][quantity]',
      });
      expect(await create({ mode: 'payment', line_items: [{ ...item, quantity: 0 }] })).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'line_items[0][quantity]',
      });
      expect(await create({ mode: 'subscription', line_items: [item] })).toMatchObject({ param: 'mode' });
      expect(await create({ mode: 'bogus', line_items: [item] })).toMatchObject({
        param: 'mode',
        message: expect.stringContaining('must be one of'),
      });
      expect(await create({ mode: 'payment', line_items: [item], customer_email: 'not-an-email' })).toMatchObject({
        code: 'email_invalid',
        param: 'customer_email',
      });
      expect(await create({ mode: 'payment', line_items: [item], success_url: 'javascript:alert(1)' })).toMatchObject({
        code: 'url_invalid',
        param: 'success_url',
      });
      expect(
        await create({
          mode: 'payment',
          line_items: [{ ...item, price_data: { ...item.price_data, product_data: { name: '' } } }],
        }),
      ).toMatchObject({ code: 'parameter_invalid_empty', param: 'line_items[0][price_data][product_data][name]' });
    });

    it('should refuse a body that is not well-formed form encoding', async () => {
      const answer = await httpCall('POST', `${h.emulator.url}/v1/checkout/sessions`, {
        headers: { Authorization: 'Bearer sk_test_x', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'mode=payment&metadata=x&metadata[a]=b',
      });

      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    });

    it('should accept expires_at from 30 minutes to 24 hours ahead and refuse it outside', async () => {
      const now = Math.floor(Date.now() / 1000);
      const base = { mode: 'payment', line_items: [lineItem('usd', 1000)] };

      const tooSoon = await create({ ...base, expires_at: now + 29 * 60 });
      const tooLate = await create({ ...base, expires_at: now + 24 * 60 * 60 + 60 });
      const earliest = await h.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [lineItem('usd', 1000)],
        expires_at: now + 30 * 60,
      });
      const latest = await h.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [lineItem('usd', 1000)],
        expires_at: now + 24 * 60 * 60,
      });
      const byDefault = await h.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [lineItem('usd', 1000)],
      });

      expect(tooSoon).toMatchObject({
        statusCode: 400,
        param: 'expires_at',
        message: expect.stringContaining('at least 30 minutes'),
      });
      expect(tooLate).toMatchObject({
        statusCode: 400,
        param: 'expires_at',
        message: expect.stringContaining('less than 24 hours'),
      });
      expect(earliest.expires_at).toBe(now + 30 * 60);
      expect(latest.expires_at).toBe(now + 24 * 60 * 60);
      expect(byDefault.expires_at - byDefault.created).toBe(24 * 60 * 60);
    });

    it.each([
      ['usd', 49, 50],
      ['eur', 49, 50],
      ['gbp', 29, 30],
      ['jpy', 49, 50],
    ])('should enforce the minimum charge in %s (refuse %i, accept %i)', async (currency, below, minimum) => {
      const refused = await create({ mode: 'payment', line_items: [lineItem(currency, below)] });
      const accepted = await h.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [lineItem(currency, minimum)],
      });

      expect(refused).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'line_items' });
      expect(accepted).toMatchObject({ currency, amount_total: minimum });
    });

    it('should count the minimum on the total, not per line item', async () => {
      const session = await h.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [lineItem('usd', 25), lineItem('usd', 25)],
      });
      expect(session.amount_total).toBe(50);
    });

    it('should refuse amounts above 99,999,999 per unit and in total', async () => {
      const unit = await create({ mode: 'payment', line_items: [lineItem('usd', 100_000_000)] });
      const total = await create({ mode: 'payment', line_items: [lineItem('usd', 99_999_999), lineItem('usd', 1)] });
      const largest = await h.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [lineItem('usd', 99_999_999)],
      });

      expect(unit).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'line_items[0][price_data][unit_amount]',
      });
      expect(total).toMatchObject({ code: 'amount_too_large', param: 'line_items' });
      expect(largest.amount_total).toBe(99_999_999);
    });

    it('should refuse unsupported or mixed currencies, and three-decimal amounts not ending in 0', async () => {
      expect(await create({ mode: 'payment', line_items: [lineItem('xyz', 1000)] })).toMatchObject({
        param: 'line_items[0][price_data][currency]',
        message: expect.stringContaining('Invalid currency: xyz'),
      });
      expect(
        await create({ mode: 'payment', line_items: [lineItem('usd', 1000), lineItem('eur', 1000)] }),
      ).toMatchObject({
        param: 'line_items[1][price_data][currency]',
      });
      expect(await create({ mode: 'payment', currency: 'eur', line_items: [lineItem('usd', 1000)] })).toMatchObject({
        param: 'currency',
      });
      expect(await create({ mode: 'payment', line_items: [lineItem('kwd', 1005)] })).toMatchObject({
        param: 'line_items[0][price_data][unit_amount]',
      });
      const kwd = await h.stripe.checkout.sessions.create({ mode: 'payment', line_items: [lineItem('kwd', 1000)] });
      expect(kwd.amount_total).toBe(1000);
    });
  });

  describe('protocol', () => {
    it('should answer an unknown URL with Stripe 404 shape', async () => {
      const answer = await httpCall('GET', `${h.emulator.url}/v1/customers`, {
        headers: { Authorization: 'Bearer sk_test_x' },
      });

      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual({
        error: {
          type: 'invalid_request_error',
          message: expect.stringContaining('Unrecognized request URL (GET: /v1/customers)'),
        },
      });
    });

    it('should answer with a request id and the API version the SDK sent', async () => {
      const list = await h.stripe.checkout.sessions.list();

      expect(list.lastResponse.requestId).toMatch(/^req_/);
      expect(list.lastResponse.apiVersion).toBe(Stripe.API_VERSION);
    });

    it('should emulate the API version of the installed SDK', () => {
      expect(EMULATED_API_VERSION).toBe(Stripe.API_VERSION);
    });
  });
});

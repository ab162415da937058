import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../config/app-config';
import { stripeFixture } from '../../../stripe-emulator/testing/stripe-fixtures';
import { ProviderError } from '../provider-errors';
import { StripePaymentProvider } from './stripe.provider';

/**
 * The provider's calls through the real Stripe SDK, over real HTTP, to a scripted Stripe: what it
 * sends, and how each kind of answer (an object, a Stripe error, an unreadable object, no answer)
 * becomes orderpay's result or ProviderError kind.
 */
type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: Json;
}
interface Seen {
  method: string;
  path: string;
  body: string;
  headers: IncomingMessage['headers'];
}

const stripeError = (status: number, type: string, code?: string, message = 'scripted failure'): Answer => ({
  status,
  body: { error: { type, message, ...(code && { code }) } },
});

describe('StripePaymentProvider calls (scripted Stripe over HTTP)', () => {
  let server: Server;
  let provider: StripePaymentProvider;
  let answers: Answer[];
  let seen: Seen[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', path: request.url ?? '', body, headers: request.headers });
        const answer = answers.shift() ?? stripeError(500, 'api_error', undefined, 'no scripted answer');
        // The SDK retries 5xx and 409 answers unless told not to; each case scripts one answer.
        response.writeHead(answer.status, { 'content-type': 'application/json', 'stripe-should-retry': 'false' });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new StripePaymentProvider(
      loadConfig({
        NODE_ENV: 'test',
        STRIPE_SECRET_KEY: 'sk_test_scripted',
        STRIPE_WEBHOOK_SECRET: 'whsec_scripted',
        STRIPE_API_URL: `http://127.0.0.1:${port}`,
      }),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    answers = [];
    seen = [];
  });

  const answer = (...scripted: Answer[]) => answers.push(...scripted);
  const ok = (body: Json): Answer => ({ status: 200, body });
  const session = (changes: Json = {}): Json => ({ ...structuredClone(stripeFixture('checkout.session')), ...changes });
  const refund = (changes: Json = {}): Json => ({ ...structuredClone(stripeFixture('refund')), ...changes });

  async function failure(call: () => Promise<unknown>): Promise<ProviderError> {
    try {
      await call();
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderError);
      return error as ProviderError;
    }
    throw new Error('expected the call to fail');
  }

  describe('error kinds', () => {
    it.each([
      ['a Stripe outage (api_error)', 'unavailable', stripeError(500, 'api_error')],
      ['any 5xx, whatever its type', 'unavailable', stripeError(500, 'invalid_request_error')],
      ['a rate limit', 'unavailable', stripeError(429, 'invalid_request_error', 'rate_limit')],
      ['the same idempotency key in flight', 'unavailable', stripeError(409, 'idempotency_error')],
      ['an id Stripe does not know', 'not_found', stripeError(404, 'invalid_request_error', 'resource_missing')],
      ['refused credentials', 'misconfigured', stripeError(401, 'invalid_request_error')],
      ['a key without the permission', 'misconfigured', stripeError(403, 'invalid_request_error')],
      ['a refused request', 'rejected', stripeError(400, 'invalid_request_error', 'charge_already_refunded')],
      ['a 404 of another kind', 'rejected', stripeError(404, 'invalid_request_error')],
    ])('reads %s as %s', async (_case, kind, scripted) => {
      answer(scripted);
      const error = await failure(() => provider.retrieveRefund('re_1'));
      expect(error.kind).toBe(kind);
    });

    it('says what it could not do, with Stripe’s message, type and code', async () => {
      answer(
        stripeError(400, 'invalid_request_error', 'charge_already_refunded', 'Charge ch_1 has already been refunded.'),
      );
      const error = await failure(() => provider.retrieveRefund('re_1'));
      expect(error.message).toBe(
        'Could not read a refund at Stripe: Charge ch_1 has already been refunded. (StripeInvalidRequestError/charge_already_refunded)',
      );
      expect(error.providerCode).toBe('charge_already_refunded');
      answer(stripeError(400, 'invalid_request_error'));
      expect((await failure(() => provider.retrieveRefund('re_1'))).message).toBe(
        'Could not read a refund at Stripe: scripted failure (StripeInvalidRequestError)',
      );
    });

    it('reads no answer at all as unavailable', async () => {
      const unreachable = new StripePaymentProvider(
        loadConfig({
          NODE_ENV: 'test',
          STRIPE_SECRET_KEY: 'sk_test_scripted',
          STRIPE_WEBHOOK_SECRET: 'whsec_scripted',
          STRIPE_API_URL: 'http://127.0.0.1:9',
        }),
      );
      const error = await failure(() => unreachable.retrieveRefund('re_1'));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(/^Could not read a refund at Stripe: /);
    });

    it('reads an object it cannot use as a provider fault, not as a result', async () => {
      answer(ok(refund({ amount: -5 })));
      const error = await failure(() => provider.retrieveRefund('re_1'));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toBe(
        'Stripe answered an unexpected refund: refund.amount must be a whole number of minor units from 1 to 2147483647',
      );
    });
  });

  describe('requests', () => {
    it('reads a refund by its id', async () => {
      answer(ok(refund({ id: 're_42', amount: 700, status: 'succeeded' })));
      const read = await provider.retrieveRefund('re_42');
      expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/refunds/re_42']);
      expect(read).toMatchObject({ providerRefundId: 're_42', amount: 700, status: 'succeeded' });
    });

    it('creates a refund with its metadata, its reason when there is one, and its id as idempotency key', async () => {
      answer(ok(refund({ id: 're_1', amount: 300, status: 'pending' })), ok(refund({ id: 're_2', amount: 300 })));
      const input = {
        refundId: '5a0b6c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d',
        orderId: '0d9f2f1e-5a3b-4c1d-8e2f-1a2b3c4d5e6f',
        paymentId: '7c6b5a49-3827-4165-a4f3-e2d1c0b9a887',
        paymentIntentId: 'pi_1',
        amount: 300,
        currency: 'usd',
        note: 'customer changed their mind',
      };
      expect(await provider.refund({ ...input, reason: 'requested_by_customer' })).toMatchObject({
        providerRefundId: 're_1',
        status: 'pending',
      });
      await provider.refund(input);
      const [withReason, withoutReason] = seen.map((r) => new URLSearchParams(r.body));
      expect(seen[0].path).toBe('/v1/refunds');
      expect(seen[0].headers['idempotency-key']).toBe(input.refundId);
      expect(Object.fromEntries(withReason)).toEqual({
        payment_intent: 'pi_1',
        amount: '300',
        reason: 'requested_by_customer',
        'metadata[orderId]': input.orderId,
        'metadata[paymentId]': input.paymentId,
        'metadata[refundId]': input.refundId,
        'metadata[note]': 'customer changed their mind',
      });
      expect(withoutReason.has('reason')).toBe(false);
    });

    it('reads the order and attempt a payment intent belongs to from its metadata', async () => {
      answer(ok({ id: 'pi_1', object: 'payment_intent', metadata: { orderId: 'o-1', paymentId: 'p-1' } }));
      expect(await provider.paymentReferenceOf('pi_1')).toEqual({ orderId: 'o-1', paymentId: 'p-1' });
      expect(seen[0].path).toBe('/v1/payment_intents/pi_1');
      answer(ok({ id: 'pi_2', object: 'payment_intent', metadata: {} }));
      expect(await provider.paymentReferenceOf('pi_2')).toEqual({ orderId: null, paymentId: null });
    });

    it('reads a session with its payment intent expanded: a refused delayed payment reads as failed', async () => {
      const refusedIntent = (status: string) => ({ id: 'pi_9', object: 'payment_intent', status });
      const unpaid = { status: 'complete', payment_status: 'unpaid' };
      answer(ok(session({ id: 'cs_1', ...unpaid, payment_intent: refusedIntent('canceled') })));
      const read = await provider.retrieveCheckout('cs_1');
      expect(decodeURIComponent(seen[0].path)).toBe('/v1/checkout/sessions/cs_1?expand[0]=payment_intent');
      expect(read).toMatchObject({ sessionId: 'cs_1', paymentIntentId: 'pi_9', paymentStatus: 'failed' });
      answer(ok(session({ id: 'cs_1', ...unpaid, payment_intent: refusedIntent('requires_payment_method') })));
      expect(await provider.retrieveCheckout('cs_1')).toMatchObject({ paymentStatus: 'failed' });
      // Still clearing, or money moved (the intent read at another moment never turns it into a failure).
      answer(ok(session({ id: 'cs_1', ...unpaid, payment_intent: refusedIntent('processing') })));
      expect(await provider.retrieveCheckout('cs_1')).toMatchObject({ paymentStatus: 'unpaid' });
      answer(
        ok(
          session({
            id: 'cs_1',
            status: 'complete',
            payment_status: 'paid',
            payment_intent: refusedIntent('canceled'),
          }),
        ),
      );
      expect(await provider.retrieveCheckout('cs_1')).toMatchObject({ paymentStatus: 'paid' });
      answer(ok(session({ id: 'cs_2', ...unpaid, payment_intent: 'pi_8' })));
      expect(await provider.retrieveCheckout('cs_2')).toMatchObject({
        paymentIntentId: 'pi_8',
        paymentStatus: 'unpaid',
      });
      answer(ok(session({ id: 'cs_3', payment_intent: null })));
      expect(await provider.retrieveCheckout('cs_3')).toMatchObject({ paymentIntentId: null });
    });

    it('has nothing to complete: Stripe takes the payment on its page', async () => {
      expect(await provider.completeCheckout()).toBeNull();
      expect(seen).toHaveLength(0);
    });

    it('lists every refund of a payment intent, page after page', async () => {
      answer(
        ok({
          object: 'list',
          url: '/v1/refunds',
          has_more: true,
          data: [refund({ id: 're_1' }), refund({ id: 're_2' })],
        }),
        ok({ object: 'list', url: '/v1/refunds', has_more: false, data: [refund({ id: 're_3' })] }),
      );
      const listed = await provider.listRefunds('pi_1');
      expect(listed.map((r) => r.providerRefundId)).toEqual(['re_1', 're_2', 're_3']);
      const [first, second] = seen.map((r) => new URL(r.path, 'http://x').searchParams);
      expect(first.get('payment_intent')).toBe('pi_1');
      expect(first.get('limit')).toBe('100');
      expect(second.get('starting_after')).toBe('re_2');
    });

    it('stops listing at 1,000 refunds', async () => {
      for (let page = 0; page < 11; page++) {
        const data = Array.from({ length: 100 }, (_, i) => refund({ id: `re_${page}_${i}` }));
        answer(ok({ object: 'list', url: '/v1/refunds', has_more: true, data }));
      }
      const listed = await provider.listRefunds('pi_1');
      expect(listed).toHaveLength(1000);
      expect(seen).toHaveLength(10);
    });
  });

  describe('expireCheckout', () => {
    const notOpen = () =>
      stripeError(
        400,
        'invalid_request_error',
        undefined,
        'Only Checkout Sessions with a status of open can be expired.',
      );

    it('expires an open session', async () => {
      answer(ok(session({ id: 'cs_1', status: 'expired' })));
      expect(await provider.expireCheckout('cs_1')).toBe('expired');
      expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/checkout/sessions/cs_1/expire']);
    });

    it('asks Stripe how a session that is no longer open ended', async () => {
      answer(notOpen(), ok(session({ id: 'cs_1', status: 'complete', payment_status: 'paid' })));
      expect(await provider.expireCheckout('cs_1')).toBe('already_complete');
      answer(notOpen(), ok(session({ id: 'cs_1', status: 'expired' })));
      expect(await provider.expireCheckout('cs_1')).toBe('expired');
      answer(notOpen(), ok(session({ id: 'cs_1', status: 'open' })));
      const error = await failure(() => provider.expireCheckout('cs_1'));
      expect(error.kind).toBe('rejected');
      expect(error.message).toMatch(/^Could not expire a Checkout Session at Stripe: Only Checkout Sessions/);
    });

    it('reads a session Stripe does not know as not found, and an outage as unavailable, without asking further', async () => {
      answer(stripeError(404, 'invalid_request_error', 'resource_missing'));
      expect((await failure(() => provider.expireCheckout('cs_gone'))).kind).toBe('not_found');
      answer(stripeError(500, 'api_error'));
      expect((await failure(() => provider.expireCheckout('cs_1'))).kind).toBe('unavailable');
      expect(seen).toHaveLength(2);
    });
  });
});

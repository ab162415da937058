import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAdmin, createUser, TestUser } from './support/factories';
import { completedEventFor, deliver, failWrites, orderStatus, refundEventFor, startCheckout } from './support/payments';
import { setApiFaults } from './support/paypal';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The other direction of the response checks: what the document says every route answers to bad
 * input (the input policy's 400, 413, 415; the bearer routes' 401 and 403), each route really
 * answers, in the documented shape (the e2e setup checks each answer against the document too).
 */
const document = JSON.parse(readFileSync(path.join(__dirname, '..', 'docs', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>;
};
const operations = Object.entries(document.paths).flatMap(([route, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${route}`,
    method: method as 'get' | 'post' | 'patch',
    // Any UUID does: every answer here comes before the id is looked up.
    url: route.replace(/\{[^}]+\}/g, randomUUID()),
    statuses: Object.keys(operation.responses),
    bearer: operation.security.length > 0,
  })),
);
const documenting = (status: string) => operations.filter((operation) => operation.statuses.includes(status));
const JSON_LIMIT = 64 * 1024;
const WEBHOOK_LIMIT = 512 * 1024;

describe('Every documented refusal is answered (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const send = (operation: (typeof operations)[number]) => t.http()[operation.method](operation.url);

  it.each(documenting('415').map((operation) => [operation.name, operation]))(
    '%s: a body that is not JSON is 415 UNSUPPORTED_MEDIA_TYPE',
    async (_name, operation) => {
      const { body } = await send(operation).set(customer.auth).set('Content-Type', 'text/plain').send('amount=1');
      expect(body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    },
  );

  it.each(
    operations
      .filter((operation) => operation.statuses.includes('400') && !operation.url.startsWith('/webhooks/'))
      .map((operation) => [operation.name, operation]),
  )('%s: a body that is not valid JSON is 400 MALFORMED_JSON', async (_name, operation) => {
    const { body } = await send(operation).set(customer.auth).set('Content-Type', 'application/json').send('{"a":');
    expect(body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it.each(documenting('413').map((operation) => [operation.name, operation]))(
    '%s: a body over the limit is 413 PAYLOAD_TOO_LARGE',
    async (_name, operation) => {
      const limit = operation.url.startsWith('/webhooks/') ? WEBHOOK_LIMIT : JSON_LIMIT;
      const oversized = JSON.stringify({ padding: 'x'.repeat(limit) });
      const { body } = await send(operation).set(customer.auth).set('Content-Type', 'application/json').send(oversized);
      expect(body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    },
  );

  it.each(
    documenting('400')
      .filter((operation) => !operation.url.startsWith('/webhooks/'))
      .map((operation) => [operation.name, operation]),
  )('%s: a query string with a NUL byte is 400 VALIDATION_FAILED', async (_name, operation) => {
    const { body } = await send(operation).query({ note: 'a\u0000b' }).set(customer.auth);
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it.each(operations.filter((operation) => operation.bearer).map((operation) => [operation.name, operation]))(
    '%s: no bearer token is 401 UNAUTHENTICATED',
    async (_name, operation) => {
      expect(operation.statuses).toContain('401');
      const { body } = await send(operation);
      expect(body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    },
  );

  it.each(documenting('403').map((operation) => [operation.name, operation]))(
    '%s: a customer’s token is 403 FORBIDDEN',
    async (_name, operation) => {
      const { body } = await send(operation).set(customer.auth);
      expect(body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    },
  );

  it('should document 401 only where a bearer token is required, and 403 only on admin routes', () => {
    for (const operation of operations) {
      expect({ name: operation.name, has401: operation.statuses.includes('401') }).toEqual({
        name: operation.name,
        // Login answers INVALID_CREDENTIALS with a 401 without taking a token.
        has401: operation.bearer || operation.name === 'POST /auth/login',
      });
      expect({ name: operation.name, has403: operation.statuses.includes('403') }).toEqual({
        name: operation.name,
        has403: operation.url.startsWith('/admin/'),
      });
    }
  });
});

describe('Documented answers while the provider is down (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterEach(() => setApiFaults(t, { down: false }));
  afterAll(() => t.close());

  it('POST /admin/orders/{id}/cancel: 503 PAYMENT_PROVIDER_UNAVAILABLE when the open checkout cannot be closed', async () => {
    const checkout = await startCheckout(t, customer);
    await setApiFaults(t, { down: true });
    const { body } = await t.http().post(`/admin/orders/${checkout.orderId}/cancel`).set(admin.auth).expect(503);
    expect(body).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', requestId: expect.any(String) });
    expect(await orderStatus(t, checkout.orderId)).toBe('pending');
  });

  it('POST /webhooks/stripe: 503 PAYMENT_PROVIDER_UNAVAILABLE when Stripe must be asked about the event', async () => {
    // A refund of a payment orderpay does not know: the handler asks Stripe about it.
    const event = refundEventFor(`pi_unknown_${randomUUID().slice(0, 8)}`);
    await setApiFaults(t, { down: true });
    const { body } = await deliver(t, event).expect(503);
    expect(body).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', requestId: expect.any(String) });
    // Kept as failed (Stripe's redelivery or an admin's replay runs it again), and nothing else written.
    expect(
      await t.dataSource.query('SELECT status, attempts, last_error FROM webhook_events WHERE event_id = $1', [
        event.id,
      ]),
    ).toEqual([
      { status: 'failed', attempts: 1, last_error: expect.stringContaining('Could not read a PaymentIntent') },
    ]);
  });

  it('POST /admin/webhook-events/{id}/replay: 500 INTERNAL_ERROR when it fails again, the row kept failed', async () => {
    const checkout = await startCheckout(t, customer);
    const event = await completedEventFor(t, checkout, {});
    const restore = await failWrites(t, 'payments', 'UPDATE', 'payments table locked (test)');
    try {
      await deliver(t, event).expect(500);
      const [row] = await t.dataSource.query('SELECT id FROM webhook_events WHERE event_id = $1', [event.id]);
      const { body } = await t.http().post(`/admin/webhook-events/${row.id}/replay`).set(admin.auth).expect(500);
      expect(body).toMatchObject({ code: 'INTERNAL_ERROR', requestId: expect.any(String) });
      expect(await t.dataSource.query('SELECT status, attempts FROM webhook_events WHERE id = $1', [row.id])).toEqual([
        { status: 'failed', attempts: 2 },
      ]);
    } finally {
      await restore();
    }
    expect(await orderStatus(t, checkout.orderId)).toBe('pending');
  });
});

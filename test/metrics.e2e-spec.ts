import { createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { Scrape, scrape } from './support/metrics';
import {
  deliver,
  failWrites,
  paidOrder,
  signatureFor,
  startCheckout,
  stripeClient,
  stripeEvent,
  waitFor,
  waitForOrderStatus,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

describe('Metrics (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  /** Counters move after the transaction commits: poll rather than assume the scrape is later. */
  const waitForDelta = (before: Scrape, name: string, labels: Record<string, string>, expected: number) =>
    waitFor(async () => (await scrape(t)).delta(before, name, labels) >= expected, {
      what: `${name} ${JSON.stringify(labels)} +${expected}`,
      timeoutMs: 5000,
    });

  it('should answer in the Prometheus text format with the default process metrics', async () => {
    const response = await t.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
    expect(response.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    const metrics = await scrape(t);
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('should time requests by method, route template and status code, never by the raw URL', async () => {
    const product = await createProduct(t, { unitAmount: 700 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    const route = { method: 'GET', route: '/orders/:id' };
    const before = await scrape(t);

    await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
    await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
    await t.http().get(`/orders/${order.id}`).expect(401);
    await t.http().get(`/no-such-route/${order.id}`).expect(404);
    await t.http().get('/health/live').expect(200);

    const after = await scrape(t);
    expect(after.delta(before, 'http_request_duration_seconds_count', { ...route, status_code: '200' })).toBe(2);
    expect(after.delta(before, 'http_request_duration_seconds_count', { ...route, status_code: '401' })).toBe(1);
    expect(
      after.delta(before, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(1);
    expect(
      after.value('http_request_duration_seconds_bucket', { ...route, status_code: '200', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(2);
    const routes = new Set(after.matching('http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].filter((r) => /health|metrics|docs/.test(r))).toEqual([]);
    const text = (await t.http().get('/metrics').expect(200)).text;
    expect(text).not.toContain(order.id);
    expect(text).not.toContain(customer.email);
  });

  it('should count webhook events by provider, type and outcome', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_metrics', object: 'customer' });
    const labels = (outcome: string, type = 'customer.created') => ({ provider: 'stripe', type, outcome });
    const before = await scrape(t);

    await deliver(t, event).expect(200);
    await deliver(t, event).expect(200);
    const payload = JSON.stringify(event);
    await t
      .http()
      .post('/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signatureFor(t, payload, { secret: 'whsec_not_the_right_one_000' }))
      .send(payload)
      .expect(400);

    const after = await scrape(t);
    expect(after.delta(before, 'orderpay_webhook_events_total', labels('ignored'))).toBe(1);
    expect(after.delta(before, 'orderpay_webhook_events_total', labels('duplicate'))).toBe(1);
    expect(after.delta(before, 'orderpay_webhook_events_total', labels('rejected', 'unverified'))).toBe(1);
    expect(after.delta(before, 'orderpay_webhook_events_total', labels('processed'))).toBe(0);
  });

  it('should count each payment transition of a paid checkout once, and the processed webhook that paid it', async () => {
    const before = await scrape(t);
    await paidOrder(t, customer);
    await t.stripe.waitForDeliveries();
    await waitForDelta(before, 'orderpay_payment_transitions_total', { from: 'open', to: 'succeeded' }, 1);

    const after = await scrape(t);
    const moved = (from: string, to: string) =>
      after.delta(before, 'orderpay_payment_transitions_total', { provider: 'stripe', from, to });
    expect([moved('new', 'creating'), moved('creating', 'open'), moved('open', 'succeeded')]).toEqual([1, 1, 1]);
    expect(after.delta(before, 'orderpay_payment_transitions_total')).toBe(3);
    expect(
      after.delta(before, 'orderpay_webhook_events_total', {
        type: 'checkout.session.completed',
        outcome: 'processed',
      }),
    ).toBe(1);
  });

  it('should not count what a failed webhook rolled back, and count it once when the retry succeeds', async () => {
    const checkout = await startCheckout(t, customer);
    const session = await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId);
    const paid = { ...session, status: 'complete', payment_status: 'paid', payment_intent: 'pi_test_metrics' };
    const event = stripeEvent('checkout.session.completed', paid);
    const succeeded = { provider: 'stripe', from: 'open', to: 'succeeded' };
    const before = await scrape(t);

    // The audit insert comes after the payment's update in the same transaction: it all rolls back.
    const restore = await failWrites(t, 'order_events', 'INSERT', 'audit table unavailable (test)');
    try {
      await deliver(t, event).expect(500);
    } finally {
      await restore();
    }
    const afterFailure = await scrape(t);
    expect(afterFailure.delta(before, 'orderpay_payment_transitions_total', succeeded)).toBe(0);
    expect(
      afterFailure.delta(before, 'orderpay_webhook_events_total', {
        type: 'checkout.session.completed',
        outcome: 'failed',
      }),
    ).toBe(1);

    await deliver(t, event).expect(200);
    await waitForOrderStatus(t, checkout.orderId, 'paid');
    const afterRetry = await scrape(t);
    expect(afterRetry.delta(before, 'orderpay_payment_transitions_total', succeeded)).toBe(1);
  });

  it('should count refunds by status transition', async () => {
    const admin = await createAdmin(t);
    const order = await paidOrder(t, customer);
    const before = await scrape(t);

    await t.http().post(`/admin/orders/${order.orderId}/refunds`).set(admin.auth).send({}).expect(202);
    await waitForOrderStatus(t, order.orderId, 'refunded');
    await t.stripe.waitForDeliveries();

    const after = await scrape(t);
    expect(after.delta(before, 'orderpay_refund_transitions_total', { from: 'new', to: 'pending' })).toBe(1);
    expect(after.delta(before, 'orderpay_refund_transitions_total', { from: 'pending', to: 'succeeded' })).toBe(1);
    expect(after.delta(before, 'orderpay_refund_transitions_total')).toBe(2);
  });

  it('should count reconciler runs and what they found', async () => {
    const admin = await createAdmin(t);
    const before = await scrape(t);
    const startedAt = Date.now() / 1000;

    const { body: report } = await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);

    const after = await scrape(t);
    expect(report.ran).toBe(true);
    expect(after.delta(before, 'orderpay_reconciler_runs_total', { outcome: 'completed' })).toBe(1);
    expect(after.delta(before, 'orderpay_reconciler_run_duration_seconds_count')).toBe(1);
    expect(after.delta(before, 'orderpay_reconciler_findings_total', { kind: 'checkouts_checked' })).toBe(
      report.checkoutsChecked,
    );
    expect(
      after
        .matching('orderpay_reconciler_findings_total')
        .map((s) => s.labels.kind)
        .sort(),
    ).toEqual([
      'abandoned_attempts_failed',
      'checkouts_changed',
      'checkouts_checked',
      'errors',
      'refunds_checked',
      'refunds_submitted',
    ]);
    expect(after.value('orderpay_reconciler_last_completed_run_timestamp_seconds')).toBeGreaterThanOrEqual(
      Math.floor(startedAt),
    );
  });

  it('should report the database pool at scrape time, including requests waiting for a connection', async () => {
    const idle = await scrape(t);
    expect(idle.value('orderpay_db_pool_max_clients')).toBe(10);
    expect(idle.value('orderpay_db_pool_clients')).toBeGreaterThanOrEqual(1);
    expect(idle.value('orderpay_db_pool_idle_clients')).toBeLessThanOrEqual(idle.value('orderpay_db_pool_clients'));
    expect(idle.value('orderpay_db_pool_waiting_requests')).toBe(0);

    // Twelve slow queries on a pool of ten: two wait for a connection.
    const sleeps = Array.from({ length: 12 }, () => t.dataSource.query('SELECT pg_sleep(0.6)'));
    try {
      const waiting = async () => (await scrape(t)).value('orderpay_db_pool_waiting_requests');
      await waitFor(async () => (await waiting()) === 2, { what: 'two waiting requests', timeoutMs: 3000 });
      const busy = await scrape(t);
      expect(busy.value('orderpay_db_pool_clients')).toBe(10);
      expect(busy.value('orderpay_db_pool_idle_clients')).toBe(0);
    } finally {
      await Promise.all(sleeps);
    }
    expect((await scrape(t)).value('orderpay_db_pool_waiting_requests')).toBe(0);
  });
});

describe('Metrics access (e2e)', () => {
  it('should want the bearer token when METRICS_TOKEN is set, in the one error shape', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const t = await createTestApp({ METRICS_TOKEN: token });
    try {
      const { body } = await t.http().get('/metrics').expect(401);
      expect(body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      await t.http().get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      await t.http().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await t.close();
    }
  });

  it('should not serve /metrics when METRICS_ENABLED=false, and leave it out of the OpenAPI document either way', async () => {
    const t = await createTestApp({ METRICS_ENABLED: 'false' });
    try {
      const { body } = await t.http().get('/metrics').expect(404);
      expect(body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
      const docs = await t.http().get('/docs-json').expect(200);
      expect(Object.keys(docs.body.paths)).not.toContain('/metrics');
    } finally {
      await t.close();
    }
  });
});

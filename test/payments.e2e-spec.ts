import { randomUUID } from 'node:crypto';
import { countRows, createOrder, createProduct, createUser, TestUser } from './support/factories';
import {
  auditTrail,
  orderStatus,
  paymentStatus,
  startCheckout,
  stripeClient,
  waitFor,
  waitForOrderStatus,
} from './support/payments';
import { createTestApp, TestApp } from './support/test-app';
import { startStripeEmulator } from '../src/stripe-emulator';

describe('Payments (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  const sessionsAtStripe = async (orderId: string) =>
    (await stripeClient(t).checkout.sessions.list({ limit: 100 })).data.filter((s) => s.metadata?.orderId === orderId);

  it('should take an order from pending to paid through Checkout and the signed webhook', async () => {
    const product = await createProduct(t, { name: 'Blue mug', unitAmount: 1299 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 2 }]);

    const pay = await t
      .http()
      .post(`/orders/${order.id}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'stripe' })
      .expect(201);
    expect(pay.body).toEqual({
      paymentId: expect.any(String),
      orderId: order.id,
      provider: 'stripe',
      status: 'open',
      amount: 2598,
      currency: 'usd',
      checkoutUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_test_/),
      expiresAt: expect.any(String),
    });
    const [session] = await sessionsAtStripe(order.id);
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 2598,
      currency: 'usd',
      client_reference_id: order.id,
      customer_email: customer.email,
      metadata: { orderId: order.id, paymentId: pay.body.paymentId },
      success_url: `http://shop.example.test/payment/success?orderId=${order.id}&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `http://shop.example.test/payment/cancel?orderId=${order.id}`,
    });
    const ttl = session.expires_at - session.created;
    expect(ttl).toBeGreaterThanOrEqual(30 * 60);
    expect(ttl).toBeLessThanOrEqual(32 * 60);

    // The customer clicks Pay on the hosted page.
    const page = await fetch(pay.body.checkoutUrl);
    expect(await page.text()).toContain('25.98');
    const click = await fetch(pay.body.checkoutUrl, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay' }),
      redirect: 'manual',
    });
    expect(click.status).toBe(303);
    expect(click.headers.get('location')).toBe(
      `http://shop.example.test/payment/success?orderId=${order.id}&session_id=${session.id}`,
    );

    await waitForOrderStatus(t, order.id, 'paid');
    const { body } = await t.http().get(`/orders/${order.id}`).set(customer.auth).expect(200);
    expect(body).toMatchObject({ status: 'paid', totalAmount: 2598, paidAt: expect.any(String) });
    const trail = await auditTrail(t, order.id);
    expect(trail).toEqual([
      { from_status: 'pending', to_status: 'paid', cause: expect.stringMatching(/^stripe_event:evt_/) },
    ]);
    const payments = await t.http().get(`/orders/${order.id}/payments`).set(customer.auth).expect(200);
    expect(payments.body).toEqual({
      data: [
        expect.objectContaining({
          id: pay.body.paymentId,
          status: 'succeeded',
          amount: 2598,
          currency: 'usd',
          checkoutUrl: null,
        }),
      ],
      meta: { page: 1, pageSize: 20, total: 1 },
    });
    const [row] = await t.dataSource.query('SELECT provider_payment_intent_id FROM payments WHERE id = $1', [
      pay.body.paymentId,
    ]);
    expect(row.provider_payment_intent_id).toMatch(/^pi_/);
  });

  describe('POST /orders/:id/pay refusals (before Stripe is called, nothing written)', () => {
    const refuses = async (
      user: TestUser,
      orderId: string,
      body: object,
      status: number,
      code: string,
      message?: RegExp,
    ) => {
      const payments = await countRows(t, 'payments');
      const response = await t.http().post(`/orders/${orderId}/pay`).set(user.auth).send(body);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, code });
      if (message) expect(response.body.message).toMatch(message);
      expect(await countRows(t, 'payments')).toBe(payments);
      expect(await sessionsAtStripe(orderId)).toEqual([]);
    };
    let order: { id: string };

    beforeAll(async () => {
      order = await createOrder(t, customer, [
        { productId: (await createProduct(t, { unitAmount: 800 })).id, quantity: 1 },
      ]);
    });

    it('should refuse an unknown paymentMethod listing the supported ones', async () => {
      await refuses(
        customer,
        order.id,
        { paymentMethod: 'klarna' },
        400,
        'VALIDATION_FAILED',
        /paymentMethod must be one of: stripe, paypal$/,
      );
    });

    it('should refuse a missing paymentMethod, a currency, and an amount the balance does not allow', async () => {
      await refuses(customer, order.id, {}, 400, 'VALIDATION_FAILED', /paymentMethod/);
      // An amount asks for a part of the balance; it is checked against the database, never charged as sent.
      await refuses(
        customer,
        order.id,
        { paymentMethod: 'stripe', amount: 1 },
        422,
        'PAYMENT_AMOUNT_OUT_OF_RANGE',
        /0\.01 USD is below the minimum/,
      );
      await refuses(
        customer,
        order.id,
        { paymentMethod: 'stripe', currency: 'eur' },
        400,
        'VALIDATION_FAILED',
        /currency should not exist/,
      );
    });

    it('should refuse a malformed id, an unknown order and another user’s order', async () => {
      const response = await t
        .http()
        .post('/orders/nope/pay')
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(400);
      expect(response.body.message).toBe('id must be a UUID');
      await refuses(customer, randomUUID(), { paymentMethod: 'stripe' }, 404, 'ORDER_NOT_FOUND');
      const intruder = await createUser(t);
      await refuses(intruder, order.id, { paymentMethod: 'stripe' }, 404, 'ORDER_NOT_FOUND');
    });

    it('should refuse a canceled order with 409 ORDER_NOT_PAYABLE', async () => {
      const canceled = await createOrder(t, customer, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
      await t.http().post(`/orders/${canceled.id}/cancel`).set(customer.auth).expect(200);
      await refuses(customer, canceled.id, { paymentMethod: 'stripe' }, 409, 'ORDER_NOT_PAYABLE', /is canceled/);
    });

    it('should refuse a total below Stripe’s minimum charge with 422', async () => {
      const cheap = await createOrder(t, customer, [
        { productId: (await createProduct(t, { unitAmount: 20 })).id, quantity: 2 },
      ]);
      await refuses(
        customer,
        cheap.id,
        { paymentMethod: 'stripe' },
        422,
        'ORDER_TOTAL_OUT_OF_RANGE',
        /0\.40 USD cannot be charged: the payment providers take 0\.50 USD/,
      );
    });

    it('should refuse an order with no items with 422', async () => {
      const empty = await createOrder(t, customer, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
      await t.dataSource.query('DELETE FROM order_items WHERE order_id = $1', [empty.id]);
      await refuses(customer, empty.id, { paymentMethod: 'stripe' }, 422, 'ORDER_NOT_PAYABLE', /has no items/);
    });

    it('should refuse a paid order with 409 ORDER_NOT_PAYABLE and open no new attempt', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      await waitForOrderStatus(t, checkout.orderId, 'paid');
      const payments = await countRows(t, 'payments');
      const { body } = await t
        .http()
        .post(`/orders/${checkout.orderId}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(409);
      expect(body).toMatchObject({ code: 'ORDER_NOT_PAYABLE', message: expect.stringMatching(/is paid/) });
      expect(await countRows(t, 'payments')).toBe(payments);
    });
  });

  it('should reuse the open session: 200 with the same payment and URL', async () => {
    const checkout = await startCheckout(t, customer);
    const again = await t
      .http()
      .post(`/orders/${checkout.orderId}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'stripe' })
      .expect(200);
    expect(again.body).toMatchObject({
      paymentId: checkout.paymentId,
      checkoutUrl: checkout.checkoutUrl,
      status: 'open',
    });
    expect(await sessionsAtStripe(checkout.orderId)).toHaveLength(1);
  });

  describe('before handing out the open session again, it asks Stripe', () => {
    const pay = (orderId: string) =>
      t.http().post(`/orders/${orderId}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' });

    it('should open a new session when Stripe expired the stored one and its webhook has not arrived', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      try {
        t.stripe.checkoutAction(checkout.sessionId, 'expire');
        const again = await pay(checkout.orderId).expect(201);
        expect(again.body.paymentId).not.toBe(checkout.paymentId);
        expect(again.body.checkoutUrl).not.toBe(checkout.checkoutUrl);
        expect(await paymentStatus(t, checkout.paymentId)).toBe('expired');
        expect(await sessionsAtStripe(checkout.orderId)).toHaveLength(2);
      } finally {
        await t.stripe.releaseEvents();
        await t.stripe.waitForDeliveries();
      }
      expect(await paymentStatus(t, checkout.paymentId)).toBe('expired');
    });

    it('should answer 409 for a session paid at Stripe whose webhook is on its way, and have it checked at once', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      try {
        t.stripe.checkoutAction(checkout.sessionId, 'pay');
        const refused = await pay(checkout.orderId).expect(409);
        expect(refused.body).toMatchObject({
          code: 'PAYMENT_IN_PROGRESS',
          message: `A payment for order ${checkout.orderId} has completed and is being confirmed`,
        });
        const [row] = await t.dataSource.query(
          'SELECT status, next_check_at <= now() AS due FROM payments WHERE id = $1',
          [checkout.paymentId],
        );
        expect(row).toEqual({ status: 'open', due: true });
        expect(await sessionsAtStripe(checkout.orderId)).toHaveLength(1);
      } finally {
        await t.stripe.releaseEvents();
        await t.stripe.waitForDeliveries();
      }
      await waitForOrderStatus(t, checkout.orderId, 'paid');
    });
  });

  it('should open exactly one session for 10 concurrent /pay calls and give every caller its URL', async () => {
    const product = await createProduct(t, { unitAmount: 700 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 3 }]);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http().post(`/orders/${order.id}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.checkoutUrl)).size).toBe(1);
    expect(new Set(responses.map((r) => r.body.paymentId)).size).toBe(1);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [order.id])).toEqual(
      [{ n: 1 }],
    );
    expect(await sessionsAtStripe(order.id)).toHaveLength(1);
  });

  it('should replace a session about to expire: expire it at Stripe, open a new one (201)', async () => {
    const checkout = await startCheckout(t, customer);
    // As if 27 of its 30 minutes had passed.
    await t.dataSource.query("UPDATE payments SET expires_at = now() + interval '3 minutes' WHERE id = $1", [
      checkout.paymentId,
    ]);
    const { body } = await t
      .http()
      .post(`/orders/${checkout.orderId}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'stripe' })
      .expect(201);
    expect(body.paymentId).not.toBe(checkout.paymentId);
    expect(body.checkoutUrl).not.toBe(checkout.checkoutUrl);
    expect(await paymentStatus(t, checkout.paymentId)).toBe('expired');
    expect((await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)).status).toBe('expired');
  });

  describe('GET /orders/:id/payments', () => {
    it('should list the attempts oldest first in a {data, meta} page, and answer 404 to another user', async () => {
      const checkout = await startCheckout(t, customer);
      const { body } = await t.http().get(`/orders/${checkout.orderId}/payments`).set(customer.auth).expect(200);
      expect(body.meta).toEqual({ page: 1, pageSize: 20, total: 1 });
      expect(body.data).toEqual([
        {
          id: checkout.paymentId,
          provider: 'stripe',
          status: 'open',
          amount: checkout.totalAmount,
          currency: 'usd',
          amountRefunded: 0,
          checkoutUrl: checkout.checkoutUrl,
          expiresAt: expect.any(String),
          failureCode: null,
          failureMessage: null,
          createdAt: expect.any(String),
        },
      ]);
      const intruder = await createUser(t);
      const denied = await t.http().get(`/orders/${checkout.orderId}/payments`).set(intruder.auth).expect(404);
      expect(denied.body.code).toBe('ORDER_NOT_FOUND');
    });

    it('should page through the attempts with page and pageSize, like every other list', async () => {
      const first = await startCheckout(t, customer);
      // As if 27 of its 30 minutes had passed: the next /pay opens a second attempt.
      await t.dataSource.query("UPDATE payments SET expires_at = now() + interval '3 minutes' WHERE id = $1", [
        first.paymentId,
      ]);
      const second = await t
        .http()
        .post(`/orders/${first.orderId}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(201);
      const list = (query: string) => t.http().get(`/orders/${first.orderId}/payments${query}`).set(customer.auth);

      const pageOne = await list('?pageSize=1').expect(200);
      const pageTwo = await list('?pageSize=1&page=2').expect(200);
      const pastTheEnd = await list('?pageSize=1&page=3').expect(200);

      expect(pageOne.body).toEqual({
        data: [expect.objectContaining({ id: first.paymentId, status: 'expired' })],
        meta: { page: 1, pageSize: 1, total: 2 },
      });
      expect(pageTwo.body).toEqual({
        data: [expect.objectContaining({ id: second.body.paymentId, status: 'open' })],
        meta: { page: 2, pageSize: 1, total: 2 },
      });
      expect(pastTheEnd.body).toEqual({ data: [], meta: { page: 3, pageSize: 1, total: 2 } });
      const refused = await list('?pageSize=0').expect(400);
      expect(refused.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it('should document the page shape and its query parameters in the OpenAPI document', async () => {
      const { body } = await t.http().get('/docs-json').expect(200);
      const operation = body.paths['/orders/{id}/payments'].get;
      expect(operation.responses['200'].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/PaymentPage',
      });
      expect(body.components.schemas.PaymentPage).toMatchObject({
        required: ['data', 'meta'],
        properties: {
          data: { type: 'array', items: { $ref: '#/components/schemas/Payment' } },
          meta: { $ref: '#/components/schemas/PageMeta' },
        },
      });
      expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual([
        'id',
        'page',
        'pageSize',
      ]);
    });
  });

  describe('POST /orders/:id/cancel with a checkout open', () => {
    it('should expire the session at Stripe first, then cancel', async () => {
      const checkout = await startCheckout(t, customer);
      const { body } = await t.http().post(`/orders/${checkout.orderId}/cancel`).set(customer.auth).expect(200);
      expect(body.status).toBe('canceled');
      // Ended: nothing left for the reconciler to check.
      expect(
        await t.dataSource.query('SELECT status, next_check_at FROM payments WHERE id = $1', [checkout.paymentId]),
      ).toEqual([{ status: 'canceled', next_check_at: null }]);
      expect((await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)).status).toBe('expired');
      // The customer can no longer pay it.
      expect(() => t.stripe.checkoutAction(checkout.sessionId, 'pay')).toThrow();
    });

    it('should refuse with 409 when the payment completed meanwhile, and the order ends paid', async () => {
      const checkout = await startCheckout(t, customer);
      t.stripe.holdEvents();
      t.stripe.checkoutAction(checkout.sessionId, 'pay');
      const { body } = await t.http().post(`/orders/${checkout.orderId}/cancel`).set(customer.auth).expect(409);
      expect(body).toMatchObject({ code: 'ORDER_NOT_CANCELABLE', message: expect.stringMatching(/just completed/) });
      expect(await orderStatus(t, checkout.orderId)).toBe('pending');
      await t.stripe.releaseEvents();
      await waitForOrderStatus(t, checkout.orderId, 'paid');
    });

    it('should not be blocked by an attempt whose creator died before opening its session', async () => {
      const product = await createProduct(t);
      const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO payments (order_id, provider, status, amount, currency, created_at)
         VALUES ($1, 'stripe', 'creating', $2, 'usd', now() - interval '10 minutes') RETURNING id`,
        [order.id, order.totalAmount],
      );
      await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(200);
      expect(await paymentStatus(t, id)).toBe('failed');
    });

    it('should refuse another user’s order with 404 and leave its session open', async () => {
      const checkout = await startCheckout(t, customer);
      const intruder = await createUser(t);
      await t.http().post(`/orders/${checkout.orderId}/cancel`).set(intruder.auth).expect(404);
      expect((await stripeClient(t).checkout.sessions.retrieve(checkout.sessionId)).status).toBe('open');
      expect(await paymentStatus(t, checkout.paymentId)).toBe('open');
    });
  });
});

describe('Payments when Stripe is unreachable (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    customer = await createUser(t);
    port = t.stripe.port;
  });
  afterAll(() => t.close());

  it('should answer 503, keep the order pending, and leave nothing that blocks the next try', async () => {
    const product = await createProduct(t, { unitAmount: 1500 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    await t.stripe.close();

    const { body } = await t
      .http()
      .post(`/orders/${order.id}/pay`)
      .set(customer.auth)
      .send({ paymentMethod: 'stripe' })
      .expect(503);
    expect(body).toMatchObject({ statusCode: 503, code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    expect(await orderStatus(t, order.id)).toBe('pending');
    const [failed] = await t.dataSource.query('SELECT status, failure_reason FROM payments WHERE order_id = $1', [
      order.id,
    ]);
    expect(failed.status).toBe('failed');

    // Stripe is back (on the same address): the next try opens a session.
    const revived = await startStripeEmulator({
      port,
      webhookSecret: t.config.payments.stripe.webhookSecrets[0],
      webhookUrl: `${t.baseUrl}/webhooks/stripe`,
    });
    try {
      const retry = await t
        .http()
        .post(`/orders/${order.id}/pay`)
        .set(customer.auth)
        .send({ paymentMethod: 'stripe' })
        .expect(201);
      expect(retry.body.status).toBe('open');
      await waitFor(() => revived.checkoutAction(retry.body.checkoutUrl.split('/').pop(), 'pay'));
      await waitForOrderStatus(t, order.id, 'paid');
    } finally {
      await revived.close();
    }
  });

  it('should answer 503 to cancel when the open session cannot be expired, and keep the order pending', async () => {
    const revived = await startStripeEmulator({ port, webhookSecret: t.config.payments.stripe.webhookSecrets[0] });
    const product = await createProduct(t, { unitAmount: 1500 });
    const order = await createOrder(t, customer, [{ productId: product.id, quantity: 1 }]);
    await t.http().post(`/orders/${order.id}/pay`).set(customer.auth).send({ paymentMethod: 'stripe' }).expect(201);
    await revived.close();
    const { body } = await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(503);
    expect(body.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    expect(await orderStatus(t, order.id)).toBe('pending');
  });
});

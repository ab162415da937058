import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import createClient from 'openapi-fetch';
import type { paths } from './client/orderpay-api';
import { PASSWORD, uniqueEmail } from './support/factories';
import { fetchApp } from './support/openapi-checks';
import { waitFor } from './support/payments';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Proof that docs/openapi.json matches the server: a client generated from it (openapi-typescript
 * types, test/client/orderpay-api.ts, with openapi-fetch) drives a whole journey against the
 * running app. Every call to the app goes through that client, typed by the document alone (no
 * schema names: they are the document's to change), and the database is checked beside it.
 */
describe('The client generated from docs/openapi.json', () => {
  describe('its types (test/client/orderpay-api.ts)', () => {
    it('should be exactly what docs/openapi.json generates', () => {
      // The generator prints what it would write (it runs on its own: Jest cannot load
      // openapi-typescript's ESM dependencies); nothing is written.
      const root = path.join(__dirname, '..');
      const fresh = execFileSync(
        process.execPath,
        [path.join(root, 'scripts', 'generate-client-types.js'), '--stdout'],
        {
          encoding: 'utf8',
        },
      );
      const committed = readFileSync(path.join(__dirname, 'client', 'orderpay-api.ts'), 'utf8');
      if (committed !== fresh) {
        const [ours, theirs] = [committed.split('\n'), fresh.split('\n')];
        const line = ours.findIndex((text, i) => text !== theirs[i]);
        const at = line === -1 ? theirs.length : line;
        throw new Error(
          `test/client/orderpay-api.ts is not what docs/openapi.json generates (first difference at line ${at + 1}: ` +
            `committed ${JSON.stringify(ours[at])}, generated ${JSON.stringify(theirs[at])}): run npm run openapi`,
        );
      }
    });
  });

  describe('against the running app', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    /** A client as a client author makes one: the document's paths, the app's address, a bearer token. */
    const clientFor = (token?: string) =>
      createClient<paths>({
        baseUrl: t.baseUrl,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        // Its answers are checked against docs/openapi.json too (openapi-checks.ts).
        fetch: (request: Request) => fetchApp(request),
      });

    /** Registers and logs in through the client; `promote` makes the account an admin in between. */
    async function signUp(promote = false) {
      const api = clientFor();
      const email = uniqueEmail(promote ? 'admin' : 'customer');
      const registered = await api.POST('/auth/register', { body: { email, password: PASSWORD } });
      expect(registered.response.status).toBe(201);
      expect(registered.data).toEqual({ id: expect.any(String), email, role: 'customer' });
      const id = registered.data!.id;
      const [row] = await t.dataSource.query('SELECT email, role FROM users WHERE id = $1', [id]);
      expect(row).toEqual({ email, role: 'customer' });
      if (promote) await t.dataSource.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [id]);

      const login = await api.POST('/auth/login', { body: { email, password: PASSWORD } });
      expect(login.response.status).toBe(200);
      expect(login.data).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: expect.any(Number),
      });
      return { id, email, api: clientFor(login.data!.accessToken) };
    }

    it('should take a customer from sign-up to a paid order, partly refunded by an admin', async () => {
      // An admin puts a product on sale.
      const admin = await signUp(true);
      const sku = `MUG-${randomUUID().slice(0, 8)}`;
      const created = await admin.api.POST('/admin/products', {
        body: { sku, name: 'Blue mug', description: 'Stoneware, 350 ml', unitAmount: 1299 },
      });
      expect(created.response.status).toBe(201);
      expect(created.data).toEqual({
        id: expect.any(String),
        sku,
        name: 'Blue mug',
        description: 'Stoneware, 350 ml',
        unitAmount: 1299,
        currency: 'usd',
        active: true,
      });
      const productId = created.data!.id;
      const [product] = await t.dataSource.query('SELECT sku, unit_amount, active FROM products WHERE id = $1', [
        productId,
      ]);
      expect(product).toEqual({ sku, unit_amount: 1299, active: true });

      // A new customer signs up and asks who they are.
      const customer = await signUp();
      const me = await customer.api.GET('/auth/me');
      expect(me.response.status).toBe(200);
      expect(me.data).toEqual({ id: customer.id, email: customer.email, role: 'customer' });

      // The catalog lists the product.
      const products = await customer.api.GET('/products', { params: { query: { pageSize: 100 } } });
      expect(products.response.status).toBe(200);
      expect(products.data!.meta).toMatchObject({ page: 1, pageSize: 100 });
      expect(products.data!.data.find((p) => p.id === productId)).toEqual(created.data);

      // Two of it.
      const ordered = await customer.api.POST('/orders', { body: { items: [{ productId, quantity: 2 }] } });
      expect(ordered.response.status).toBe(201);
      expect(ordered.data).toMatchObject({
        status: 'pending',
        currency: 'usd',
        totalAmount: 2598,
        amountPaid: 0,
        amountDue: 2598,
        amountRefunded: 0,
        items: [{ productId, name: 'Blue mug', unitAmount: 1299, quantity: 2, lineTotal: 2598 }],
        paidAt: null,
        canceledAt: null,
      });
      const orderId = ordered.data!.id;
      const [order] = await t.dataSource.query('SELECT user_id, status, total_amount FROM orders WHERE id = $1', [
        orderId,
      ]);
      expect(order).toEqual({ user_id: customer.id, status: 'pending', total_amount: 2598 });

      // Pay with Stripe: a Checkout Session to send the customer to.
      const pay = await customer.api.POST('/orders/{id}/pay', {
        params: { path: { id: orderId } },
        body: { paymentMethod: 'stripe' },
      });
      expect(pay.response.status).toBe(201);
      expect(pay.data).toEqual({
        paymentId: expect.any(String),
        orderId,
        provider: 'stripe',
        status: 'open',
        amount: 2598,
        currency: 'usd',
        checkoutUrl: expect.stringMatching(/\/c\/pay\/cs_test_\w+$/),
        expiresAt: expect.any(String),
      });
      const { paymentId, checkoutUrl } = pay.data!;
      const sessionId = new URL(checkoutUrl).pathname.split('/').pop();
      const [attempt] = await t.dataSource.query('SELECT status, provider_session_id FROM payments WHERE id = $1', [
        paymentId,
      ]);
      expect(attempt).toEqual({ status: 'open', provider_session_id: sessionId });

      // The customer presses Pay on the (emulated) Stripe Checkout page; Stripe sends the signed
      // checkout.session.completed webhook to the app.
      const click = await fetch(checkoutUrl, {
        method: 'POST',
        body: new URLSearchParams({ action: 'pay' }),
        redirect: 'manual',
      });
      expect(click.status).toBe(303);

      // The customer's app polls the order until the webhook has marked it paid.
      const paid = await waitFor(
        async () => {
          const { data } = await customer.api.GET('/orders/{id}', { params: { path: { id: orderId } } });
          return data?.status === 'paid' ? data : undefined;
        },
        { what: `order ${orderId} to be paid`, timeoutMs: 5000 },
      );
      expect(paid).toMatchObject({ amountPaid: 2598, amountDue: 0, amountRefunded: 0, paidAt: expect.any(String) });
      expect(await t.dataSource.query('SELECT status, amount_paid FROM orders WHERE id = $1', [orderId])).toEqual([
        { status: 'paid', amount_paid: 2598 },
      ]);

      const payments = await customer.api.GET('/orders/{id}/payments', { params: { path: { id: orderId } } });
      expect(payments.response.status).toBe(200);
      expect(payments.data).toEqual({
        data: [
          expect.objectContaining({
            id: paymentId,
            provider: 'stripe',
            status: 'succeeded',
            amount: 2598,
            currency: 'usd',
            amountRefunded: 0,
            checkoutUrl: null,
            failureCode: null,
            failureMessage: null,
          }),
        ],
        meta: { page: 1, pageSize: 20, total: 1 },
      });

      // The admin gives 5.00 back.
      const refund = await admin.api.POST('/admin/orders/{id}/refunds', {
        params: { path: { id: orderId } },
        body: { amount: 500, reason: 'requested_by_customer' },
      });
      expect(refund.response.status).toBe(202);
      expect(refund.data).toEqual({
        amount: 500,
        refunds: [{ refundId: expect.any(String), paymentId, status: 'pending', amount: 500, failureReason: null }],
      });
      const refundId = refund.data!.refunds[0].refundId;
      await waitFor(
        async () => {
          const { data } = await admin.api.GET('/admin/orders/{id}', { params: { path: { id: orderId } } });
          return data?.amountRefunded === 500 && data.refunds[0]?.status === 'succeeded';
        },
        { what: `the refund of order ${orderId} to settle`, timeoutMs: 5000 },
      );
      // A settling refund brings more than one event (refund.updated, charge.refunded): let them all land.
      await t.stripe.waitForDeliveries();
      const settled = (await admin.api.GET('/admin/orders/{id}', { params: { path: { id: orderId } } })).data;
      expect(
        await t.dataSource.query('SELECT status, amount_paid, amount_refunded FROM orders WHERE id = $1', [orderId]),
      ).toEqual([{ status: 'paid', amount_paid: 2598, amount_refunded: 500 }]);
      expect(
        await t.dataSource.query('SELECT id, amount, status, requested_by FROM refunds WHERE order_id = $1', [orderId]),
      ).toEqual([{ id: refundId, amount: 500, status: 'succeeded', requested_by: `user:${admin.id}` }]);
      expect(await t.dataSource.query('SELECT amount_refunded FROM payments WHERE id = $1', [paymentId])).toEqual([
        { amount_refunded: 500 },
      ]);

      // The admin's webhook inbox: the checkout's completion, processed once.
      const inbox = await admin.api.GET('/admin/webhook-events', { params: { query: { pageSize: 100 } } });
      expect(inbox.response.status).toBe(200);
      const completions = inbox.data!.data.filter(
        (e) => e.orderId === orderId && e.type === 'checkout.session.completed',
      );
      expect(completions).toEqual([
        expect.objectContaining({
          provider: 'stripe',
          eventId: expect.stringMatching(/^evt_/),
          status: 'processed',
          attempts: 1,
          lastError: null,
          processedAt: expect.any(String),
        }),
      ]);
      const [completion] = completions;
      expect(
        await t.dataSource.query('SELECT status, order_id FROM webhook_events WHERE event_id = $1', [
          completion.eventId,
        ]),
      ).toEqual([{ status: 'processed', order_id: orderId }]);

      // The order's whole history, as the admin reads it.
      const detail = await admin.api.GET('/admin/orders/{id}', { params: { path: { id: orderId } } });
      expect(detail.response.status).toBe(200);
      expect(detail.data).toEqual(settled);
      expect(detail.data).toMatchObject({
        id: orderId,
        status: 'paid',
        totalAmount: 2598,
        amountPaid: 2598,
        amountDue: 0,
        amountRefunded: 500,
        userId: customer.id,
        userEmail: customer.email,
        flags: [],
        auditTrail: [
          {
            fromStatus: 'pending',
            toStatus: 'paid',
            cause: `stripe_event:${completion.eventId}`,
            amountPaid: 2598,
            amountRefunded: 0,
          },
          {
            fromStatus: 'paid',
            toStatus: 'paid',
            cause: expect.stringMatching(/^stripe_event:evt_/),
            amountPaid: 2598,
            amountRefunded: 500,
          },
        ],
        payments: [
          {
            id: paymentId,
            status: 'succeeded',
            amount: 2598,
            amountRefunded: 500,
            amountApplied: 2598,
            receivedAmount: 2598,
            receivedCurrency: 'usd',
            failureReason: null,
          },
        ],
        refunds: [
          {
            id: refundId,
            paymentId,
            amount: 500,
            status: 'succeeded',
            reason: 'requested_by_customer',
            requestedBy: `user:${admin.id}`,
            providerRefundId: expect.stringMatching(/^re_/),
            failureReason: null,
          },
        ],
      });
      expect(detail.data!.webhookEvents.map((e) => e.eventId)).toContain(completion.eventId);
      expect(
        await t.dataSource.query(
          'SELECT from_status, to_status, amount_paid, amount_refunded, cause FROM order_events WHERE order_id = $1 ORDER BY at',
          [orderId],
        ),
      ).toEqual(
        detail.data!.auditTrail.map((entry) => ({
          from_status: entry.fromStatus,
          to_status: entry.toStatus,
          amount_paid: entry.amountPaid,
          amount_refunded: entry.amountRefunded,
          cause: entry.cause,
        })),
      );

      // The customer sees the refund on the order too.
      const customerView = await customer.api.GET('/orders/{id}', { params: { path: { id: orderId } } });
      expect(customerView.data).toMatchObject({ status: 'paid', amountPaid: 2598, amountRefunded: 500 });
    });

    it('should answer errors in their typed shape: another user’s order is 404, a bad body 400', async () => {
      const owner = await signUp();
      const stranger = await signUp();
      const anonymous = clientFor();
      const admin = await signUp(true);
      const created = await admin.api.POST('/admin/products', {
        body: { sku: `CUP-${randomUUID().slice(0, 8)}`, name: 'Cup', unitAmount: 800 },
      });
      const productId = created.data!.id;
      const ordered = await owner.api.POST('/orders', { body: { items: [{ productId, quantity: 1 }] } });
      const orderId = ordered.data!.id;

      const notYours = await stranger.api.POST('/orders/{id}/pay', {
        params: { path: { id: orderId } },
        body: { paymentMethod: 'stripe' },
      });
      expect(notYours.response.status).toBe(404);
      expect(notYours.data).toBeUndefined();
      expect(notYours.error).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'ORDER_NOT_FOUND' });

      const signedOut = await anonymous.GET('/orders/{id}', { params: { path: { id: orderId } } });
      expect(signedOut.response.status).toBe(401);
      expect(signedOut.error?.code).toBe('UNAUTHENTICATED');

      // Within the types (a number), outside the rules (1..999).
      const tooMany = await owner.api.POST('/orders', { body: { items: [{ productId, quantity: 1000 }] } });
      expect(tooMany.response.status).toBe(400);
      expect(tooMany.error).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'items.0.quantity must not be greater than 999',
        details: [{ field: 'items.0.quantity', messages: ['quantity must not be greater than 999'] }],
      });

      const [{ orders }] = await t.dataSource.query('SELECT count(*)::int AS orders FROM orders WHERE user_id = $1', [
        owner.id,
      ]);
      expect(orders).toBe(1);
      const [{ payments }] = await t.dataSource.query(
        'SELECT count(*)::int AS payments FROM payments WHERE order_id = $1',
        [orderId],
      );
      expect(payments).toBe(0);
    });
  });
});

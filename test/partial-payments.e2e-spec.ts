import { countRows, createAdmin, createOrder, createProduct, createUser, TestUser } from './support/factories';
import { deliver, refundEventFor, stripeClient, waitFor } from './support/payments';
import { attemptAtStripe, refundsAtStripe } from './support/stripe-requests';
import { createTestApp, TestApp } from './support/test-app';

/** 60.00 x 2: a total of 120.00 USD. */
const TOTAL = 12000;

interface OrderRow {
  status: string;
  amount_paid: number;
  amount_refunded: number;
}

/**
 * Partial payments end to end: `/pay {amount}` through the emulator's Checkout and its signed
 * webhooks, on real PostgreSQL. What the order says is read over HTTP and in the database.
 */
describe('Partial payments (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ PAY_RATE_LIMIT_PER_MINUTE: '100000' });
    customer = await createUser(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const newOrder = async (user = customer) => {
    const product = await createProduct(t, { unitAmount: TOTAL / 2, name: 'Made-to-order chair' });
    return createOrder(t, user, [{ productId: product.id, quantity: 2 }]);
  };
  const pay = (orderId: string, body: object = {}, user = customer) =>
    t
      .http()
      .post(`/orders/${orderId}/pay`)
      .set(user.auth)
      .send({ paymentMethod: 'stripe', ...body });
  const getOrder = async (orderId: string) =>
    (await t.http().get(`/orders/${orderId}`).set(customer.auth).expect(200)).body;
  const orderRow = async (orderId: string): Promise<OrderRow> =>
    (await t.dataSource.query('SELECT status, amount_paid, amount_refunded FROM orders WHERE id = $1', [orderId]))[0];
  const sessionOf = async (paymentId: string): Promise<string> =>
    (await t.dataSource.query('SELECT provider_session_id FROM payments WHERE id = $1', [paymentId]))[0]
      .provider_session_id;
  /** Pays a checkout on the emulator's page and waits for its webhook to count it on the order. */
  const payAtStripe = async (orderId: string, paymentId: string, amountPaid: number) => {
    t.stripe.checkoutAction(await sessionOf(paymentId), 'pay');
    await waitFor(async () => (await orderRow(orderId)).amount_paid === amountPaid, {
      what: `order ${orderId} to have ${amountPaid} paid`,
      timeoutMs: 5000,
    });
  };
  const sessionsAtStripe = async (orderId: string) => {
    const { data } = await stripeClient(t).checkout.sessions.list({ limit: 100 });
    return data.filter((session) => session.metadata?.orderId === orderId);
  };

  it('should take a 30% deposit, then the balance, with amountPaid and amountDue following each payment', async () => {
    const order = await newOrder();
    expect(await getOrder(order.id)).toMatchObject({ status: 'pending', amountPaid: 0, amountDue: TOTAL });

    const deposit = await pay(order.id, { amount: 3600 }).expect(201);
    expect(deposit.body).toMatchObject({ amount: 3600, currency: 'usd', status: 'open' });
    const atStripe = await attemptAtStripe(t, deposit.body.paymentId);
    expect(atStripe.session.amount_total).toBe(3600);
    expect(atStripe.session.metadata).toEqual({ orderId: order.id, paymentId: deposit.body.paymentId, amount: '3600' });
    expect(atStripe.lines).toHaveLength(1);
    expect(atStripe.lines[0]).toMatchObject({
      amount_total: 3600,
      quantity: 1,
      description: `Deposit for order ${order.id.slice(0, 8)}… (36.00 of 120.00 USD)`,
    });

    await payAtStripe(order.id, deposit.body.paymentId, 3600);
    expect(await getOrder(order.id)).toMatchObject({
      status: 'partially_paid',
      amountPaid: 3600,
      amountDue: 8400,
      paidAt: null,
    });

    // The customer back from Checkout reads that this part arrived (no polling forever).
    const status = await t
      .http()
      .get(`/checkout-sessions/${await sessionOf(deposit.body.paymentId)}/status?orderId=${order.id}`)
      .expect(200);
    expect(status.body).toMatchObject({ state: 'partially_paid', final: true, orderStatus: 'partially_paid' });

    const balance = await pay(order.id).expect(201);
    expect(balance.body.amount).toBe(8400);
    const balanceAtStripe = await attemptAtStripe(t, balance.body.paymentId);
    expect(balanceAtStripe.lines[0].description).toBe(
      `Balance for order ${order.id.slice(0, 8)}… (84.00 of 120.00 USD)`,
    );
    await payAtStripe(order.id, balance.body.paymentId, TOTAL);
    const paid = await getOrder(order.id);
    expect(paid).toMatchObject({ status: 'paid', amountPaid: TOTAL, amountDue: 0 });
    expect(paid.paidAt).not.toBeNull();

    // One audit row per change, with the amounts after it; each payment's own trail too.
    const trail = await t.dataSource.query(
      'SELECT from_status, to_status, amount_paid FROM order_events WHERE order_id = $1 ORDER BY at',
      [order.id],
    );
    expect(trail).toEqual([
      { from_status: 'pending', to_status: 'partially_paid', amount_paid: 3600 },
      { from_status: 'partially_paid', to_status: 'paid', amount_paid: TOTAL },
    ]);
    const paymentTrail = await t.dataSource.query(
      'SELECT from_status, to_status FROM payment_status_changes WHERE payment_id = $1 ORDER BY at',
      [deposit.body.paymentId],
    );
    expect(paymentTrail).toEqual([
      { from_status: null, to_status: 'creating' },
      { from_status: 'creating', to_status: 'open' },
      { from_status: 'open', to_status: 'succeeded' },
    ]);
    await pay(order.id, { amount: 100 })
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('ORDER_NOT_PAYABLE'));
  });

  it('should show the deposit line and amount on the hosted page, and count a part paid later (async) once it clears', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 2500 }).expect(201);
    const page = await (await fetch(deposit.body.checkoutUrl)).text();
    expect(page).toContain(`Deposit for order ${order.id.slice(0, 8)}… (25.00 of 120.00 USD)`);
    expect(page).toMatch(/data-testid="total">\$?25\.00/);

    const session = await sessionOf(deposit.body.paymentId);
    t.stripe.checkoutAction(session, 'pay_later');
    await waitFor(
      async () =>
        (await t.dataSource.query('SELECT status FROM payments WHERE id = $1', [deposit.body.paymentId]))[0].status ===
        'processing',
      { what: 'the delayed payment to be processing', timeoutMs: 5000 },
    );
    expect(await orderRow(order.id)).toEqual({ status: 'pending', amount_paid: 0, amount_refunded: 0 });
    // While it clears, no other part can start.
    await pay(order.id, { amount: 3000 })
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('PAYMENT_IN_PROGRESS'));
    t.stripe.checkoutAction(session, 'async_succeed');
    await waitFor(async () => (await orderRow(order.id)).amount_paid === 2500, {
      what: 'the deposit',
      timeoutMs: 5000,
    });
    expect(await getOrder(order.id)).toMatchObject({ status: 'partially_paid', amountPaid: 2500, amountDue: 9500 });
  });

  it('should take three payments, the middle one named a part payment, and keep the order partially paid until the last', async () => {
    const order = await newOrder();
    const first = await pay(order.id, { amount: 2000 }).expect(201);
    await payAtStripe(order.id, first.body.paymentId, 2000);
    const second = await pay(order.id, { amount: 5000 }).expect(201);
    expect((await attemptAtStripe(t, second.body.paymentId)).lines[0].description).toBe(
      `Part payment for order ${order.id.slice(0, 8)}… (50.00 of 120.00 USD)`,
    );
    await payAtStripe(order.id, second.body.paymentId, 7000);
    expect(await getOrder(order.id)).toMatchObject({ status: 'partially_paid', amountPaid: 7000, amountDue: 5000 });
    const third = await pay(order.id, { amount: 5000 }).expect(201);
    await payAtStripe(order.id, third.body.paymentId, TOTAL);
    expect(await orderRow(order.id)).toEqual({ status: 'paid', amount_paid: TOTAL, amount_refunded: 0 });
    const [{ sum }] = await t.dataSource.query(
      "SELECT SUM(amount_applied)::int AS sum FROM payments WHERE order_id = $1 AND status = 'succeeded'",
      [order.id],
    );
    expect(sum).toBe(TOTAL);
  });

  it.each([
    { name: 'zero', amount: 0, status: 422, code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' },
    { name: 'negative', amount: -500, status: 422, code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' },
    { name: 'below the minimum', amount: 49, status: 422, code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' },
    { name: 'above the balance', amount: TOTAL + 1, status: 422, code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' },
    { name: 'leaving less than the minimum', amount: TOTAL - 49, status: 422, code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' },
    { name: 'fractional', amount: 1000.5, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'a string', amount: '1000', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'null', amount: null, status: 400, code: 'VALIDATION_FAILED' },
  ])('should refuse an amount $name with $status $code, writing nothing here or at Stripe', async (bad) => {
    const order = await newOrder();
    const paymentsBefore = await countRows(t, 'payments');
    const { body } = await pay(order.id, { amount: bad.amount }).expect(bad.status);
    expect(body.code).toBe(bad.code);
    if (bad.status === 422) {
      // The message names the limits.
      expect(body.message).toContain('from 0.50 USD to the balance of 120.00 USD');
    } else {
      expect(body.details).toEqual([{ field: 'amount', messages: [expect.stringContaining('whole number')] }]);
    }
    expect(await countRows(t, 'payments')).toBe(paymentsBefore);
    expect(await sessionsAtStripe(order.id)).toEqual([]);
    expect(await orderRow(order.id)).toEqual({ status: 'pending', amount_paid: 0, amount_refunded: 0 });
  });

  it('should check the amount against the balance left, not the total, once a part is paid', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 10000 }).expect(201);
    await payAtStripe(order.id, deposit.body.paymentId, 10000);
    const { body } = await pay(order.id, { amount: 2001 }).expect(422);
    expect(body).toMatchObject({ code: 'PAYMENT_AMOUNT_OUT_OF_RANGE' });
    expect(body.message).toContain('the balance of 20.00 USD');
    await pay(order.id, { amount: 1960 })
      .expect(422)
      .expect((res) => expect(res.body.message).toContain('would leave 0.40 USD'));
    expect((await pay(order.id, { amount: 2000 }).expect(201)).body.amount).toBe(2000);
  });

  it('should refuse a part when partial payments are turned off, and still take the balance', async () => {
    const whole = await createTestApp({ PARTIAL_PAYMENTS_ENABLED: 'false' });
    try {
      const user = await createUser(whole);
      const product = await createProduct(whole, { unitAmount: 6000 });
      const order = await createOrder(whole, user, [{ productId: product.id, quantity: 2 }]);
      const send = (body: object) =>
        whole
          .http()
          .post(`/orders/${order.id}/pay`)
          .set(user.auth)
          .send({ paymentMethod: 'stripe', ...body });
      const { body } = await send({ amount: 3600 }).expect(422);
      expect(body.code).toBe('PARTIAL_PAYMENTS_DISABLED');
      expect(await countRows(whole, 'payments')).toBe(0);
      expect((await send({ amount: TOTAL }).expect(201)).body.amount).toBe(TOTAL);
    } finally {
      await whole.close();
    }
  });

  it('should honour a shop minimum above the provider minimum', async () => {
    const strict = await createTestApp({ PARTIAL_PAYMENT_MINIMUM: '2000' });
    try {
      const user = await createUser(strict);
      const product = await createProduct(strict, { unitAmount: 6000 });
      const order = await createOrder(strict, user, [{ productId: product.id, quantity: 2 }]);
      const send = (amount: number) =>
        strict.http().post(`/orders/${order.id}/pay`).set(user.auth).send({ paymentMethod: 'stripe', amount });
      const { body } = await send(1999).expect(422);
      expect(body.message).toContain('from 20.00 USD');
      await send(TOTAL - 1999).expect(422);
      await send(2000).expect(201);
    } finally {
      await strict.close();
    }
  });

  it('should replace an open session for another amount, closing it at Stripe first, and reuse one for the same amount', async () => {
    const order = await newOrder();
    const first = await pay(order.id, { amount: 3000 }).expect(201);
    const again = await pay(order.id, { amount: 3000 }).expect(200);
    expect(again.body.paymentId).toBe(first.body.paymentId);

    const other = await pay(order.id, { amount: 4000 }).expect(201);
    expect(other.body.paymentId).not.toBe(first.body.paymentId);
    const firstAtStripe = await attemptAtStripe(t, first.body.paymentId);
    expect(firstAtStripe.session.status).toBe('expired');
    expect(firstAtStripe.row.status).toBe('expired');
    // Without an amount: the balance, which is another amount again.
    const whole = await pay(order.id).expect(201);
    expect(whole.body.amount).toBe(TOTAL);
    const open = await t.dataSource.query("SELECT id FROM payments WHERE order_id = $1 AND status = 'open'", [
      order.id,
    ]);
    expect(open).toEqual([{ id: whole.body.paymentId }]);
  });

  it('should end concurrent /pay calls for different amounts with one open session, and charge only it', async () => {
    const order = await newOrder();
    const amounts = [3000, 4000, 3000, 5000, undefined, 4000];
    const answers = await Promise.all(amounts.map((amount) => pay(order.id, amount ? { amount } : {})));
    for (const answer of answers) expect([200, 201, 409]).toContain(answer.status);
    const open = await t.dataSource.query(
      "SELECT id, amount FROM payments WHERE order_id = $1 AND status IN ('creating', 'open', 'processing')",
      [order.id],
    );
    expect(open).toHaveLength(1);

    // The customer tries every link handed out: only the open session takes money.
    const sessions = await sessionsAtStripe(order.id);
    expect(sessions.filter((session) => session.status === 'open')).toHaveLength(1);
    for (const session of sessions) {
      try {
        t.stripe.checkoutAction(session.id, 'pay');
      } catch {
        // An expired session cannot be paid: the emulator refuses, as Stripe's page would.
      }
    }
    await waitFor(async () => (await orderRow(order.id)).amount_paid > 0, { what: 'the payment', timeoutMs: 5000 });
    await t.stripe.waitForDeliveries();
    expect((await orderRow(order.id)).amount_paid).toBe(open[0].amount);
    const succeeded = await t.dataSource.query("SELECT id FROM payments WHERE order_id = $1 AND status = 'succeeded'", [
      order.id,
    ]);
    expect(succeeded).toEqual([{ id: open[0].id }]);
    const refunds = await t.dataSource.query('SELECT id FROM refunds WHERE order_id = $1', [order.id]);
    expect(refunds).toEqual([]);
  });

  it('should refund once and flag once the excess of a late completion that pays past the total, through duplicates', async () => {
    const order = await newOrder();
    const early = await pay(order.id, { amount: 3000 }).expect(201);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(await sessionOf(early.body.paymentId), 'pay');
    // The customer paid at Stripe while orderpay saw the session expire (its webhook lost a race).
    await t.dataSource.query("UPDATE payments SET status = 'expired' WHERE id = $1", [early.body.paymentId]);
    const main = await pay(order.id, { amount: 10000 }).expect(201);
    t.stripe.checkoutAction(await sessionOf(main.body.paymentId), 'pay');
    const held = t.stripe.heldEventIds();
    // The main payment's event first: the early one then finds only 20.00 due.
    await t.stripe.releaseEvents('reversed');
    await waitFor(async () => (await orderRow(order.id)).status === 'paid', { what: 'paid', timeoutMs: 5000 });
    await waitFor(
      async () =>
        (
          await t.dataSource.query('SELECT 1 FROM refunds WHERE order_id = $1 AND provider_refund_id IS NOT NULL', [
            order.id,
          ])
        ).length === 1,
      { what: 'the excess refund at Stripe', timeoutMs: 5000 },
    );
    for (const id of held) t.stripe.redeliverEvent(id);
    await t.stripe.waitForDeliveries();

    expect(await orderRow(order.id)).toEqual({ status: 'paid', amount_paid: TOTAL, amount_refunded: 0 });
    const payments = await t.dataSource.query(
      'SELECT id, status, amount, amount_applied, amount_refunded, provider_payment_intent_id FROM payments WHERE order_id = $1',
      [order.id],
    );
    const earlyRow = payments.find((p: { id: string }) => p.id === early.body.paymentId);
    expect(earlyRow).toMatchObject({ status: 'succeeded', amount: 3000, amount_applied: 2000 });
    const refunds = await t.dataSource.query('SELECT amount, reason, payment_id FROM refunds WHERE order_id = $1', [
      order.id,
    ]);
    expect(refunds).toEqual([{ amount: 1000, reason: 'late_payment', payment_id: early.body.paymentId }]);
    const atStripe = await refundsAtStripe(t, earlyRow.provider_payment_intent_id);
    expect(atStripe.map((refund) => refund.amount)).toEqual([1000]);
    await waitFor(
      async () =>
        (await t.dataSource.query('SELECT amount_refunded FROM payments WHERE id = $1', [early.body.paymentId]))[0]
          .amount_refunded === 1000,
      { what: 'the excess refund to settle', timeoutMs: 5000 },
    );
    // The excess is the payment's own business: the order's refunded amount stays 0.
    expect(await orderRow(order.id)).toEqual({ status: 'paid', amount_paid: TOTAL, amount_refunded: 0 });
    const flags = await t.dataSource.query('SELECT kind, details FROM order_flags WHERE order_id = $1', [order.id]);
    expect(flags).toEqual([
      {
        kind: 'late_payment',
        details: expect.objectContaining({ paymentId: early.body.paymentId, applied: 2000, refunded: 1000 }),
      },
    ]);
  });

  it('should split an admin refund over two payments, newest first, one Stripe refund each, and go refunded at the end', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 3000 }).expect(201);
    await payAtStripe(order.id, deposit.body.paymentId, 3000);
    const balance = await pay(order.id).expect(201);
    await payAtStripe(order.id, balance.body.paymentId, TOTAL);
    const intents = Object.fromEntries(
      (
        await t.dataSource.query('SELECT id, provider_payment_intent_id AS pi FROM payments WHERE order_id = $1', [
          order.id,
        ])
      ).map((row: { id: string; pi: string }) => [row.id, row.pi]),
    );

    const refund = (body: object) => t.http().post(`/admin/orders/${order.id}/refunds`).set(admin.auth).send(body);
    await refund({ amount: TOTAL + 1 })
      .expect(422)
      .expect((res) => expect(res.body.code).toBe('REFUND_EXCEEDS_REMAINING'));
    const { body } = await refund({ amount: 10000 }).expect(202);
    expect(body).toEqual({
      amount: 10000,
      refunds: [
        expect.objectContaining({ paymentId: balance.body.paymentId, amount: 9000, status: 'pending' }),
        expect.objectContaining({ paymentId: deposit.body.paymentId, amount: 1000, status: 'pending' }),
      ],
    });
    expect((await refundsAtStripe(t, intents[balance.body.paymentId])).map((r) => r.amount)).toEqual([9000]);
    const depositRefunds = await refundsAtStripe(t, intents[deposit.body.paymentId]);
    expect(depositRefunds.map((r) => r.amount)).toEqual([1000]);
    expect(depositRefunds[0].metadata?.refundId).toBe(body.refunds[1].refundId);
    await waitFor(async () => (await orderRow(order.id)).amount_refunded === 10000, {
      what: 'both refunds to settle',
      timeoutMs: 5000,
    });
    expect((await orderRow(order.id)).status).toBe('paid');

    // Every refund event again, in reverse: nothing counts twice.
    await t.stripe.waitForDeliveries();
    const refundEvents = t.stripe
      .events()
      .filter((event) => event.type.startsWith('refund.') || event.type === 'charge.refunded')
      .map((event) => event.id);
    for (const id of refundEvents.reverse()) t.stripe.redeliverEvent(id);
    await t.stripe.waitForDeliveries();
    expect(await orderRow(order.id)).toEqual({ status: 'paid', amount_paid: TOTAL, amount_refunded: 10000 });
    const trail = await t.dataSource.query(
      'SELECT from_status, to_status, cause FROM refund_status_changes WHERE refund_id = $1 ORDER BY at',
      [body.refunds[0].refundId],
    );
    expect(trail).toEqual([
      { from_status: null, to_status: 'pending', cause: `user:${admin.id}` },
      { from_status: 'pending', to_status: 'succeeded', cause: expect.any(String) },
    ]);

    const rest = await refund({}).expect(202);
    expect(rest.body).toMatchObject({
      amount: 2000,
      refunds: [expect.objectContaining({ paymentId: deposit.body.paymentId })],
    });
    await waitFor(async () => (await orderRow(order.id)).status === 'refunded', { what: 'refunded', timeoutMs: 5000 });
    expect(await orderRow(order.id)).toEqual({ status: 'refunded', amount_paid: TOTAL, amount_refunded: TOTAL });
    await refund({}).expect(409);
  });

  it('should refund a partly paid order’s deposit on an admin refund, and mark it refunded', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 3000 }).expect(201);
    await payAtStripe(order.id, deposit.body.paymentId, 3000);
    await t.http().post(`/admin/orders/${order.id}/refunds`).set(admin.auth).send({}).expect(202);
    await waitFor(async () => (await orderRow(order.id)).status === 'refunded', { what: 'refunded', timeoutMs: 5000 });
    expect(await orderRow(order.id)).toEqual({ status: 'refunded', amount_paid: 3000, amount_refunded: 3000 });
    expect((await getOrder(order.id)).amountDue).toBe(0);
  });

  it('should refuse a customer cancel of a partly paid order with ORDER_HAS_PAYMENTS, changing nothing', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 3000 }).expect(201);
    await payAtStripe(order.id, deposit.body.paymentId, 3000);
    const open = await pay(order.id).expect(201);
    const { body } = await t.http().post(`/orders/${order.id}/cancel`).set(customer.auth).expect(409);
    expect(body.code).toBe('ORDER_HAS_PAYMENTS');
    expect(body.message).toContain('30.00 USD paid');
    expect(await orderRow(order.id)).toEqual({ status: 'partially_paid', amount_paid: 3000, amount_refunded: 0 });
    // Its open checkout is left alone: the customer can still pay the balance.
    expect((await attemptAtStripe(t, open.body.paymentId)).session.status).toBe('open');
  });

  it('should let an admin cancel a partly paid order: the open checkout closed, every payment refunded in full, the reason recorded', async () => {
    const order = await newOrder();
    const first = await pay(order.id, { amount: 3000 }).expect(201);
    await payAtStripe(order.id, first.body.paymentId, 3000);
    const second = await pay(order.id, { amount: 2000 }).expect(201);
    await payAtStripe(order.id, second.body.paymentId, 5000);
    const open = await pay(order.id).expect(201);

    const { body } = await t.http().post(`/admin/orders/${order.id}/cancel`).set(admin.auth).expect(200);
    expect(body).toMatchObject({ status: 'canceled', amountPaid: 5000, amountDue: 0 });
    expect((await attemptAtStripe(t, open.body.paymentId)).session.status).toBe('expired');
    await waitFor(async () => (await orderRow(order.id)).amount_refunded === 5000, {
      what: 'the refunds to settle',
      timeoutMs: 5000,
    });
    expect(await orderRow(order.id)).toEqual({ status: 'canceled', amount_paid: 5000, amount_refunded: 5000 });
    const refunds = await t.dataSource.query(
      'SELECT payment_id, amount, reason, requested_by, status FROM refunds WHERE order_id = $1 ORDER BY amount',
      [order.id],
    );
    expect(refunds).toEqual([
      {
        payment_id: second.body.paymentId,
        amount: 2000,
        reason: 'order_canceled',
        requested_by: `admin:${admin.id}`,
        status: 'succeeded',
      },
      {
        payment_id: first.body.paymentId,
        amount: 3000,
        reason: 'order_canceled',
        requested_by: `admin:${admin.id}`,
        status: 'succeeded',
      },
    ]);
    for (const event of t.stripe.events()) t.stripe.redeliverEvent(event.id);
    await t.stripe.waitForDeliveries();
    expect(await orderRow(order.id)).toEqual({ status: 'canceled', amount_paid: 5000, amount_refunded: 5000 });
    const [cancel] = await t.dataSource.query(
      "SELECT cause FROM order_events WHERE order_id = $1 AND to_status = 'canceled'",
      [order.id],
    );
    expect(cancel.cause).toBe(`admin:${admin.id}`);
  });

  it('should apply duplicate and reordered events of a deposit and a balance once each', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 3000 }).expect(201);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(await sessionOf(deposit.body.paymentId), 'pay');
    const depositEvents = t.stripe.heldEventIds();
    await t.stripe.releaseEvents('reversed');
    await waitFor(async () => (await orderRow(order.id)).amount_paid === 3000, { what: 'deposit', timeoutMs: 5000 });
    for (const id of depositEvents) t.stripe.redeliverEvent(id);
    await t.stripe.waitForDeliveries();
    expect(await orderRow(order.id)).toEqual({ status: 'partially_paid', amount_paid: 3000, amount_refunded: 0 });

    const balance = await pay(order.id).expect(201);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(await sessionOf(balance.body.paymentId), 'pay');
    const balanceEvents = t.stripe.heldEventIds();
    await t.stripe.releaseEvents('reversed');
    for (const id of [...balanceEvents, ...depositEvents]) t.stripe.redeliverEvent(id);
    await t.stripe.waitForDeliveries();
    expect(await orderRow(order.id)).toEqual({ status: 'paid', amount_paid: TOTAL, amount_refunded: 0 });
    const trail = await t.dataSource.query('SELECT to_status FROM order_events WHERE order_id = $1 ORDER BY at', [
      order.id,
    ]);
    expect(trail.map((row: { to_status: string }) => row.to_status)).toEqual(['partially_paid', 'paid']);
    expect(await t.dataSource.query('SELECT 1 FROM refunds WHERE order_id = $1', [order.id])).toEqual([]);
  });

  it('should count on the order a dashboard refund that settled while its part was still clearing', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 2500 }).expect(201);
    const session = await sessionOf(deposit.body.paymentId);
    t.stripe.checkoutAction(session, 'pay_later');
    const intent = await waitFor(
      async () =>
        (
          await t.dataSource.query('SELECT provider_payment_intent_id AS pi FROM payments WHERE id = $1', [
            deposit.body.paymentId,
          ])
        )[0].pi as string | null,
      { what: 'the delayed payment to be recorded', timeoutMs: 5000 },
    );
    // Refunded in the Dashboard once the debit cleared; Stripe delivered that before the success.
    await deliver(t, refundEventFor(intent, { amount: 2500 })).expect(200);
    t.stripe.checkoutAction(session, 'async_succeed');
    await waitFor(async () => (await orderRow(order.id)).status === 'refunded', { what: 'refunded', timeoutMs: 5000 });
    expect(await orderRow(order.id)).toEqual({ status: 'refunded', amount_paid: 2500, amount_refunded: 2500 });
    expect(
      await t.dataSource.query("SELECT 1 FROM refunds WHERE order_id = $1 AND reason = 'late_payment'", [order.id]),
    ).toEqual([]);
  });

  it('should let an admin refund what a canceled order still holds after a refund of its cancel failed', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 3000 }).expect(201);
    await payAtStripe(order.id, deposit.body.paymentId, 3000);
    t.stripe.failNextRefund();
    await t.http().post(`/admin/orders/${order.id}/cancel`).set(admin.auth).expect(200);
    await waitFor(
      async () =>
        (await t.dataSource.query("SELECT 1 FROM refunds WHERE order_id = $1 AND status = 'failed'", [order.id]))
          .length === 1,
      { what: 'the refund to fail', timeoutMs: 5000 },
    );
    expect(await orderRow(order.id)).toEqual({ status: 'canceled', amount_paid: 3000, amount_refunded: 0 });
    const { body } = await t.http().post(`/admin/orders/${order.id}/refunds`).set(admin.auth).send({}).expect(202);
    expect(body.amount).toBe(3000);
    await waitFor(async () => (await orderRow(order.id)).amount_refunded === 3000, {
      what: 'the refund',
      timeoutMs: 5000,
    });
    expect(await orderRow(order.id)).toEqual({ status: 'canceled', amount_paid: 3000, amount_refunded: 0 + 3000 });
    await t.http().post(`/admin/orders/${order.id}/refunds`).set(admin.auth).send({}).expect(409);
  });

  it('should show the balance and each payment with its amount in the admin order detail, and filter partially paid orders', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 4000 }).expect(201);
    await payAtStripe(order.id, deposit.body.paymentId, 4000);
    const { body } = await t.http().get(`/admin/orders/${order.id}`).set(admin.auth).expect(200);
    expect(body).toMatchObject({ status: 'partially_paid', amountPaid: 4000, amountDue: 8000, totalAmount: TOTAL });
    expect(body.payments).toEqual([
      expect.objectContaining({ id: deposit.body.paymentId, amount: 4000, amountApplied: 4000, status: 'succeeded' }),
    ]);
    expect(body.auditTrail).toEqual([
      expect.objectContaining({
        fromStatus: 'pending',
        toStatus: 'partially_paid',
        amountPaid: 4000,
        amountRefunded: 0,
      }),
    ]);
    const list = await t.http().get('/admin/orders?status=partially_paid&pageSize=100').set(admin.auth).expect(200);
    expect(list.body.data.map((o: { id: string }) => o.id)).toContain(order.id);
    expect(list.body.data.every((o: { status: string }) => o.status === 'partially_paid')).toBe(true);
  });

  it('should let the reconciler count a deposit whose webhook was lost', async () => {
    const order = await newOrder();
    const deposit = await pay(order.id, { amount: 3000 }).expect(201);
    t.stripe.holdEvents();
    t.stripe.checkoutAction(await sessionOf(deposit.body.paymentId), 'pay');
    await t.http().post('/admin/reconciliation/run').set(admin.auth).expect(200);
    expect(await orderRow(order.id)).toEqual({ status: 'partially_paid', amount_paid: 3000, amount_refunded: 0 });
    await t.stripe.releaseEvents();
    await t.stripe.waitForDeliveries();
    expect(await orderRow(order.id)).toEqual({ status: 'partially_paid', amount_paid: 3000, amount_refunded: 0 });
  });

  it('should describe partial payments in the OpenAPI document', async () => {
    const { body } = await t.http().get('/docs-json').expect(200);
    const schemas = body.components.schemas;
    expect(schemas.PayOrderRequest.properties.amount).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schemas.PayOrderRequest.required).toEqual(['paymentMethod']);
    expect(schemas.Order.properties).toMatchObject({
      amountPaid: { type: 'integer', minimum: 0 },
      amountDue: { type: 'integer', minimum: 0 },
      status: { allOf: [{ $ref: '#/components/schemas/OrderStatus' }] },
    });
    expect(schemas.OrderStatus.enum).toContain('partially_paid');
    expect(schemas.Checkout.properties.amount).toMatchObject({ type: 'integer' });
    expect(schemas.RefundAccepted.properties.refunds).toMatchObject({ type: 'array' });
    const payDoc = JSON.stringify(body.paths['/orders/{id}/pay'].post);
    expect(payDoc).toContain('PAYMENT_AMOUNT_OUT_OF_RANGE');
    expect(JSON.stringify(body.paths['/orders/{id}/cancel'].post)).toContain('ORDER_HAS_PAYMENTS');
  });
});

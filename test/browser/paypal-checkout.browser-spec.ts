import { PayPalApiError } from '../../src/stripe-emulator/paypal/paypal-errors';
import { auditTrail } from '../support/payments';
import { attemptRow, payWithPayPal } from '../support/paypal';
import { screenshot } from './support/browser';
import { orderTwoLines } from './support/journey';
import { browserWorld } from './support/world';

jest.setTimeout(60_000);

interface StartedPayPalPayment {
  orderId: string;
  paymentId: string;
  /** The PayPal order id: the `token` of the approval page. */
  paypalOrderId: string;
  checkoutUrl: string;
}

/**
 * A customer pays with PayPal: an order made over the API, `POST /orders/:id/pay {paymentMethod:
 * "paypal"}`, then the emulator's PayPal stand-in (its approval page) in a real (headless)
 * Chromium, and back on orderpay's own return pages (FRONTEND_URL served by the app, as with
 * nothing configured). orderpay captures the approved PayPal order on the customer's return (or on
 * CHECKOUT.ORDER.APPROVED, whichever comes first): the page and the database must agree.
 */
describe('PayPal Checkout in Chromium (browser)', () => {
  const world = browserWorld({ shop: 'app', customerPrefix: 'paypal-buyer' });
  const { button, heading } = world;

  const attempt = (paymentId: string) => attemptRow(world.t, paymentId);
  /** Everything the stand-in and orderpay sent each other about this PayPal order has landed. */
  const settle = async () => {
    await world.t.stripe.paypal.waitForDeliveries();
    await world.t.stripe.waitForDeliveries();
  };
  const paypalEventsFor = (paypalOrderId: string) =>
    world.t.stripe.paypal
      .events()
      .filter((event) => JSON.stringify(event).includes(paypalOrderId))
      .map((event) => event.event_type);

  /**
   * Two lines (2 × $12.99 + 1 × $8.50 = $34.48), one name that must be escaped on the approval
   * page, and `/pay` with PayPal answered with the approval page's URL.
   */
  async function orderAndPayWithPayPal(): Promise<StartedPayPalPayment> {
    const orderId = await orderTwoLines(world.t, world.customer, 'Tea towel "Kitchen" <linen> & co');
    const pay = await payWithPayPal(world.t, world.customer, orderId).expect(201);
    expect(pay.body).toMatchObject({ orderId, provider: 'paypal', status: 'open', amount: 3448, currency: 'usd' });
    const paymentId = pay.body.paymentId as string;
    const row = await attempt(paymentId);
    expect(row).toMatchObject({ provider: 'paypal', status: 'open', amount: 3448, provider_payment_intent_id: null });
    const paypalOrderId = row.provider_session_id!;
    // PayPal's own checkout path, on the emulator, naming the PayPal order orderpay created.
    expect(pay.body.checkoutUrl).toBe(`${world.t.stripe.url}/checkoutnow?token=${paypalOrderId}`);
    return { orderId, paymentId, paypalOrderId, checkoutUrl: pay.body.checkoutUrl as string };
  }

  const openApprovalPage = (checkoutUrl: string) => world.open(checkoutUrl, 'Pay with PayPal');

  /** Where PayPal sends the buyer back: orderpay's success URL with PayPal's `token` and `PayerID` added. */
  async function expectBackOnSuccessPage({ orderId, paymentId, paypalOrderId }: StartedPayPalPayment): Promise<void> {
    await world.page.waitForURL((url) => url.origin === world.shop.origin && url.pathname === '/payment/success');
    const back = new URL(world.page.url());
    expect(back.searchParams.get('orderId')).toBe(orderId);
    // PayPal cannot put its order id into the return URL: the attempt's id stands for it.
    expect(back.searchParams.get('session_id')).toBe(paymentId);
    expect(back.searchParams.get('token')).toBe(paypalOrderId);
    expect(back.searchParams.get('PayerID')).toMatch(/^[A-Z0-9]+$/);
  }

  /** A new order paid with PayPal, approved on its page with this button: back on the success page. */
  async function payAndPress(buttonName: string): Promise<StartedPayPalPayment> {
    const started = await orderAndPayWithPayPal();
    await openApprovalPage(started.checkoutUrl);
    await button(buttonName).click();
    await expectBackOnSuccessPage(started);
    return started;
  }

  it('shows the items and total; Approve lands on the success page saying "Payment received", and the order is paid', async () => {
    const started = await orderAndPayWithPayPal();
    const { orderId, paymentId, paypalOrderId, checkoutUrl } = started;

    await openApprovalPage(checkoutUrl);
    const rows = world.page.getByTestId('line-item');
    expect(await rows.count()).toBe(2);
    const [first, second] = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
    expect(first).toContain('Blue mug');
    expect(first).toContain('2 × 12.99 USD');
    expect(first).toContain('25.98 USD');
    // The product name travels in orderpay's request to PayPal: shown as text, not parsed as markup.
    expect(second).toContain('Tea towel "Kitchen" <linen> & co');
    expect(second).toContain('1 × 8.50 USD');
    expect(await world.page.getByTestId('total').innerText()).toBe('34.48 USD');
    expect(await world.page.getByText(paypalOrderId).isVisible()).toBe(true);
    for (const name of [
      'Approve',
      'Approve: capture pending (eCheck, settles later)',
      'Approve: capture denied',
      'Cancel and return to merchant',
    ])
      expect(await button(name).isVisible()).toBe(true);
    await screenshot(world.page, 'paypal-approval-page');

    await button('Approve').click();
    await expectBackOnSuccessPage(started);
    await heading('Payment received').waitFor();
    expect(await world.page.getByRole('status').innerText()).toBe('Thank you! Your order is paid.');
    expect(await world.page.getByTestId('total').innerText()).toBe('$34.48');
    expect(await world.page.locator('main').getAttribute('data-final')).toBe('true');
    await screenshot(world.page, 'paypal-success-page');

    // The database says what the page said: paid once, by the capture of this PayPal order.
    await settle();
    expect(await world.order(orderId)).toMatchObject({
      status: 'paid',
      totalAmount: 3448,
      amountPaid: 3448,
      amountDue: 0,
      paidAt: expect.any(String),
    });
    const row = await attempt(paymentId);
    expect(row).toMatchObject({ provider: 'paypal', status: 'succeeded', failure_code: null });
    expect(row.provider_payment_intent_id).toEqual(expect.any(String)); // the capture's id
    expect(await world.orderEvents(orderId)).toBe(1);
    // Taken on the customer's return, or by the approval webhook if it came first: either, once.
    expect(await auditTrail(world.t, orderId)).toEqual([
      {
        from_status: 'pending',
        to_status: 'paid',
        cause: expect.stringMatching(new RegExp(`^(customer_return:${paymentId}|paypal_event:WH-.+)$`)),
      },
    ]);
    // One capture at PayPal, however many of orderpay's paths asked for it.
    const sent = paypalEventsFor(paypalOrderId);
    expect(sent.filter((type) => type === 'PAYMENT.CAPTURE.COMPLETED')).toHaveLength(1);
    expect(sent).toContain('CHECKOUT.ORDER.APPROVED');
    // Each delivery verified (verify-webhook-signature) and handled, none failed or refused. (In
    // either order: the approval's row is written after the capture it makes, whose event may land first.)
    const inbox: { type: string; status: string }[] = await world.t.dataSource.query(
      `SELECT type, status FROM webhook_events
        WHERE provider = 'paypal' AND payload::text LIKE '%' || $1 || '%' ORDER BY type`,
      [paypalOrderId],
    );
    expect(inbox).toEqual([
      { type: 'CHECKOUT.ORDER.APPROVED', status: 'processed' },
      { type: 'PAYMENT.CAPTURE.COMPLETED', status: 'processed' },
    ]);

    // Opening the link again (back button, second tab) cannot pay twice.
    await world.page.goto(checkoutUrl);
    await heading('Order closed').waitFor();
    expect(await button('Approve').count()).toBe(0);
  });

  it('Cancel returns to the cancel page; the order stays pending and the attempt open, and its link still works', async () => {
    const { orderId, paymentId, paypalOrderId, checkoutUrl } = await orderAndPayWithPayPal();
    await openApprovalPage(checkoutUrl);

    await button('Cancel and return to merchant').click();
    await world.page.waitForURL((url) => url.origin === world.shop.origin && url.pathname === '/payment/cancel');
    const back = new URL(world.page.url());
    expect(back.searchParams.get('orderId')).toBe(orderId);
    expect(back.searchParams.get('token')).toBe(paypalOrderId);
    await heading('Payment canceled').waitFor();
    expect(await world.page.getByRole('status').innerText()).toBe(
      'You left the checkout before paying, so nothing was charged.',
    );
    await screenshot(world.page, 'paypal-cancel-page');

    await settle();
    expect(await world.order(orderId)).toMatchObject({ status: 'pending', paidAt: null, amountPaid: 0 });
    expect(await world.orderEvents(orderId)).toBe(0);
    expect(await attempt(paymentId)).toMatchObject({ status: 'open', provider_payment_intent_id: null });
    const listed = await world.t.http().get(`/orders/${orderId}/payments`).set(world.customer.auth).expect(200);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ id: paymentId, provider: 'paypal', status: 'open', checkoutUrl }),
    ]);
    // Like PayPal: Cancel leaves the PayPal order as it was; nothing was approved or captured.
    expect(paypalEventsFor(paypalOrderId)).toEqual([]);

    // The customer may come back: /pay hands out the same attempt, and its page still takes approval.
    const again = await payWithPayPal(world.t, world.customer, orderId).expect(200);
    expect(again.body).toMatchObject({ paymentId, checkoutUrl });
    await openApprovalPage(checkoutUrl);
    expect(await button('Approve').isEnabled()).toBe(true);
  });

  it('"capture pending" (eCheck) says the payment is being processed, then paid once the capture completes', async () => {
    const { orderId, paymentId, paypalOrderId } = await payAndPress('Approve: capture pending (eCheck, settles later)');
    await heading('Payment being processed').waitFor();
    expect(await world.page.locator('main').getAttribute('data-final')).toBe('false');
    await settle();
    expect(await world.order(orderId)).toMatchObject({ status: 'pending', paidAt: null });
    const pending = await attempt(paymentId);
    expect(pending).toMatchObject({ status: 'processing', provider_payment_intent_id: expect.any(String) });

    // The eCheck clears: by the stand-in's control, unless its own timer (5 s after the capture) came first.
    try {
      world.t.stripe.paypal.settlePendingCapture(pending.provider_payment_intent_id!, 'COMPLETED');
    } catch (error) {
      if (!(error instanceof PayPalApiError && error.details[0]?.issue === 'CAPTURE_NOT_PENDING')) throw error;
    }
    // The page asks again after 2, 5, 9.5 s...: live, without a reload.
    await heading('Payment received').waitFor({ timeout: 20_000 });
    await settle();
    expect(await world.order(orderId)).toMatchObject({ status: 'paid', amountPaid: 3448 });
    expect(await attempt(paymentId)).toMatchObject({ status: 'succeeded' });
    expect(await world.orderEvents(orderId)).toBe(1);
    expect(paypalEventsFor(paypalOrderId).filter((type) => type === 'PAYMENT.CAPTURE.COMPLETED')).toHaveLength(1);
  });

  it('"capture denied" lands on the success page, which ends on "Payment failed"; the order stays pending', async () => {
    const { orderId, paymentId, paypalOrderId } = await payAndPress('Approve: capture denied');
    await heading('Payment failed').waitFor();
    expect(await world.page.getByRole('status').innerText()).toBe(
      'The payment did not go through, so the order is not paid. You can try again from the shop.',
    );
    const retry = world.page.getByRole('link', { name: 'Return to the shop to try again' });
    expect(await retry.isVisible()).toBe(true);
    expect(await retry.getAttribute('href')).toBe(`${world.shop.origin}/`);
    expect(await world.page.locator('main').getAttribute('data-final')).toBe('true');
    await screenshot(world.page, 'paypal-capture-denied-page');

    await settle();
    expect(await world.order(orderId)).toMatchObject({
      status: 'pending',
      paidAt: null,
      amountPaid: 0,
      amountDue: 3448,
    });
    expect(await world.orderEvents(orderId)).toBe(0);
    expect(await attempt(paymentId)).toMatchObject({ status: 'failed', failure_code: 'payment_failed' });
    const sent = paypalEventsFor(paypalOrderId);
    expect(sent.filter((type) => type === 'PAYMENT.CAPTURE.DENIED')).toHaveLength(1);
    expect(sent).not.toContain('PAYMENT.CAPTURE.COMPLETED');

    // The shop's "try again": a new PayPal attempt for the whole order, not the failed one.
    const again = await payWithPayPal(world.t, world.customer, orderId).expect(201);
    expect(again.body.paymentId).not.toBe(paymentId);
    expect(again.body).toMatchObject({ status: 'open', amount: 3448 });
    expect(await attempt(paymentId)).toMatchObject({ status: 'failed' });
  });
});

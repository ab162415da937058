import { auditTrail, stripeClient, waitFor } from '../support/payments';
import { screenshot } from './support/browser';
import { orderTwoLinesAndPay, SHOP_PAGE_HEADING } from './support/journey';
import { browserWorld } from './support/world';

jest.setTimeout(60_000);

/**
 * What a customer does: an order made over the API, then the hosted Checkout page in a real
 * (headless) Chromium: read it, press a button, land back at the shop. orderpay's own return
 * pages (no shop front end) are in return-pages.browser-spec.ts.
 */
describe('Checkout in Chromium (browser)', () => {
  const world = browserWorld({ shop: 'stub' });
  const { button } = world;

  /** A towel name that must be escaped on the checkout page. */
  const orderAndCheckout = () => orderTwoLinesAndPay(world.t, world.customer, 'Tea towel "Kitchen" <linen> & co');
  const sessionAtStripe = (sessionId: string) => stripeClient(world.t).checkout.sessions.retrieve(sessionId);
  const openCheckout = (checkoutUrl: string) => world.open(checkoutUrl, 'Checkout');

  it('shows the items and total, and Pay returns to the shop with the session id; the order becomes paid', async () => {
    const { orderId, checkoutUrl, sessionId } = await orderAndCheckout();

    await openCheckout(checkoutUrl);
    const rows = world.page.getByTestId('line-item');
    expect(await rows.count()).toBe(2);
    const [first, second] = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
    expect(first).toContain('Blue mug');
    expect(first).toContain('2 × $12.99');
    expect(first).toContain('$25.98');
    // The product name arrives from the merchant's request: shown as text, not parsed as markup.
    expect(second).toContain('Tea towel "Kitchen" <linen> & co');
    expect(second).toContain('1 × $8.50');
    expect(await world.page.getByTestId('total').innerText()).toBe('$34.48');
    expect(await world.page.getByText(world.customer.email).isVisible()).toBe(true);
    for (const name of ['Pay', 'Decline', 'Cancel']) expect(await button(name).isVisible()).toBe(true);
    await screenshot(world.page, 'checkout-page');

    const clickedAt = Date.now();
    await button('Pay').click();
    await world.page.waitForURL((url) => url.origin === world.shop.origin);
    expect(world.page.url()).toBe(`${world.shop.origin}/payment/success?orderId=${orderId}&session_id=${sessionId}`);
    expect(world.shop.visits).toEqual([world.page.url()]);
    await world.page.getByRole('heading', { name: SHOP_PAGE_HEADING }).waitFor();

    // The webhook, not the redirect, makes it paid: within 2 s of the click.
    const paid = await waitFor(async () => ((await world.order(orderId)).status === 'paid' ? Date.now() : 0), {
      timeoutMs: 2000,
      intervalMs: 25,
      what: `GET /orders/${orderId} to answer paid`,
    });
    expect(paid - clickedAt).toBeLessThan(2000);
    expect(await world.order(orderId)).toMatchObject({ status: 'paid', totalAmount: 3448, paidAt: expect.any(String) });
    await world.t.stripe.waitForDeliveries();
    expect(await world.orderEvents(orderId)).toBe(1);
    expect(await auditTrail(world.t, orderId)).toEqual([
      { from_status: 'pending', to_status: 'paid', cause: expect.stringMatching(/^stripe_event:evt_/) },
    ]);

    // Opening the link again (back button, second tab) cannot pay twice.
    await world.page.goto(checkoutUrl);
    await world.page.getByRole('heading', { name: 'Checkout closed' }).waitFor();
    expect(await world.page.getByRole('status').innerText()).toContain('the payment was received');
    expect(await button('Pay').count()).toBe(0);
  });

  it('Decline shows the card error on the page and leaves the order pending and the session open; Pay then works', async () => {
    const { orderId, checkoutUrl, sessionId } = await orderAndCheckout();
    await openCheckout(checkoutUrl);
    const eventsBefore = world.t.stripe.events().length;

    await button('Decline').click();
    const alert = world.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Your card was declined.');
    expect(world.page.url()).toBe(checkoutUrl);
    expect(world.shop.visits).toEqual([]);
    await screenshot(world.page, 'checkout-declined');

    await world.t.stripe.waitForDeliveries();
    expect(world.t.stripe.events().length).toBe(eventsBefore);
    expect((await world.order(orderId)).status).toBe('pending');
    expect(await world.orderEvents(orderId)).toBe(0);
    expect(await sessionAtStripe(sessionId)).toMatchObject({ status: 'open', payment_status: 'unpaid' });

    // "Try again": the same page, still there, takes the payment.
    await button('Pay').click();
    await world.page.waitForURL((url) => url.origin === world.shop.origin);
    expect(world.page.url()).toBe(`${world.shop.origin}/payment/success?orderId=${orderId}&session_id=${sessionId}`);
    await waitFor(async () => (await world.order(orderId)).status === 'paid', {
      timeoutMs: 2000,
      what: 'the order to be paid',
    });
    expect(await world.orderEvents(orderId)).toBe(1);
  });

  it('Cancel returns to the shop cancel URL; the order stays pending and can still be paid', async () => {
    const { orderId, checkoutUrl, sessionId } = await orderAndCheckout();
    await openCheckout(checkoutUrl);

    await button('Cancel').click();
    await world.page.waitForURL((url) => url.origin === world.shop.origin);
    expect(world.page.url()).toBe(`${world.shop.origin}/payment/cancel?orderId=${orderId}`);
    await world.page.getByRole('heading', { name: SHOP_PAGE_HEADING }).waitFor();

    await world.t.stripe.waitForDeliveries();
    expect(await world.order(orderId)).toMatchObject({ status: 'pending', paidAt: null });
    expect(await world.orderEvents(orderId)).toBe(0);
    // Like Stripe: canceling leaves the session open until it expires; the customer may come back.
    expect(await sessionAtStripe(sessionId)).toMatchObject({ status: 'open' });
    await openCheckout(checkoutUrl);
    expect(await button('Pay').isEnabled()).toBe(true);
  });
});

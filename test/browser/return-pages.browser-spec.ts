import { waitFor } from '../support/payments';
import { PHONE, screenshot } from './support/browser';
import { orderTwoLinesAndPay } from './support/journey';
import { browserWorld } from './support/world';

jest.setTimeout(60_000);

/**
 * orderpay's own return pages (FRONTEND_URL left at the app), on a phone: what the customer sees
 * after Pay, Pay later and Cancel on the checkout page, updated live as the payment settles.
 */
describe('Return pages in Chromium on a phone (browser)', () => {
  // The app's CSP travels through the shop proxy: whatever it refuses fails the test.
  const world = browserWorld({ shop: 'app', device: 'phone', watchCsp: true });
  const { heading } = world;

  async function orderAndOpenCheckout(): Promise<{ orderId: string; sessionId: string }> {
    const { orderId, sessionId, checkoutUrl } = await orderTwoLinesAndPay(world.t, world.customer);
    await world.open(checkoutUrl, 'Checkout');
    return { orderId, sessionId };
  }

  const press = (name: string) => world.button(name).click();
  const message = () => world.page.getByRole('status').innerText();
  const statusPolls = () => world.shop.visits.filter((url) => url.includes('/checkout-sessions/')).length;

  /** Laid out at the phone's width (a viewport meta tag), with nothing sticking out sideways. */
  async function expectPhoneLayout(): Promise<void> {
    const { clientWidth, scrollWidth } = await world.page.evaluate<{ clientWidth: number; scrollWidth: number }>(
      '({ clientWidth: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth })',
    );
    expect(clientWidth).toBe(PHONE.viewport.width);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.viewport.width);
  }

  it('after Pay, waits for the payment confirmation, then shows paid without a reload and stops polling', async () => {
    const { orderId, sessionId } = await orderAndOpenCheckout();
    world.t.stripe.holdEvents(); // The confirmation is on its way but has not arrived.
    await press('Pay');
    await world.page.waitForURL(`${world.shop.origin}/payment/success?orderId=${orderId}&session_id=${sessionId}`);

    await heading('Confirming your payment').waitFor();
    expect(await message()).toContain('waiting for the payment confirmation');
    expect(await world.page.getByText('within a second').count()).toBe(0);
    await world.page.evaluate('window.notReloaded = true');
    await screenshot(world.page, 'return-page-confirming-phone');

    await world.t.stripe.releaseEvents();
    await heading('Payment received').waitFor();
    expect(await message()).toBe('Thank you! Your order is paid.');
    expect(await world.page.getByTestId('total').innerText()).toBe('$34.48');
    expect(await world.page.evaluate('window.notReloaded')).toBe(true);
    expect(await world.page.title()).toBe('Payment received');
    await expectPhoneLayout();
    await screenshot(world.page, 'return-page-paid-phone');

    // Final: the page asks no more.
    const polls = statusPolls();
    expect(polls).toBeGreaterThan(0);
    await world.page.waitForTimeout(4000);
    expect(statusPolls()).toBe(polls);
  });

  it('after Pay later, says the bank payment is being processed, then shows paid when it settles', async () => {
    const { sessionId } = await orderAndOpenCheckout();
    await press('Pay later (bank debit: settles or fails after a delay)');
    await world.page.waitForURL((url) => url.origin === world.shop.origin && url.pathname === '/payment/success');

    await heading('Payment being processed').waitFor();
    expect(await message()).toContain('Your bank payment is being processed; this can take a few days');
    expect(await world.page.getByRole('link', { name: 'Back to the shop' }).isVisible()).toBe(true);
    await expectPhoneLayout();
    await screenshot(world.page, 'return-page-processing-phone');

    // The bank debit settles (in the in-test emulator, by its control instead of a timer).
    await waitFor(() => statusPolls() > 0, { what: 'the page to poll', timeoutMs: 5000 });
    world.t.stripe.checkoutAction(sessionId, 'async_succeed');
    await heading('Payment received').waitFor();
    expect(await world.page.locator('main').getAttribute('data-final')).toBe('true');
  });

  it('after a bank payment fails, says so in customer words and offers to try again from the shop', async () => {
    const { sessionId } = await orderAndOpenCheckout();
    await press('Pay later (bank debit: settles or fails after a delay)');
    await heading('Payment being processed').waitFor();

    world.t.stripe.checkoutAction(sessionId, 'async_fail');
    await heading('Payment failed').waitFor();
    expect(await message()).toBe(
      'The payment did not go through, so the order is not paid. You can try again from the shop.',
    );
    const retry = world.page.getByRole('link', { name: 'Return to the shop to try again' });
    expect(await retry.isVisible()).toBe(true);
    expect(await retry.getAttribute('href')).toBe(`${world.shop.origin}/`);
    expect(await world.page.getByRole('link', { name: 'Back to the shop' }).isVisible()).toBe(false);
    await screenshot(world.page, 'return-page-failed-phone');
  });

  it('after Cancel, says nothing was charged and leads back to the shop', async () => {
    const { orderId } = await orderAndOpenCheckout();
    await press('Cancel');
    await world.page.waitForURL(`${world.shop.origin}/payment/cancel?orderId=${orderId}`);

    await heading('Payment canceled').waitFor();
    expect(await message()).toBe('You left the checkout before paying, so nothing was charged.');
    const back = world.page.getByRole('link', { name: 'Back to the shop' });
    expect(await back.getAttribute('href')).toBe(`${world.shop.origin}/`);
    const box = (await back.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44); // A thumb's worth.
    await expectPhoneLayout();
    await screenshot(world.page, 'return-page-cancel-phone');
  });
});

import { CheckoutPaymentIntent } from '@paypal/paypal-server-sdk';
import { httpCall } from '../testing/http-client';
import { PayPalHarness, startPayPalHarness } from './testing/paypal-harness';

describe('PayPal stand-in: approval page', () => {
  let h: PayPalHarness;

  beforeEach(async () => {
    h = await startPayPalHarness();
  });
  afterEach(() => h.close());

  it('should show the items, the total, the merchant and the four buttons', async () => {
    const { approveUrl } = await h.createOrder();

    const page = await httpCall('GET', approveUrl);

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(
      /T-shirt<\/td>\s*<td class="qty">2 &times; 15\.00 USD<\/td>\s*<td class="amount">30\.00 USD/,
    );
    expect(page.text).toContain('Sticker pack');
    expect(page.text).toContain('data-testid="total">34.99 USD<');
    expect(page.text).toContain('orderpay test shop');
    for (const value of ['approve', 'approve_pending', 'approve_denied', 'cancel']) {
      expect(page.text).toContain(`value="${value}"`);
    }
  });

  it('should escape what the merchant sent', async () => {
    const { result } = await h.orders.createOrder({
      body: {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [{ description: '<script>x</script>', amount: { currencyCode: 'JPY', value: '1500' } }],
      },
    });

    const page = await httpCall('GET', `${h.url}/checkoutnow?token=${result.id}`);

    expect(page.text).not.toContain('<script>x');
    expect(page.text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page.text).toContain('1500 JPY');
  });

  it('should redirect to return_url with token and PayerID on Approve, keeping its query', async () => {
    const { id, approveUrl, invoiceId } = await h.createOrder();

    const res = await h.pressButton(approveUrl, 'approve');

    expect(res.status).toBe(303);
    const location = new URL(String(res.headers.location));
    expect(location.pathname).toBe('/payment/paypal/return');
    expect(location.searchParams.get('invoice')).toBe(invoiceId);
    expect(location.searchParams.get('token')).toBe(id);
    const order = await h.orders.getOrder({ id });
    expect(order.result.status).toBe('APPROVED');
    expect(location.searchParams.get('PayerID')).toBe(order.result.payer?.payerId);
  });

  it('should redirect to cancel_url on Cancel and leave the order approvable', async () => {
    const { id, approveUrl } = await h.createOrder();

    const res = await h.pressButton(approveUrl, 'cancel');

    expect(res.status).toBe(303);
    expect(new URL(String(res.headers.location)).searchParams.get('token')).toBe(id);
    expect((await h.orders.getOrder({ id })).result.status).toBe('PAYER_ACTION_REQUIRED');
    expect((await h.pressButton(approveUrl, 'approve')).status).toBe(303);
  });

  it('should refuse a second approval and an unknown action, and 404 an unknown token', async () => {
    const { approveUrl } = await h.createOrder();
    await h.pressButton(approveUrl, 'approve');

    expect((await h.pressButton(approveUrl, 'approve')).status).toBe(409);
    expect((await httpCall('GET', approveUrl)).text).toContain('nothing left to approve');
    const other = await h.createOrder();
    expect((await h.pressButton(other.approveUrl, 'steal')).status).toBe(400);
    expect((await httpCall('GET', `${h.url}/checkoutnow?token=NOPE`)).status).toBe(404);
  });
});

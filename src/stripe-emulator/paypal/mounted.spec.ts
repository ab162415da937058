import Stripe from 'stripe';
import { CheckoutPaymentIntent } from '@paypal/paypal-server-sdk';
import { startStripeEmulator } from '../stripe-emulator';
import type { StripeEmulatorHandle } from '../stripe-emulator.types';
import { newPayPalSdk } from './testing/paypal-sdk';

/** The PayPal stand-in as the app gets it: on the Stripe emulator's server, each SDK on its own paths. */
describe('PayPal stand-in mounted in the emulator', () => {
  let emulator: StripeEmulatorHandle;

  beforeEach(async () => {
    emulator = await startStripeEmulator({
      webhookSecret: 'whsec_mounted_spec_secret',
      paypal: { webhookId: 'WH-TEST' },
    });
  });
  afterEach(() => emulator.close());

  it('should serve a PayPal order and a Stripe session side by side, and forget both on reset', async () => {
    const paypal = newPayPalSdk(emulator.url);
    const { result: order } = await paypal.orders.createOrder({
      body: {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [{ amount: { currencyCode: 'USD', value: '12.50' }, customId: 'attempt-1' }],
      },
    });
    const stripe = new Stripe('sk_test_mounted', { ...emulator.stripeClientConfig, maxNetworkRetries: 0 });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 1250, product_data: { name: 'Mug' } } }],
      success_url: 'http://shop.test/ok',
    });

    emulator.paypal.approveOrder(order.id!, 'complete');
    const { result: captured } = await paypal.orders.captureOrder({ id: order.id! });
    expect(captured.status).toBe('COMPLETED');
    expect(captured.purchaseUnits![0].payments!.captures![0].amount).toEqual({ currencyCode: 'USD', value: '12.50' });
    expect((await stripe.checkout.sessions.retrieve(session.id)).amount_total).toBe(1250);
    expect(emulator.paypal.events().map((event) => event.event_type)).toEqual(
      expect.arrayContaining(['CHECKOUT.ORDER.APPROVED', 'PAYMENT.CAPTURE.COMPLETED']),
    );

    emulator.reset();
    expect(emulator.paypal.events()).toEqual([]);
    await expect(paypal.orders.getOrder({ id: order.id! })).rejects.toMatchObject({ statusCode: 404 });
  });
});

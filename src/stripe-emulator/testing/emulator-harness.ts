import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { startStripeEmulator } from '../stripe-emulator';
import type { StripeEmulatorHandle, StripeEmulatorOptions } from '../stripe-emulator.types';
import { startWebhookReceiver, WebhookReceiver } from './webhook-receiver';
import { waitFor } from './wait-for';

export const TEST_WEBHOOK_SECRET = 'whsec_emulator_spec_0123456789abcdef';

export interface LogLine {
  message: string;
  fields?: Record<string, unknown>;
}

export interface Harness {
  emulator: StripeEmulatorHandle;
  /** The official SDK, pointed at the emulator as the app points it. */
  stripe: Stripe;
  receiver: WebhookReceiver;
  logs: LogLine[];
  /** A session like the app creates for an order; every call makes a new order id. */
  createSession(overrides?: Partial<Stripe.Checkout.SessionCreateParams>): Promise<Stripe.Checkout.Session>;
  /** Waits until the receiver has verified an event matching the type (and predicate). */
  waitForEvent(type: string, match?: (event: Stripe.Event) => boolean): Promise<Stripe.Event>;
  close(): Promise<void>;
}

export function newStripeClient(emulator: StripeEmulatorHandle, apiKey = 'sk_test_emulator_spec'): Stripe {
  return new Stripe(apiKey, { ...emulator.stripeClientConfig, maxNetworkRetries: 0 });
}

/** An emulator with short timings, a verifying receiver, and an SDK client. */
export async function startHarness(options: Partial<StripeEmulatorOptions> = {}): Promise<Harness> {
  const receiver = await startWebhookReceiver(TEST_WEBHOOK_SECRET);
  const logs: LogLine[] = [];
  const emulator = await startStripeEmulator({
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookUrl: receiver.url,
    retry: { attempts: 3, baseDelayMs: 10, timeoutMs: 2000 },
    refundSettleMs: 20,
    expirySweepMs: 20,
    log: (message, fields) => logs.push({ message, fields }),
    ...options,
  });
  const stripe = newStripeClient(emulator);
  return {
    emulator,
    stripe,
    receiver,
    logs,
    createSession: (overrides = {}) => {
      const orderId = `order_${randomUUID()}`;
      const paymentId = `pay_${randomUUID()}`;
      return stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'T-shirt' } }, quantity: 2 },
          { price_data: { currency: 'usd', unit_amount: 499, product_data: { name: 'Sticker pack' } }, quantity: 1 },
        ],
        client_reference_id: orderId,
        customer_email: 'buyer@example.com',
        metadata: { orderId, paymentId },
        payment_intent_data: { metadata: { orderId, paymentId } },
        success_url: `http://localhost:3000/payment/success?orderId=${orderId}&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `http://localhost:3000/payment/cancel?orderId=${orderId}`,
        expires_at: Math.floor(Date.now() / 1000) + 60 * 60,
        ...overrides,
      });
    },
    waitForEvent: (type, match = () => true) =>
      waitFor(() => receiver.verifiedEvents().find((event) => event.type === type && match(event)), {
        what: `a verified ${type} event`,
      }),
    close: async () => {
      await emulator.close();
      await receiver.close();
    },
  };
}

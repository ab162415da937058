import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { CheckoutPaymentIntent, type OrderRequest } from '@paypal/paypal-server-sdk';
import { closeServer, createEmulatorServer, listen } from '../../http/http-server';
import { Router } from '../../http/router';
import { httpCall, type PlainResponse } from '../../testing/http-client';
import { waitFor } from '../../testing/wait-for';
import type { PayPalEvent } from '../paypal-events';
import { createPayPalStandIn, type PayPalStandIn, type PayPalStandInOptions } from '../paypal-stand-in';
import { newPayPalSdk, type PayPalSdk } from './paypal-sdk';

export interface ReceivedPayPalDelivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  event: PayPalEvent;
}

export interface PayPalHarness extends PayPalSdk {
  url: string;
  standIn: PayPalStandIn;
  deliveries: ReceivedPayPalDelivery[];
  /** Chooses the status the receiver answers to the n-th delivery (1-based); default 200. */
  answerWith(status: (deliveryNumber: number) => number): void;
  /** An order like the provider will create for one of our orders; a new invoice id each call. */
  createOrder(overrides?: Partial<OrderRequest>): Promise<{ id: string; approveUrl: string; invoiceId: string }>;
  /** Presses a button of the approval page, as the buyer's browser posts it. */
  pressButton(approveUrl: string, action: string): Promise<PlainResponse>;
  waitForEvent(type: string, match?: (event: PayPalEvent) => boolean): Promise<ReceivedPayPalDelivery>;
  close(): Promise<void>;
}

/**
 * The stand-in on a server of its own (the same pieces the Stripe emulator's server is built
 * from), a webhook receiver, and the official SDK pointed at it.
 */
export async function startPayPalHarness(options: Partial<PayPalStandInOptions> = {}): Promise<PayPalHarness> {
  const deliveries: ReceivedPayPalDelivery[] = [];
  let statusFor: (n: number) => number = () => 200;
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: req.headers, rawBody, event: JSON.parse(rawBody) as PayPalEvent });
      res.writeHead(statusFor(deliveries.length), { Connection: 'close' });
      res.end();
    });
  });
  const receiverPort = await listen(receiver, 0, '127.0.0.1');

  let url = '';
  const standIn = createPayPalStandIn({
    publicUrl: () => url,
    webhookUrl: `http://127.0.0.1:${receiverPort}/webhooks/paypal`,
    retry: { attempts: 3, baseDelayMs: 10, timeoutMs: 2000 },
    pendingCaptureOutcome: 'manual',
    ...options,
  });
  const server = createEmulatorServer(new Router().add(...standIn.routes), () => undefined);
  url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  const sdk = newPayPalSdk(url);

  return {
    ...sdk,
    url,
    standIn,
    deliveries,
    answerWith: (fn) => (statusFor = fn),
    createOrder: async (overrides = {}) => {
      const invoiceId = `order_${randomUUID()}`;
      const { result } = await sdk.orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [
            {
              referenceId: 'default',
              invoiceId,
              customId: `pay_${randomUUID()}`,
              amount: {
                currencyCode: 'USD',
                value: '34.99',
                breakdown: { itemTotal: { currencyCode: 'USD', value: '34.99' } },
              },
              items: [
                { name: 'T-shirt', quantity: '2', unitAmount: { currencyCode: 'USD', value: '15.00' } },
                { name: 'Sticker pack', quantity: '1', unitAmount: { currencyCode: 'USD', value: '4.99' } },
              ],
            },
          ],
          paymentSource: {
            paypal: {
              experienceContext: {
                returnUrl: `http://localhost:3000/payment/paypal/return?invoice=${invoiceId}`,
                cancelUrl: `http://localhost:3000/payment/paypal/cancel?invoice=${invoiceId}`,
                brandName: 'orderpay test shop',
              },
            },
          },
          ...overrides,
        },
        paypalRequestId: randomUUID(),
      });
      const link = result.links?.find((l) => l.rel === 'payer-action' || l.rel === 'approve');
      return { id: result.id ?? '', approveUrl: link?.href ?? '', invoiceId };
    },
    pressButton: (approveUrl, action) =>
      httpCall('POST', approveUrl, {
        body: `action=${encodeURIComponent(action)}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    waitForEvent: (type, match = () => true) =>
      waitFor(() => deliveries.find((d) => d.event.event_type === type && match(d.event)), {
        what: `a ${type} delivery`,
      }),
    close: async () => {
      standIn.close();
      await closeServer(server);
      await closeServer(receiver);
    },
  };
}

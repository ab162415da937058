import { createServer, Server } from 'node:http';
import Stripe from 'stripe';

export interface ReceivedDelivery {
  rawBody: string;
  signature: string | undefined;
  /** The event as `constructEvent` returned it; undefined when verification failed. */
  event?: Stripe.Event;
  verificationError?: string;
  answeredWith: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly deliveries: ReceivedDelivery[];
  /** The verified events, in arrival order (one per successful or failed try). */
  verifiedEvents(): Stripe.Event[];
  /** Chooses the status answered to the n-th request (1-based); default 200. */
  answerWith(status: (requestNumber: number, event: Stripe.Event | undefined) => number): void;
  /** Makes the receiver hang without answering (until closed) for requests matching `when`. */
  hangWhen(when: (event: Stripe.Event | undefined) => boolean): void;
  close(): Promise<void>;
}

/**
 * A webhook endpoint as the app has one: it verifies every delivery on the raw bytes with
 * the official SDK's `stripe.webhooks.constructEvent` and records what arrived.
 */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const verifier = new Stripe('sk_test_receiver');
  const deliveries: ReceivedDelivery[] = [];
  let statusFor: (requestNumber: number, event: Stripe.Event | undefined) => number = () => 200;
  let hang: (event: Stripe.Event | undefined) => boolean = () => false;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['stripe-signature'] as string | undefined;
      const delivery: ReceivedDelivery = { rawBody, signature, answeredWith: 0 };
      try {
        delivery.event = verifier.webhooks.constructEvent(rawBody, signature ?? '', secret);
      } catch (error) {
        delivery.verificationError = (error as Error).message;
      }
      deliveries.push(delivery);
      if (hang(delivery.event)) return;
      delivery.answeredWith = delivery.event ? statusFor(deliveries.length, delivery.event) : 400;
      res.writeHead(delivery.answeredWith, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify({ received: Boolean(delivery.event) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    deliveries,
    verifiedEvents: () => deliveries.flatMap((delivery) => (delivery.event ? [delivery.event] : [])),
    answerWith: (fn) => (statusFor = fn),
    hangWhen: (fn) => (hang = fn),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

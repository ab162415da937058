import type Stripe from 'stripe';
import type { CheckoutAction } from './flows/checkout-flow';
import type { OpenDisputeInput } from './flows/dispute-flow';
import type { AsyncPaymentAutoOutcome } from './flows/flow-context';
import type { EmulatedEvent } from './objects/event.object';
import type { RefundFailureReason } from './objects/refund.object';
import type { PayPalStandInControls } from './paypal';
import type { PendingCaptureOutcome } from './paypal/paypal-context';
import type { EmulatorLogger } from './support/logger';
import type { DeliveryAnswer, DeliveryAttempt, ReleaseOrder } from './webhooks/webhook-delivery';

/** The API version the emulator's objects and events follow: the one stripe-node 23.1 sends. */
export const EMULATED_API_VERSION = '2026-10-28.endive';

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where signed events are POSTed; events are kept but not sent while unset. */
  webhookUrl?: string;
  /** The `whsec_...` secret the receiver verifies `Stripe-Signature` with. Never logged. */
  webhookSecret: string;
  /** Let hosts other than this machine use the test controls (`/_emulator`); default false. */
  remoteControls?: boolean;
  /** Base of the checkout page URLs given to browsers; default the URL the emulator listens on. */
  publicUrl?: string;
  /** Webhook retries: tries per event (default 5), first backoff (default 1000 ms, doubled each time), per-try timeout (default 10 s). */
  retry?: { attempts?: number; baseDelayMs?: number; timeoutMs?: number };
  /** Receives one line per API request and per delivery try. Default: silent. */
  log?: EmulatorLogger;
  /** Receives the receiver's whole answer to every webhook try (Stripe's and PayPal's), e.g. to check it. */
  onWebhookAnswer?: (answer: DeliveryAnswer) => void;
  /** How long a refund stays `pending` (default 1000 ms). */
  refundSettleMs?: number;
  /** How often sessions past `expires_at` are expired (default 1000 ms). */
  expirySweepMs?: number;
  /** Settle "Pay later" payments by themselves after a delay; default: only a test control settles them. */
  asyncPaymentAutoOutcome?: AsyncPaymentAutoOutcome;
  /**
   * The emulator's clock in ms since the epoch (default `Date.now`). Object timestamps and
   * `expires_at` follow it, so a test can move past a session's expiry. Webhook signatures
   * always use the real time, as receivers check it against theirs.
   */
  clock?: () => number;
  /**
   * The PayPal stand-in on the same server (PayPal's own REST paths, `/checkoutnow`,
   * `/_emulator/paypal`): where its events go, the webhook id verify-webhook-signature expects,
   * and how a PENDING capture ends (default: `completed` by itself after 5000 ms; `manual`: only
   * `settlePendingCapture` ends it).
   */
  paypal?: {
    webhookUrl?: string;
    webhookId?: string;
    pendingCaptureOutcome?: PendingCaptureOutcome;
    pendingCaptureSettleMs?: number;
  };
}

export interface StripeEmulatorHandle {
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:12111`. */
  readonly url: string;
  /** For `new Stripe(key, { ...handle.stripeClientConfig })`. */
  readonly stripeClientConfig: { host: string; port: number; protocol: 'http' };
  readonly webhookUrl: string | undefined;
  setWebhookUrl(url: string | undefined): void;

  /** What the checkout page's buttons do, plus what the bank (`async_*`) or time (`expire`) does. */
  checkoutAction(sessionId: string, action: CheckoutAction): Stripe.Checkout.Session;
  /** Opens a dispute on a PaymentIntent's charge (or a charge): `charge.dispute.created`. */
  openDispute(input: OpenDisputeInput): Stripe.Dispute;
  /** The next refund created goes `pending`, then `failed` with this reason. */
  failNextRefund(reason?: RefundFailureReason): void;
  /** Sends an already-sent event again (same id and body). */
  redeliverEvent(eventId: string): EmulatedEvent;
  /** Queues events instead of delivering them, until `releaseEvents`. */
  holdEvents(): void;
  heldEventIds(): string[];
  /** Delivers the queue in the given order; resolves with the ids once each had its first try. */
  releaseEvents(order?: ReleaseOrder): Promise<string[]>;
  /** Every event made, oldest first. */
  events(): EmulatedEvent[];
  /** One entry per delivery try. */
  deliveryLog(): DeliveryAttempt[];
  /** Resolves when every delivery started so far has finished all its tries. */
  waitForDeliveries(): Promise<void>;
  /** Forgets objects, events, idempotency keys, held events and the delivery log. */
  reset(): void;
  /** Stops timers, retries, requests in flight and the server. Safe to call twice. */
  close(): Promise<void>;
  /** The PayPal stand-in served beside Stripe: its test controls. */
  readonly paypal: PayPalStandInControls;
}

import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../../../config/app-config';
import type {
  CheckoutInput,
  CheckoutSessionRef,
  CheckoutSnapshot,
  PaymentProvider,
  ProviderEvent,
  ReceivedEvent,
  RefundInput,
  RefundSnapshot,
  WebhookHeaders,
} from '../payment-provider';
import { ProviderError, WebhookSignatureError } from '../provider-errors';
import { readStoredStripeEvent, receiveStripeEvent, toCheckoutSnapshot, toRefundSnapshot } from './stripe-events';
import { StripeFields, UnusableStripeObjectError } from './stripe-fields';

/** Stripe's default tolerance: a signature older than this is a replay. */
const SIGNATURE_TOLERANCE_SECONDS = 300;
const MAX_LISTED_REFUNDS = 1_000;

/** Stripe's answer for an id it does not know: 404 with code `resource_missing`. */
function isMissing(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  return error.code === 'resource_missing';
}

/** The Stripe SDK client, pointed at Stripe, or at a Stripe-compatible server (the local emulator, stripe-mock). */
export function createStripeClient(config: AppConfig): Stripe {
  const { secretKey, apiUrl } = config.payments.stripe;
  if (!secretKey) throw new Error('No Stripe secret key configured');
  const target = apiUrl ? new URL(apiUrl) : undefined;
  return new Stripe(secretKey, {
    // One slow Stripe call must not hold a request for long; the SDK retries network errors and
    // 409/5xx answers itself, reusing the same idempotency key.
    timeout: 10_000,
    maxNetworkRetries: 2,
    telemetry: false,
    appInfo: { name: 'orderpay' },
    ...(target && {
      host: target.hostname,
      port: target.port || (target.protocol === 'https:' ? 443 : 80),
      protocol: target.protocol.replace(':', '') as 'http' | 'https',
    }),
  });
}

@Injectable()
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly completesOnApproval = false;
  private readonly logger = new Logger(StripePaymentProvider.name);
  private readonly stripe: Stripe;
  private readonly webhookSecrets: string[];

  constructor(config: AppConfig) {
    this.stripe = createStripeClient(config);
    this.webhookSecrets = config.payments.stripe.webhookSecrets;
  }

  /** orderpay's currencies and amount limits are Stripe's own (common/money.ts): nothing more to check. */
  amountProblem(): string | null {
    return null;
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutSessionRef> {
    // Stripe keeps metadata values as strings; the amount says which part of the order this pays.
    const metadata = { orderId: input.orderId, paymentId: input.paymentId, amount: String(input.amount) };
    const session = await this.call('create a Checkout Session', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          currency: input.currency,
          line_items: input.lineItems.map((item) => ({
            quantity: item.quantity,
            price_data: { currency: input.currency, unit_amount: item.unitAmount, product_data: { name: item.name } },
          })),
          client_reference_id: input.orderId,
          metadata,
          // Charge, refund and dispute events carry the payment intent, not the session: the same
          // metadata there maps them back to the order.
          payment_intent_data: { metadata },
          customer_email: input.customerEmail,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          expires_at: Math.floor(input.expiresAt.getTime() / 1000),
        },
        { idempotencyKey: input.paymentId },
      ),
    );
    if (!session.url) throw new ProviderError('rejected', `Stripe returned session ${session.id} without a url`);
    if (session.amount_total !== input.amount) {
      // Stripe computed another total from our line items: never send a customer to it.
      throw new ProviderError('rejected', `Stripe session total ${session.amount_total} differs from ${input.amount}`);
    }
    return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  async expireCheckout(sessionId: string): Promise<'expired' | 'already_complete'> {
    try {
      await this.stripe.checkout.sessions.expire(sessionId);
      return 'expired';
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || isMissing(error))
        throw this.translate('expire a Checkout Session', error);
      // Stripe refuses to expire a session that is no longer open: ask it which way it ended.
      const snapshot = await this.retrieveCheckout(sessionId);
      if (snapshot.status === 'complete') return 'already_complete';
      if (snapshot.status === 'expired') return 'expired';
      throw this.translate('expire a Checkout Session', error);
    }
  }

  async retrieveCheckout(sessionId: string): Promise<CheckoutSnapshot> {
    const session = await this.call('read a Checkout Session', () =>
      this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent'] }),
    );
    const snapshot = this.read('Checkout Session', () => toCheckoutSnapshot(StripeFields.of(session, 'session')));
    // Complete but unpaid: a delayed payment, still running, or failed when its intent needs a new method.
    const intentStatus = typeof session.payment_intent === 'object' ? session.payment_intent?.status : undefined;
    const refused = intentStatus === 'requires_payment_method' || intentStatus === 'canceled';
    return snapshot.status === 'complete' && snapshot.paymentStatus === 'unpaid' && refused
      ? { ...snapshot, paymentStatus: 'failed' }
      : snapshot;
  }

  /** Stripe takes the payment on its page: nothing to complete. */
  completeCheckout(): Promise<CheckoutSnapshot | null> {
    return Promise.resolve(null);
  }

  async refund(input: RefundInput): Promise<RefundSnapshot> {
    const refund = await this.call('create a refund', () =>
      this.stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          amount: input.amount,
          ...(input.reason && { reason: input.reason }),
          metadata: { orderId: input.orderId, paymentId: input.paymentId, refundId: input.refundId, note: input.note },
        },
        { idempotencyKey: input.refundId },
      ),
    );
    return this.read('refund', () => toRefundSnapshot(StripeFields.of(refund, 'refund')));
  }

  async paymentReferenceOf(paymentIntentId: string): Promise<{ orderId: string | null; paymentId: string | null }> {
    const paymentIntent = await this.call('read a PaymentIntent', () =>
      this.stripe.paymentIntents.retrieve(paymentIntentId),
    );
    return { orderId: paymentIntent.metadata?.orderId ?? null, paymentId: paymentIntent.metadata?.paymentId ?? null };
  }

  async retrieveRefund(providerRefundId: string): Promise<RefundSnapshot> {
    const refund = await this.call('read a refund', () => this.stripe.refunds.retrieve(providerRefundId));
    return this.read('refund', () => toRefundSnapshot(StripeFields.of(refund, 'refund')));
  }

  async listRefunds(paymentIntentId: string): Promise<RefundSnapshot[]> {
    const refunds: Stripe.Refund[] = [];
    await this.call('list refunds', () =>
      // A payment is refunded a handful of times at most; the cap only bounds a pathological one.
      this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }).autoPagingEach((refund) => {
        refunds.push(refund);
        return refunds.length < MAX_LISTED_REFUNDS;
      }),
    );
    return refunds.map((refund) => this.read('refund', () => toRefundSnapshot(StripeFields.of(refund, 'refund'))));
  }

  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): Promise<ReceivedEvent> {
    // Stripe signs locally checkable bytes: no call to make, so no wait.
    return Promise.resolve().then(() => this.parseWebhook(rawBody, headers['stripe-signature']));
  }

  /** Verifies `Stripe-Signature` on the raw bytes, then reads them. */
  parseWebhook(rawBody: Buffer, signatureHeader: string | undefined): ReceivedEvent {
    if (!signatureHeader) throw new WebhookSignatureError('Missing Stripe-Signature header');
    if (this.webhookSecrets.length === 0) throw new WebhookSignatureError('No webhook secret is configured');
    let lastError: unknown;
    // During a secret rotation, events may be signed with either secret. Only the signature is
    // checked here (any error of the SDK's check, including its own bugs on odd headers, means it
    // does not hold); what the signed bytes say is read afterwards, and a body that is not an
    // event orderpay can use is not a signature failure.
    const verified = this.webhookSecrets.some((secret) => {
      try {
        return this.signatures.verifyHeader(rawBody, signatureHeader, secret, SIGNATURE_TOLERANCE_SECONDS);
      } catch (error) {
        lastError = error;
        return false;
      }
    });
    if (verified) return receiveStripeEvent(rawBody);
    const reason = lastError instanceof Error ? lastError.message.split('\n')[0] : 'signature mismatch';
    throw new WebhookSignatureError(`Invalid Stripe-Signature: ${reason}`);
  }

  /** The SDK's signature helper: verifies only, where constructEvent would also parse the body. */
  private get signatures() {
    const { signature } = this.stripe.webhooks;
    if (!signature) throw new Error('The Stripe SDK has no signature helper');
    return signature;
  }

  parseStoredEvent(payload: Record<string, unknown>): ProviderEvent {
    return readStoredStripeEvent(payload);
  }

  /** An answer Stripe's API gave in a shape orderpay cannot read: a provider fault, retried later. */
  private read<T>(what: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof UnusableStripeObjectError)
        throw new ProviderError('unavailable', `Stripe answered an unexpected ${what}: ${error.message}`);
      throw error;
    }
  }

  private async call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.translate(action, error);
    }
  }

  private translate(action: string, error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    if (!(error instanceof Stripe.errors.StripeError)) {
      return new ProviderError('unavailable', `Could not ${action} at Stripe: ${String(error)}`);
    }
    const detail = `Could not ${action} at Stripe: ${error.message} (${error.type}${error.code ? `/${error.code}` : ''})`;
    if (
      error instanceof Stripe.errors.StripeConnectionError ||
      // The same key still in flight (a concurrent retry): ask again later.
      error instanceof Stripe.errors.StripeIdempotencyError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      error instanceof Stripe.errors.StripeAPIError ||
      (error.statusCode ?? 0) >= 500
    ) {
      return new ProviderError('unavailable', detail, error.code);
    }
    if (isMissing(error)) return new ProviderError('not_found', detail, error.code);
    if (
      error instanceof Stripe.errors.StripeAuthenticationError ||
      error instanceof Stripe.errors.StripePermissionError
    ) {
      this.logger.error(`Stripe refused our credentials: ${error.message}`);
      return new ProviderError('misconfigured', detail, error.code);
    }
    return new ProviderError('rejected', detail, error.code);
  }
}

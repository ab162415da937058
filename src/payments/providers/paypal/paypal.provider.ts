import { Injectable, Logger } from '@nestjs/common';
import {
  ApiError,
  CheckoutPaymentIntent,
  type OAuthToken,
  PaypalExperienceUserAction,
  PaypalWalletContextShippingPreference,
} from '@paypal/paypal-server-sdk';
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
import { isJsonObject } from '../provider-fields';
import { createPayPalApi, PayPalApi } from './paypal-client';
import {
  captureToCheckout,
  orderToCheckout,
  readStoredPayPalEvent,
  receivePayPalEvent,
  toRefundSnapshot,
} from './paypal-events';
import { PayPalFields, UnusablePayPalObjectError } from './paypal-fields';
import { PayPalMoneyError, toPayPalMoney } from './paypal-money';

/** The delivery headers verify-webhook-signature needs, as PayPal names its fields. */
const SIGNATURE_HEADERS = {
  transmission_id: 'paypal-transmission-id',
  transmission_time: 'paypal-transmission-time',
  transmission_sig: 'paypal-transmission-sig',
  cert_url: 'paypal-cert-url',
  auth_algo: 'paypal-auth-algo',
} as const;
/** PayPal's limit on an item name. */
const MAX_ITEM_NAME = 127;
const VERIFY_TIMEOUT_MS = 10_000;

type Json = Record<string, unknown>;

/**
 * PayPal Checkout (Orders v2, intent CAPTURE) behind the PaymentProvider port, through the
 * official SDK. A checkout is a PayPal order, its payment the order's capture (what refunds and
 * disputes name). PayPal's answers are read from their JSON body in PayPal's own shape, the one
 * webhooks carry, so one set of readers serves both (the SDK's models rename fields and drop the
 * ones they do not know).
 */
@Injectable()
export class PayPalPaymentProvider implements PaymentProvider {
  readonly name = 'paypal';
  private readonly logger = new Logger(PayPalPaymentProvider.name);
  /** Replaced after a failed token fetch: see renewClientAfter. */
  private api: PayPalApi;
  private readonly webhookId: string;
  private token?: Promise<OAuthToken>;

  constructor(private readonly config: AppConfig) {
    this.api = createPayPalApi(config);
    this.webhookId = config.payments.paypal.webhookId;
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutSessionRef> {
    const money = (minor: number) => this.money(minor, input.currency);
    const { currency_code: currencyCode, value } = money(input.amount);
    const response = await this.call('create an order', () =>
      this.api.orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [
            {
              referenceId: 'default',
              // The order in custom_id; the attempt in invoice_id, which PayPal wants unique per
              // payment (a second part of the same order is a new attempt, so a new invoice id).
              customId: input.orderId,
              invoiceId: input.paymentId,
              amount: { currencyCode, value, breakdown: { itemTotal: { currencyCode, value } } },
              items: input.lineItems.map((item) => ({
                // Not cut inside a surrogate pair: half an emoji would be sent as invalid Unicode.
                name: item.name.slice(0, MAX_ITEM_NAME).replace(/[\ud800-\udbff]$/, ''),
                quantity: String(item.quantity),
                unitAmount: { currencyCode, value: money(item.unitAmount).value },
              })),
            },
          ],
          paymentSource: {
            paypal: {
              experienceContext: {
                // PayPal cannot put its order id into the URL: the attempt's id stands for it.
                returnUrl: input.successUrl.replaceAll('{CHECKOUT_SESSION_ID}', input.paymentId),
                cancelUrl: input.cancelUrl,
                userAction: PaypalExperienceUserAction.PayNow,
                shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
              },
            },
          },
        },
        paypalRequestId: input.paymentId,
        prefer: 'return=representation',
      }),
    );
    const order = this.read('order', response.body, (fields) => fields);
    const snapshot = this.read('order', response.body, orderToCheckout);
    if (snapshot.amountTotal !== input.amount) {
      // PayPal computed another total from our request: never send a customer to it.
      throw new ProviderError(
        'rejected',
        `PayPal order ${snapshot.sessionId} total ${snapshot.amountTotal} differs from ${input.amount}`,
      );
    }
    const url = order.linkedHref('payer-action') ?? order.linkedHref('approve');
    if (!url)
      throw new ProviderError('rejected', `PayPal returned order ${snapshot.sessionId} without an approval link`);
    // PayPal orders carry no expiry orderpay sets: this is orderpay's own, after which the
    // reconciler closes the attempt and an approval is no longer captured.
    return { sessionId: snapshot.sessionId, url, expiresAt: input.expiresAt };
  }

  /**
   * PayPal has no way to void an order of intent CAPTURE: one never captured takes no money and
   * lapses on its own. Closing it is orderpay's promise never to capture it, unless PayPal says
   * it is captured already.
   */
  async expireCheckout(sessionId: string): Promise<'expired' | 'already_complete'> {
    const snapshot = await this.retrieveCheckout(sessionId);
    return snapshot.status === 'complete' ? 'already_complete' : 'expired';
  }

  async retrieveCheckout(sessionId: string): Promise<CheckoutSnapshot> {
    const response = await this.call('read an order', () => this.api.orders.getOrder({ id: sessionId }));
    return this.read('order', response.body, orderToCheckout);
  }

  /**
   * Captures an approved order. The request id is the order's own, so concurrent callers (the
   * customer's return, the webhook, the reconciler) capture once and all read the same answer.
   */
  async completeCheckout(sessionId: string): Promise<CheckoutSnapshot | null> {
    const before = await this.retrieveCheckout(sessionId);
    if (before.status === 'complete') return before;
    if (before.status !== 'approved') return null;
    try {
      const response = await this.api.orders.captureOrder({
        id: sessionId,
        paypalRequestId: `capture-${sessionId}`,
        prefer: 'return=representation',
      });
      return this.read('order', response.body, orderToCheckout);
    } catch (error) {
      const issue = error instanceof ApiError ? issueOf(error) : undefined;
      // Captured meanwhile by a request with another id: read what it took.
      if (issue === 'ORDER_ALREADY_CAPTURED') return this.retrieveCheckout(sessionId);
      // The buyer's funding was refused: no money moved; the customer pays again from the shop.
      if (issue === 'INSTRUMENT_DECLINED') return { ...before, status: 'complete', paymentStatus: 'failed' };
      this.renewClientAfter(error);
      throw this.translate('capture an order', error);
    }
  }

  async refund(input: RefundInput): Promise<RefundSnapshot> {
    const { currency_code: currencyCode, value } = this.money(input.amount, input.currency);
    const response = await this.call('refund a capture', () =>
      this.api.payments.refundCapturedPayment({
        captureId: input.paymentIntentId,
        // Our refund's id: echoed on the refund and its webhook, which map it back to the row.
        body: { amount: { currencyCode, value }, customId: input.refundId },
        paypalRequestId: input.refundId,
        prefer: 'return=representation',
      }),
    );
    return this.read('refund', response.body, toRefundSnapshot);
  }

  async paymentReferenceOf(captureId: string): Promise<{ orderId: string | null; paymentId: string | null }> {
    const capture = await this.call('read a capture', () => this.api.payments.getCapturedPayment({ captureId }));
    const { orderId, paymentId } = this.read('capture', capture.body, captureToCheckout);
    return { orderId, paymentId };
  }

  async retrieveRefund(providerRefundId: string): Promise<RefundSnapshot> {
    const response = await this.call('read a refund', () =>
      this.api.payments.getRefund({ refundId: providerRefundId }),
    );
    return this.read('refund', response.body, toRefundSnapshot);
  }

  /** PayPal lists a capture's refunds only on its order: the capture names the order, the order its refunds. */
  async listRefunds(captureId: string): Promise<RefundSnapshot[]> {
    const capture = await this.call('read a capture', () => this.api.payments.getCapturedPayment({ captureId }));
    const { sessionId } = this.read('capture', capture.body, captureToCheckout);
    const order = await this.call('read an order', () => this.api.orders.getOrder({ id: sessionId }));
    const refunds = this.read('order', order.body, (fields) => {
      const unit = PayPalFields.of(fields.optionalList('purchase_units')[0], `${fields.path}.purchase_units.0`);
      const listed = unit.optionalNested('payments')?.optionalList('refunds') ?? [];
      return listed.map((refund, i) => toRefundSnapshot(PayPalFields.of(refund, `${unit.path}.payments.refunds.${i}`)));
    });
    // An order of intent CAPTURE has one capture: a refund listed on it without a link names it.
    return refunds
      .filter((refund) => refund.paymentIntentId === captureId || refund.paymentIntentId === null)
      .map((refund) => ({ ...refund, paymentIntentId: captureId }))
      .reverse();
  }

  /**
   * PayPal signs deliveries with a certificate; orderpay asks PayPal to check them
   * (verify-webhook-signature), before any transaction opens. The certificate check would need
   * the certificate fetched (and its URL and chain validated) and kept up to date; the call
   * leaves that to PayPal, costs one request per delivery, and is what the stand-in reproduces.
   * The body is sent back byte for byte: PayPal's signature covers its CRC32.
   */
  async verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): Promise<ReceivedEvent> {
    const fields: Record<string, string> = {};
    for (const [field, header] of Object.entries(SIGNATURE_HEADERS)) {
      const value = headers[header];
      if (!value) throw new WebhookSignatureError(`Missing ${header} header`);
      fields[field] = value;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new WebhookSignatureError('The body is not JSON: PayPal cannot verify it');
    }
    if (!isJsonObject(parsed))
      throw new WebhookSignatureError('The body is not a JSON object: PayPal cannot verify it');
    const request = JSON.stringify({ ...fields, webhook_id: this.webhookId });
    const body = `${request.slice(0, -1)},"webhook_event":${rawBody.toString('utf8')}}`;
    const status = await this.verificationStatus(body);
    if (status !== 'SUCCESS') throw new WebhookSignatureError(`PayPal did not verify the delivery (${status})`);
    return receivePayPalEvent(rawBody, parsed);
  }

  parseStoredEvent(payload: Record<string, unknown>): ProviderEvent {
    return readStoredPayPalEvent(payload);
  }

  private async verificationStatus(body: string): Promise<string> {
    let response: Response;
    try {
      const { accessToken } = await this.accessToken();
      response = await fetch(`${this.api.baseUrl}/v1/notifications/verify-webhook-signature`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
    } catch (error) {
      this.token = undefined;
      throw this.translate('verify a webhook', error);
    }
    const answer = (await response.json().catch(() => null)) as Json | null;
    if (response.status === 401) this.token = undefined;
    if (response.ok) return typeof answer?.verification_status === 'string' ? answer.verification_status : 'no status';
    // PayPal refused the request itself: a header it cannot read (a forged delivery) is the
    // delivery's fault; our credentials or PayPal's own trouble are not.
    if (response.status === 400 || response.status === 422)
      return `refused: ${typeof answer?.name === 'string' ? answer.name : response.status}`;
    const kind = response.status === 401 || response.status === 403 ? 'misconfigured' : 'unavailable';
    if (kind === 'misconfigured') this.logger.error('PayPal refused our credentials when verifying a webhook');
    throw new ProviderError(kind, `Could not verify a webhook at PayPal: HTTP ${response.status}`);
  }

  /** One token for the verification calls, renewed when it runs out (the SDK keeps its own for its calls). */
  private accessToken(): Promise<OAuthToken> {
    const manager = this.api.client.clientCredentialsAuthManager;
    const current = this.token;
    this.token = (current ?? Promise.resolve(undefined)).then((token) => manager.updateToken(token));
    this.token.catch(() => (this.token = undefined));
    return this.token;
  }

  private money(minor: number, currency: string) {
    try {
      return toPayPalMoney(minor, currency);
    } catch (error) {
      if (error instanceof PayPalMoneyError) throw new ProviderError('rejected', error.message);
      throw error;
    }
  }

  /** An answer PayPal's API gave in a shape orderpay cannot read: a provider fault, retried later. */
  private read<T>(what: string, body: unknown, read: (fields: PayPalFields) => T): T {
    try {
      return read(PayPalFields.of(typeof body === 'string' ? JSON.parse(body) : body, what));
    } catch (error) {
      if (error instanceof UnusablePayPalObjectError || error instanceof SyntaxError)
        throw new ProviderError('unavailable', `PayPal answered an unexpected ${what}: ${error.message}`);
      throw error;
    }
  }

  private async call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      this.renewClientAfter(error);
      throw this.translate(action, error);
    }
  }

  /**
   * The SDK shares one promise of its OAuth token between all calls (@apimatic/oauth-adapters'
   * `lastOAuthToken`): once a token fetch fails (PayPal unreachable on the first call, or when
   * the 9-hour token is renewed), that promise stays rejected, and every later call throws the
   * same error without sending a request, until the process restarts. A failure that may have
   * come from the token fetch (no answer at all, or an error answer to the token request) gets
   * a new client, whose next call fetches a new token.
   */
  private renewClientAfter(error: unknown): void {
    const fromTokenRequest = !(error instanceof ApiError) || error.request.url.includes('/v1/oauth2/token');
    if (fromTokenRequest) this.api = createPayPalApi(this.config);
  }

  private translate(action: string, error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    if (!(error instanceof ApiError)) {
      // No answer (network, timeout), or the SDK refused our request before sending it.
      return new ProviderError('unavailable', `Could not ${action} at PayPal: ${String(error)}`);
    }
    const issue = issueOf(error);
    const detail = `Could not ${action} at PayPal: HTTP ${error.statusCode}${issue ? ` ${issue}` : ''}`;
    const status = error.statusCode;
    if (status >= 500 || status === 429 || status === 408 || status === 409) {
      return new ProviderError('unavailable', detail, issue);
    }
    if (status === 404 || issue === 'RESOURCE_NOT_FOUND' || issue === 'INVALID_RESOURCE_ID')
      return new ProviderError('not_found', detail, issue);
    if (status === 401 || status === 403) {
      this.logger.error(`PayPal refused our credentials: ${detail}`);
      return new ProviderError('misconfigured', detail, issue);
    }
    return new ProviderError('rejected', detail, issue);
  }
}

/** PayPal's error code: the first `details[].issue`, else its `name` (or OAuth's `error`). */
function issueOf(error: ApiError<unknown>): string | undefined {
  let body: unknown = error.result;
  if (!isJsonObject(body) && typeof error.body === 'string') {
    try {
      body = JSON.parse(error.body);
    } catch {
      return undefined;
    }
  }
  if (!isJsonObject(body)) return undefined;
  const details = Array.isArray(body.details) ? body.details : [];
  const first: unknown = details[0];
  if (isJsonObject(first) && typeof first.issue === 'string') return first.issue;
  if (typeof body.name === 'string') return body.name;
  return typeof body.error === 'string' ? body.error : undefined;
}

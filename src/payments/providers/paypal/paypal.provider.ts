import { Injectable, Logger } from '@nestjs/common';
import {
  ApiError,
  CheckoutPaymentIntent,
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
import { ProviderError } from '../provider-errors';
import { issueOf, translatePayPalError } from './paypal-errors';
import { PayPalWebhookVerifier } from './paypal-webhook-verifier';
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

/** PayPal's limit on an item name. */
const MAX_ITEM_NAME = 127;

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
  readonly completesOnApproval = true;
  private readonly logger = new Logger(PayPalPaymentProvider.name);
  /** Replaced after a failed token fetch: see renewClientAfter. */
  private api: PayPalApi;
  private readonly verifier: PayPalWebhookVerifier;

  constructor(private readonly config: AppConfig) {
    this.api = createPayPalApi(config);
    this.verifier = new PayPalWebhookVerifier(() => this.api, config.payments.paypal.webhookId, this.logger);
  }

  /** PayPal takes fewer currencies than Stripe, and HUF and TWD in whole units only. */
  amountProblem(currency: string, amounts: readonly number[]): string | null {
    try {
      for (const amount of amounts) toPayPalMoney(amount, currency);
      return null;
    } catch (error) {
      if (error instanceof PayPalMoneyError) return error.message;
      throw error;
    }
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
    const { order, snapshot } = this.read('order', response.body, (fields) => ({
      order: fields,
      snapshot: orderToCheckout(fields),
    }));
    if (snapshot.amountTotal !== input.amount || snapshot.currency !== input.currency.toLowerCase()) {
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
      const issue = issueOf(error);
      // Captured meanwhile by a request with another id: read what it took.
      if (issue === 'ORDER_ALREADY_CAPTURED') return this.retrieveCheckout(sessionId);
      this.renewClientAfter(error);
      const failure = this.translate('capture an order', error);
      if (failure.kind !== 'rejected') throw failure;
      // PayPal refused this capture for good (the buyer's funding declined: INSTRUMENT_DECLINED,
      // TRANSACTION_REFUSED...): no money moved, and no retry would take it. The attempt fails;
      // the customer pays again from the shop.
      this.logger.warn({ sessionId, issue }, 'PayPal refused to capture an approved order');
      return { ...before, status: 'complete', paymentStatus: 'failed' };
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

  /** Verified by PayPal (see PayPalWebhookVerifier), then read. */
  async verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): Promise<ReceivedEvent> {
    return receivePayPalEvent(rawBody, await this.verifier.verify(rawBody, headers));
  }

  parseStoredEvent(payload: Record<string, unknown>): ProviderEvent {
    return readStoredPayPalEvent(payload);
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
    return translatePayPalError(action, error, this.logger);
  }
}

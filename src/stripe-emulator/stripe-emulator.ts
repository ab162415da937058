import { IdempotencyStore } from './api/idempotency';
import { createPayPalStandIn } from './paypal';
import { stripeApiRoutes } from './api/api-routes';
import { CHECKOUT_PAGE_PATH, checkoutPageRoutes } from './checkout-page/checkout-page.routes';
import { ApiFaults } from './controls/api-faults';
import { controlRoutes } from './controls/controls.routes';
import { EmulatorControls } from './controls/emulator-controls';
import { CheckoutFlow } from './flows/checkout-flow';
import { DisputeFlow } from './flows/dispute-flow';
import type { FlowContext } from './flows/flow-context';
import { RefundFlow } from './flows/refund-flow';
import { closeServer, createEmulatorServer, listen } from './http/http-server';
import { Router } from './http/router';
import { EmulatorState } from './state/emulator-state';
import { silentLogger } from './support/logger';
import { Timers } from './support/timers';
import { EMULATED_API_VERSION, StripeEmulatorHandle, StripeEmulatorOptions } from './stripe-emulator.types';
import { EventPublisher } from './webhooks/event-publisher';
import { stripeDeliveryFormat, WebhookDelivery } from './webhooks/webhook-delivery';

const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 1000, timeoutMs: 10_000 };

/**
 * Starts a local, in-memory stand-in for the part of Stripe orderpay uses: the REST API
 * (for the official SDK pointed at it with `host`/`port`/`protocol`), the hosted checkout
 * page, and signed webhook delivery. Development and tests only: production never imports it.
 */
export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulatorHandle> {
  if (!options.webhookSecret?.trim()) throw new Error('startStripeEmulator: webhookSecret is required');
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const nowSeconds = () => Math.floor(clock() / 1000);
  const host = options.host ?? '127.0.0.1';
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  if (!(retry.attempts >= 1)) throw new Error('startStripeEmulator: retry.attempts must be at least 1');

  const timers = new Timers((error) => log('emulator background task failed', { error: String(error) }));
  const state = new EmulatorState();
  const idempotency = new IdempotencyStore();
  const faults = new ApiFaults();
  const delivery = new WebhookDelivery({
    format: stripeDeliveryFormat(options.webhookSecret),
    url: options.webhookUrl,
    retry,
    log,
    timers,
    onAnswer: options.onWebhookAnswer,
  });
  const ctx: FlowContext = {
    state,
    events: new EventPublisher(state, delivery, nowSeconds, EMULATED_API_VERSION),
    timers,
    nowSeconds,
    settings: {
      refundSettleMs: options.refundSettleMs ?? 1000,
      asyncPaymentAutoOutcome: options.asyncPaymentAutoOutcome,
    },
  };
  const checkout = new CheckoutFlow(ctx);
  const refunds = new RefundFlow(ctx);
  const controls = new EmulatorControls({
    state,
    checkout,
    refunds,
    disputes: new DisputeFlow(ctx),
    delivery,
    idempotency,
    faults,
  });

  // Session URLs need the port, known only once listening.
  let publicUrl = '';
  const paypal = createPayPalStandIn({
    publicUrl: () => publicUrl,
    webhookUrl: options.paypal?.webhookUrl,
    webhookId: options.paypal?.webhookId,
    pendingCaptureOutcome: options.paypal?.pendingCaptureOutcome,
    pendingCaptureSettleMs: options.paypal?.pendingCaptureSettleMs,
    retry,
    onWebhookAnswer: options.onWebhookAnswer,
    // The same "provider slow or down" switch for both providers.
    faults,
    remoteControls: options.remoteControls,
    log,
    clock,
  });
  const router = new Router().add(
    // PayPal's paths (/v1/oauth2, /v1/notifications, /v2/...) come before Stripe's `/v1` 404.
    ...paypal.routes,
    ...stripeApiRoutes({
      state,
      checkout,
      refunds,
      idempotency,
      log,
      apiVersion: EMULATED_API_VERSION,
      faults,
      nowSeconds,
      checkoutUrl: (sessionId) => `${publicUrl}${CHECKOUT_PAGE_PATH}/${sessionId}`,
    }),
    ...checkoutPageRoutes({ state, checkout }),
    ...controlRoutes(controls, delivery, { allowRemote: options.remoteControls }),
  );
  const server = createEmulatorServer(router, log);
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${urlHost(host)}:${port}`;
  publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  timers.every(options.expirySweepMs ?? 1000, () => checkout.expireDue());
  log('stripe emulator listening', { url, webhookUrl: options.webhookUrl ?? null });

  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    stripeClientConfig: { host: urlHost(host).replace(/^\[|\]$/g, ''), port, protocol: 'http' },
    get webhookUrl() {
      return delivery.webhookUrl;
    },
    setWebhookUrl: (webhookUrl) => delivery.setUrl(webhookUrl),
    checkoutAction: (sessionId, action) => controls.checkoutAction(sessionId, action),
    openDispute: (input) => controls.openDispute(input),
    failNextRefund: (reason) => controls.failNextRefund(reason),
    redeliverEvent: (eventId) => controls.redeliverEvent(eventId),
    holdEvents: () => controls.holdEvents(),
    heldEventIds: () => controls.heldEventIds(),
    releaseEvents: (order) => controls.releaseEvents(order),
    events: () => controls.events(),
    deliveryLog: () => controls.deliveryLog(),
    waitForDeliveries: () => controls.waitForDeliveries(),
    reset: () => {
      controls.reset();
      paypal.reset();
    },
    paypal,
    close: () => {
      closing ??= (async () => {
        timers.close();
        delivery.close();
        paypal.close();
        await closeServer(server);
        log('stripe emulator stopped', { url });
      })();
      return closing;
    },
  };
}

/** A wildcard address is not a place to browse to; an IPv6 literal needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

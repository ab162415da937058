import type { ApiFaults } from '../controls/api-faults';
import type { Route } from '../http/router';
import { silentLogger, type EmulatorLogger } from '../support/logger';
import { Timers } from '../support/timers';
import type { DeliveryAnswer, DeliveryAttempt, ReleaseOrder, RetryPolicy } from '../webhooks/webhook-delivery';
import { approvalPageRoutes } from './approval-page.routes';
import { paypalApiRoutes } from './paypal-api.routes';
import type { PayPalContext, PendingCaptureOutcome } from './paypal-context';
import { paypalControlRoutes } from './paypal-controls.routes';
import type { PayPalEvent, PayPalEventType } from './paypal-events';
import { PayPalUrls, renderCapture, renderDispute, renderOrder, renderRefund } from './paypal-objects';
import { PayPalOrdersFlow } from './paypal-orders.flow';
import { PayPalPaymentsFlow } from './paypal-payments.flow';
import { PayPalState } from './paypal-state';
import { PayPalWebhooks } from './paypal-webhooks';

export interface PayPalStandInOptions {
  /** The emulator's public base URL, known once it listens: links and the approval page use it. */
  publicUrl: () => string;
  /** Where PayPal events go (the app's PayPal webhook route); none: events are only kept. */
  webhookUrl?: string;
  /** The id verify-webhook-signature expects (`webhook_id`), as PayPal's dashboard shows one. */
  webhookId?: string;
  retry?: Partial<RetryPolicy>;
  pendingCaptureSettleMs?: number;
  pendingCaptureOutcome?: PendingCaptureOutcome;
  /** The Stripe side's faults object, to make "PayPal slow/down" the same switch. */
  faults?: ApiFaults;
  remoteControls?: boolean;
  log?: EmulatorLogger;
  clock?: () => number;
  onWebhookAnswer?: (answer: DeliveryAnswer) => void;
}

/** What tests (and the `/_emulator/paypal` routes) can do to the stand-in. */
export interface PayPalStandInControls {
  approveOrder(orderId: string, outcome: 'complete' | 'pending' | 'denied'): Record<string, unknown>;
  settlePendingCapture(captureId: string, to: 'COMPLETED' | 'DECLINED'): Record<string, unknown>;
  reverseCapture(captureId: string): Record<string, unknown>;
  openDispute(captureId: string, input?: { amount?: string; reason?: string }): Record<string, unknown>;
  /**
   * Sends an event with any resource, signed like the others, as PayPal's dashboard "Webhooks
   * simulator" does: for what the stand-in never produces by itself (a capture of another amount).
   */
  simulateEvent(type: PayPalEventType, resource: Record<string, unknown>): PayPalEvent;
  events(): PayPalEvent[];
  redeliverEvent(eventId: string): boolean;
  holdEvents(): void;
  heldEventIds(): string[];
  releaseEvents(order?: ReleaseOrder): Promise<string[]>;
  deliveryLog(): DeliveryAttempt[];
  setWebhookUrl(url: string | undefined): void;
  readonly webhookUrl: string | undefined;
  readonly webhookId: string;
  waitForDeliveries(): Promise<void>;
  reset(): void;
}

export interface PayPalStandIn extends PayPalStandInControls {
  /** Add these to the emulator's router: PayPal's REST paths, `/checkoutnow`, `/_emulator/paypal`. */
  readonly routes: Route[];
  close(): void;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, timeoutMs: 10_000 };

/**
 * A local stand-in for the part of PayPal orderpay uses (OAuth2, Orders v2, Payments v2 refunds,
 * webhooks), mounted on the Stripe emulator's server: its paths do not overlap Stripe's.
 */
export function createPayPalStandIn(options: PayPalStandInOptions): PayPalStandIn {
  const log = options.log ?? silentLogger;
  const now = options.clock ?? Date.now;
  const urls: PayPalUrls = { api: options.publicUrl, web: options.publicUrl };
  const timers = new Timers((error) => log('paypal stand-in background task failed', { error: String(error) }));
  const state = new PayPalState();
  const webhooks = new PayPalWebhooks(state, {
    webhookId: options.webhookId ?? 'EMULATORWEBHOOK01',
    url: options.webhookUrl,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    log,
    timers,
    urls,
    now,
    onAnswer: options.onWebhookAnswer,
  });
  const ctx: PayPalContext = {
    state,
    webhooks,
    urls,
    timers,
    now,
    settings: {
      pendingCaptureSettleMs: options.pendingCaptureSettleMs ?? 5000,
      pendingCaptureOutcome: options.pendingCaptureOutcome ?? 'completed',
    },
  };
  const orders = new PayPalOrdersFlow(ctx);
  const payments = new PayPalPaymentsFlow(ctx);
  const delivery = webhooks.delivery;

  const controls: PayPalStandInControls = {
    approveOrder: (id, outcome) => renderOrder(state, orders.approve(id, outcome), urls),
    settlePendingCapture: (id, to) => renderCapture(state, orders.settlePending(id, to), urls),
    reverseCapture: (id) => renderRefund(state, payments.reverse(id), urls),
    openDispute: (id, input) => renderDispute(state, payments.openDispute(id, input), urls),
    simulateEvent: (type, resource) => webhooks.publish(type, resource),
    events: () => [...state.events.values()],
    redeliverEvent: (id) => webhooks.redeliver(id) !== undefined,
    holdEvents: () => delivery.hold(),
    heldEventIds: () => delivery.heldEventIds(),
    releaseEvents: (order) => delivery.release(order),
    deliveryLog: () => delivery.attempts(),
    setWebhookUrl: (url) => delivery.setUrl(url),
    get webhookUrl() {
      return delivery.webhookUrl;
    },
    webhookId: webhooks.webhookId,
    waitForDeliveries: () => delivery.idle(),
    reset: () => {
      state.reset();
      webhooks.reset();
    },
  };

  return {
    ...controls,
    // Spreading would freeze the getter's value at creation.
    get webhookUrl() {
      return delivery.webhookUrl;
    },
    routes: [
      ...paypalApiRoutes({ state, orders, payments, webhooks, urls, log, faults: options.faults }),
      ...approvalPageRoutes(state, orders, urls),
      ...paypalControlRoutes(controls, { allowRemote: options.remoteControls }),
    ],
    close: () => {
      timers.close();
      delivery.close();
    },
  };
}

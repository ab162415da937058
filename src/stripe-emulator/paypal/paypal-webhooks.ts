import { randomBytes } from 'node:crypto';
import type { EmulatorLogger } from '../support/logger';
import type { Timers } from '../support/timers';
import type { DeliveryAnswer, RetryPolicy } from '../webhooks/webhook-delivery';
import { invalidRequest, missing } from './paypal-errors';
import { newPayPalEvent, PayPalEvent, PayPalEventType } from './paypal-events';
import { paypalId, paypalTime } from './paypal-ids';
import type { PayPalUrls } from './paypal-objects';
import { WebhookDelivery } from '../webhooks/webhook-delivery';
import { AUTH_ALGO, sameSignature, transmissionSignature } from './paypal-signature';
import type { PayPalState } from './paypal-state';

export const CERT_PATH = '/v1/notifications/certs/CERT-360caa42-fca2a594-emulator';

/** What the stand-in sent in one try, kept so verify-webhook-signature can recognise it. */
interface Transmission {
  time: string;
  signature: string;
  webhookId: string;
  /** The body as sent: the signature covers its CRC32, so only these exact bytes verify. */
  body: string;
}

export interface PayPalWebhooksOptions {
  webhookId: string;
  url?: string;
  retry: RetryPolicy;
  log: EmulatorLogger;
  timers: Timers;
  urls: PayPalUrls;
  now: () => number;
  onAnswer?: (answer: DeliveryAnswer) => void;
}

/** Makes, signs, delivers and verifies PayPal webhook events. */
export class PayPalWebhooks {
  readonly delivery: WebhookDelivery<PayPalEvent>;
  // Per emulator run: signatures of another run (or forged ones) do not verify.
  private readonly secret = randomBytes(32).toString('hex');
  private readonly transmissions = new Map<string, Transmission>();

  constructor(
    private readonly state: PayPalState,
    private readonly options: PayPalWebhooksOptions,
  ) {
    this.delivery = new WebhookDelivery<PayPalEvent>({
      // PayPal posts compact JSON, with a new transmission (id, time, signature) on every try.
      format: {
        describe: (event) => ({ id: event.id, type: event.event_type }),
        request: (event) => {
          const body = JSON.stringify(event);
          return {
            body,
            headers: {
              'Content-Type': 'application/json',
              'User-Agent': 'PayPal/AUHD-214.0-58843389',
              ...this.transmit(body),
            },
          };
        },
      },
      url: options.url,
      retry: options.retry,
      log: options.log,
      timers: options.timers,
      onAnswer: options.onAnswer,
    });
  }

  get webhookId(): string {
    return this.options.webhookId;
  }

  publish(type: PayPalEventType, resource: Record<string, unknown>): PayPalEvent {
    const event = newPayPalEvent(type, resource, this.options.now(), this.options.urls);
    this.state.events.set(event.id, event);
    this.delivery.send(event);
    return event;
  }

  redeliver(eventId: string): PayPalEvent | undefined {
    const event = this.state.events.get(eventId);
    if (event) this.delivery.send(event);
    return event;
  }

  /**
   * `POST /v1/notifications/verify-webhook-signature`: SUCCESS only for a transmission the
   * stand-in made, with its headers and webhook id, and the event as sent (see below). PayPal
   * answers FAILURE (200) rather than an error for a signature that does not match.
   */
  verify(input: Record<string, unknown>): { verification_status: 'SUCCESS' | 'FAILURE' } {
    const required = ['auth_algo', 'cert_url', 'transmission_id', 'transmission_sig', 'transmission_time'];
    for (const field of [...required, 'webhook_id']) {
      if (typeof input[field] !== 'string' || input[field] === '') throw invalidRequest(missing(field));
    }
    if (typeof input.webhook_event !== 'object' || input.webhook_event === null) {
      throw invalidRequest(missing('webhook_event'));
    }
    const sent = this.transmissions.get(input.transmission_id as string);
    const ok =
      sent !== undefined &&
      input.auth_algo === AUTH_ALGO &&
      input.cert_url === this.certUrl() &&
      input.transmission_time === sent.time &&
      input.webhook_id === sent.webhookId &&
      sameSignature(input.transmission_sig as string, sent.signature) &&
      // The event as sent, field order and escapes included. PayPal's check covers the CRC32 of
      // the exact bytes; inside the parsed request, only whitespace differences escape this one.
      JSON.stringify(input.webhook_event) === sent.body;
    return { verification_status: ok ? 'SUCCESS' : 'FAILURE' };
  }

  reset(): void {
    this.transmissions.clear();
    this.delivery.reset();
  }

  private certUrl(): string {
    return `${this.options.urls.api()}${CERT_PATH}`;
  }

  private transmit(body: string): Record<string, string> {
    const id = paypalId.transmission();
    const time = paypalTime(this.options.now());
    const webhookId = this.options.webhookId;
    const signature = transmissionSignature(this.secret, id, time, webhookId, body);
    this.transmissions.set(id, { time, signature, webhookId, body });
    return {
      'PAYPAL-TRANSMISSION-ID': id,
      'PAYPAL-TRANSMISSION-TIME': time,
      'PAYPAL-TRANSMISSION-SIG': signature,
      'PAYPAL-CERT-URL': this.certUrl(),
      'PAYPAL-AUTH-ALGO': AUTH_ALGO,
      'PAYPAL-AUTH-VERSION': 'v2',
      'Correlation-Id': randomBytes(7).toString('hex').slice(0, 13),
    };
  }
}

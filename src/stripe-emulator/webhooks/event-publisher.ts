import { EmulatedEvent, EmulatedEventType, EventRequest, NO_REQUEST, newEvent } from '../objects/event.object';
import type { EmulatorState } from '../state/emulator-state';
import type { WebhookDelivery } from './webhook-delivery';

export interface PublishOptions {
  request?: EventRequest;
  /** For `*.updated` events: the changed fields' values before the change. */
  previousAttributes?: Record<string, unknown>;
}

/** Makes an event from an object's current state, keeps it (for redelivery) and sends it. */
export class EventPublisher {
  constructor(
    private readonly state: EmulatorState,
    private readonly delivery: WebhookDelivery,
    private readonly nowSeconds: () => number,
    private readonly apiVersion: string,
  ) {}

  publish(type: EmulatedEventType, object: object, options: PublishOptions = {}): EmulatedEvent {
    const event = newEvent({
      type,
      created: this.nowSeconds(),
      apiVersion: this.apiVersion,
      object,
      previousAttributes: options.previousAttributes,
      request: options.request ?? NO_REQUEST,
      pendingWebhooks: this.delivery.webhookUrl ? 1 : 0,
    });
    this.state.events.set(event.id, event);
    this.delivery.send(event);
    return event;
  }
}

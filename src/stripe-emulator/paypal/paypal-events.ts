import { paypalId, paypalTime } from './paypal-ids';
import type { PayPalUrls } from './paypal-objects';

/** The event types the stand-in sends, with what each carries (PayPal's webhook event catalog). */
const EVENT_TYPES = {
  'CHECKOUT.ORDER.APPROVED': { resourceType: 'checkout-order', summary: 'An order has been approved by buyer' },
  'PAYMENT.CAPTURE.COMPLETED': { resourceType: 'capture', summary: 'Payment completed' },
  'PAYMENT.CAPTURE.PENDING': { resourceType: 'capture', summary: 'Payment pending' },
  'PAYMENT.CAPTURE.DENIED': { resourceType: 'capture', summary: 'Payment denied' },
  'PAYMENT.CAPTURE.REFUNDED': { resourceType: 'refund', summary: 'A capture payment was refunded' },
  'PAYMENT.CAPTURE.REVERSED': { resourceType: 'refund', summary: 'A payment was reversed' },
  'CUSTOMER.DISPUTE.CREATED': { resourceType: 'dispute', summary: 'A new dispute opened' },
} as const;

export type PayPalEventType = keyof typeof EVENT_TYPES;
export const PAYPAL_EVENT_TYPES = Object.keys(EVENT_TYPES) as PayPalEventType[];

/** PayPal's webhook envelope (notifications_webhooks_v1 `event`). */
export interface PayPalEvent {
  id: string;
  event_version: string;
  create_time: string;
  resource_type: string;
  resource_version: string;
  event_type: PayPalEventType;
  summary: string;
  resource: Record<string, unknown>;
  links: { href: string; rel: string; method: string }[];
}

export function newPayPalEvent(
  type: PayPalEventType,
  resource: Record<string, unknown>,
  nowMs: number,
  urls: PayPalUrls,
): PayPalEvent {
  const id = paypalId.event();
  const self = `${urls.api()}/v1/notifications/webhooks-events/${id}`;
  const { resourceType, summary } = EVENT_TYPES[type];
  return {
    id,
    event_version: '1.0',
    create_time: paypalTime(nowMs),
    resource_type: resourceType,
    // Orders v2 and Payments v2 resources are version 2.0; disputes are 1.0.
    resource_version: resourceType === 'dispute' ? '1.0' : '2.0',
    event_type: type,
    summary: amountSummary(summary, resource),
    resource,
    links: [
      { href: self, rel: 'self', method: 'GET' },
      { href: `${self}/resend`, rel: 'resend', method: 'POST' },
    ],
  };
}

/** PayPal's capture summaries name the amount: "Payment completed for $ 10.5 USD". */
function amountSummary(summary: string, resource: Record<string, unknown>): string {
  const amount = resource.amount as { value?: string; currency_code?: string } | undefined;
  if (!summary.startsWith('Payment ') || !amount?.value) return summary;
  return `${summary} for ${amount.value} ${amount.currency_code ?? ''}`.trim();
}

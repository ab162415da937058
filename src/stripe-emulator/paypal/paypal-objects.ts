import { Money, toMoney } from './paypal-money';
import { paypalTime } from './paypal-ids';
import type { CaptureRecord, DisputeRecord, OrderRecord, PayPalState, RefundRecord } from './paypal-state';

/** Where links point: the stand-in's own address, so every `href` can be followed. */
export interface PayPalUrls {
  /** Base of the REST API (`https://api-m.paypal.com` for real). */
  api(): string;
  /** Base of the buyer-facing pages (`https://www.paypal.com` for real). */
  web(): string;
}

export const APPROVAL_PAGE_PATH = '/checkoutnow';

/** The sandbox's default personal test account, so payer data looks like a real approval. */
const BUYER = {
  name: { given_name: 'John', surname: 'Doe' },
  email_address: 'sb-buyer@personal.example.com',
  address: { country_code: 'US' },
};

const MERCHANT = { email_address: 'sb-merchant@business.example.com', merchant_id: 'EMULATORMRCH1' };

const link = (href: string, rel: string, method = 'GET') => ({ href, rel, method });

/**
 * PayPal's fee, as a fixed stand-in formula (3.49% + 0.49 in the currency's minor unit, 0 for
 * amounts too small to bear it): the real one depends on the merchant's country and pricing.
 */
export function paypalFee(minor: number): number {
  return Math.min(minor, Math.round(minor * 0.0349) + 49);
}

export function renderOrder(state: PayPalState, order: OrderRecord, urls: PayPalUrls): Record<string, unknown> {
  const { unit } = order;
  const capture = order.captureId ? state.captures.get(order.captureId) : undefined;
  const body: Record<string, unknown> = {
    id: order.id,
    intent: 'CAPTURE',
    status: order.status,
  };
  if (order.payerId) {
    body.payment_source = {
      paypal: { ...BUYER, account_id: order.payerId, account_status: 'VERIFIED' },
    };
  }
  body.purchase_units = [
    {
      reference_id: unit.reference_id,
      amount: unit.amount,
      payee: MERCHANT,
      ...pick(unit, ['description', 'custom_id', 'invoice_id', 'soft_descriptor', 'items']),
      ...(capture ? { payments: orderPayments(state, capture, urls) } : {}),
    },
  ];
  if (order.payerId) body.payer = { ...BUYER, payer_id: order.payerId };
  body.create_time = paypalTime(order.createdAt);
  if (order.updatedAt !== order.createdAt) body.update_time = paypalTime(order.updatedAt);
  body.links = orderLinks(order, urls);
  return body;
}

/** An order's `payments`: its capture, and the refunds of it once there are any (as PayPal lists them). */
function orderPayments(state: PayPalState, capture: CaptureRecord, urls: PayPalUrls): Record<string, unknown> {
  const refunds = [...state.refunds.values()].filter((refund) => refund.captureId === capture.id);
  return {
    captures: [renderCapture(state, capture, urls)],
    ...(refunds.length ? { refunds: refunds.map((refund) => renderRefund(state, refund, urls)) } : {}),
  };
}

/** `Prefer: return=minimal` (PayPal's default for create): id, status and links only. */
export function renderMinimalOrder(order: OrderRecord, urls: PayPalUrls): Record<string, unknown> {
  return { id: order.id, status: order.status, links: orderLinks(order, urls) };
}

function orderLinks(order: OrderRecord, urls: PayPalUrls) {
  const self = `${urls.api()}/v2/checkout/orders/${order.id}`;
  const links = [link(self, 'self')];
  if (order.status === 'CREATED' || order.status === 'PAYER_ACTION_REQUIRED') {
    // With `payment_source.paypal` PayPal names the buyer's link `payer-action`; the legacy
    // `application_context` flow calls it `approve`.
    const rel = order.viaPaymentSource ? 'payer-action' : 'approve';
    links.push(link(`${urls.web()}${APPROVAL_PAGE_PATH}?token=${order.id}`, rel));
  }
  if (order.status !== 'COMPLETED') links.push(link(self, 'update', 'PATCH'));
  if (order.status === 'APPROVED' || order.status === 'CREATED' || order.status === 'PAYER_ACTION_REQUIRED') {
    links.push(link(`${self}/capture`, 'capture', 'POST'));
  }
  return links;
}

export function renderCapture(state: PayPalState, capture: CaptureRecord, urls: PayPalUrls): Record<string, unknown> {
  const order = state.orders.get(capture.orderId);
  const self = `${urls.api()}/v2/payments/captures/${capture.id}`;
  const body: Record<string, unknown> = {
    id: capture.id,
    status: capture.status,
  };
  if (capture.reason) body.status_details = { reason: capture.reason };
  body.amount = toMoney(capture.minor, capture.currency);
  body.final_capture = true;
  body.seller_protection = {
    status: 'ELIGIBLE',
    dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'],
  };
  // PayPal reports the breakdown once money moved: not while pending, not when declined.
  if (capture.status !== 'PENDING' && capture.status !== 'DECLINED' && capture.status !== 'FAILED') {
    const fee = paypalFee(capture.minor);
    body.seller_receivable_breakdown = {
      gross_amount: toMoney(capture.minor, capture.currency),
      paypal_fee: toMoney(fee, capture.currency),
      net_amount: toMoney(capture.minor - fee, capture.currency),
    };
  }
  if (order?.unit.invoice_id) body.invoice_id = order.unit.invoice_id;
  if (order?.unit.custom_id) body.custom_id = order.unit.custom_id;
  body.supplementary_data = { related_ids: { order_id: capture.orderId } };
  body.links = [
    link(self, 'self'),
    link(`${self}/refund`, 'refund', 'POST'),
    link(`${urls.api()}/v2/checkout/orders/${capture.orderId}`, 'up'),
  ];
  body.create_time = paypalTime(capture.createdAt);
  body.update_time = paypalTime(capture.updatedAt);
  return body;
}

export function renderRefund(state: PayPalState, refund: RefundRecord, urls: PayPalUrls): Record<string, unknown> {
  const capture = state.captures.get(refund.captureId);
  // The percentage part of the fee is given back pro rata; PayPal keeps the fixed part.
  const feeBack = Math.round(refund.minor * 0.0349);
  const body: Record<string, unknown> = {
    id: refund.id,
    amount: toMoney(refund.minor, refund.currency),
    ...(refund.noteToPayer ? { note_to_payer: refund.noteToPayer } : {}),
    seller_payable_breakdown: {
      gross_amount: toMoney(refund.minor, refund.currency),
      paypal_fee: toMoney(feeBack, refund.currency),
      net_amount: toMoney(refund.minor - feeBack, refund.currency),
      total_refunded_amount: toMoney(refund.totalRefundedMinor, refund.currency),
    },
    ...(refund.invoiceId ? { invoice_id: refund.invoiceId } : {}),
    ...(refund.customId ? { custom_id: refund.customId } : {}),
    status: refund.status,
    create_time: paypalTime(refund.createdAt),
    update_time: paypalTime(refund.updatedAt),
    links: [
      link(`${urls.api()}/v2/payments/refunds/${refund.id}`, 'self'),
      link(`${urls.api()}/v2/payments/captures/${refund.captureId}`, 'up'),
    ],
  };
  if (capture) body.supplementary_data = { related_ids: { order_id: capture.orderId, capture_id: capture.id } };
  return body;
}

/** The dispute as `CUSTOMER.DISPUTE.CREATED` carries it (customer_disputes_v1 `dispute`). */
export function renderDispute(state: PayPalState, dispute: DisputeRecord, urls: PayPalUrls): Record<string, unknown> {
  const capture = state.captures.get(dispute.captureId);
  const order = capture ? state.orders.get(capture.orderId) : undefined;
  const amount: Money = toMoney(dispute.minor, dispute.currency);
  return {
    dispute_id: dispute.id,
    create_time: paypalTime(dispute.createdAt),
    update_time: paypalTime(dispute.createdAt),
    disputed_transactions: [
      {
        seller_transaction_id: dispute.captureId,
        create_time: capture ? paypalTime(capture.createdAt) : undefined,
        transaction_status: 'COMPLETED',
        gross_amount: capture ? toMoney(capture.minor, capture.currency) : amount,
        invoice_number: order?.unit.invoice_id,
        custom: order?.unit.custom_id,
        buyer: { name: `${BUYER.name.given_name} ${BUYER.name.surname}` },
        seller: { merchant_id: MERCHANT.merchant_id, email: MERCHANT.email_address },
      },
    ],
    reason: dispute.reason,
    status: 'OPEN',
    dispute_amount: amount,
    dispute_life_cycle_stage: 'INQUIRY',
    dispute_channel: 'INTERNAL',
    links: [link(`${urls.api()}/v1/customer/disputes/${dispute.id}`, 'self')],
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

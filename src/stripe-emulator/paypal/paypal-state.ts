import type { PayPalEvent } from './paypal-events';

export type OrderStatus = 'CREATED' | 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED' | 'VOIDED';
export type CaptureStatus = 'COMPLETED' | 'PENDING' | 'DECLINED' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'FAILED';
export type RefundStatus = 'COMPLETED' | 'PENDING' | 'FAILED' | 'CANCELLED';

/** What the buyer chose on the approval page, which decides what the capture does. */
export type ApprovalOutcome = 'complete' | 'pending' | 'denied';

/** The one purchase unit of an order, as the merchant sent it plus its parsed amount. */
export interface PurchaseUnitRecord {
  reference_id: string;
  /** The merchant's `amount` object as sent (breakdown included), echoed back by GET. */
  amount: Record<string, unknown>;
  currency: string;
  minor: number;
  description?: string;
  custom_id?: string;
  invoice_id?: string;
  soft_descriptor?: string;
  items?: Record<string, unknown>[];
}

export interface OrderRecord {
  id: string;
  status: OrderStatus;
  createdAt: number;
  updatedAt: number;
  unit: PurchaseUnitRecord;
  returnUrl?: string;
  cancelUrl?: string;
  brandName?: string;
  /** `payment_source.paypal.experience_context` (current API) vs `application_context` (legacy). */
  viaPaymentSource: boolean;
  payerId?: string;
  outcome?: ApprovalOutcome;
  captureId?: string;
}

export interface CaptureRecord {
  id: string;
  orderId: string;
  status: CaptureStatus;
  /** `status_details.reason` for PENDING (ECHECK) and after refunds or reversals. */
  reason?: string;
  currency: string;
  minor: number;
  refundedMinor: number;
  createdAt: number;
  updatedAt: number;
}

export interface RefundRecord {
  id: string;
  captureId: string;
  status: RefundStatus;
  currency: string;
  minor: number;
  /** Refunded on the capture once this one is counted, for `total_refunded_amount`. */
  totalRefundedMinor: number;
  noteToPayer?: string;
  invoiceId?: string;
  customId?: string;
  /** A reversal is a refund PayPal makes itself (chargeback, dispute lost). */
  reversal: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DisputeRecord {
  id: string;
  captureId: string;
  currency: string;
  minor: number;
  reason: string;
  createdAt: number;
}

/** Everything the stand-in knows, in memory: lost on restart like the Stripe side. */
export class PayPalState {
  readonly orders = new Map<string, OrderRecord>();
  readonly captures = new Map<string, CaptureRecord>();
  readonly refunds = new Map<string, RefundRecord>();
  readonly disputes = new Map<string, DisputeRecord>();
  readonly events = new Map<string, PayPalEvent>();
  /** `PayPal-Request-Id` answers, by `<method> <path> <request id>`: only successes are kept. */
  readonly requestIds = new Map<string, { status: number; text: string }>();

  reset(): void {
    this.orders.clear();
    this.captures.clear();
    this.refunds.clear();
    this.disputes.clear();
    this.events.clear();
    this.requestIds.clear();
  }
}

import { invalidRequest, invalidValue, resourceNotFound, unprocessable } from './paypal-errors';
import type { PayPalContext } from './paypal-context';
import { paypalId } from './paypal-ids';
import { parseMoney } from './paypal-money';
import { renderDispute, renderRefund } from './paypal-objects';
import type { CaptureRecord, DisputeRecord, RefundRecord } from './paypal-state';

type Json = Record<string, unknown>;

/** Payments v2 after the capture: refunds, and what PayPal does on its own (reversals, disputes). */
export class PayPalPaymentsFlow {
  constructor(private readonly ctx: PayPalContext) {}

  capture(id: string): CaptureRecord {
    const capture = this.ctx.state.captures.get(id);
    if (!capture)
      throw resourceNotFound(
        'Specified resource ID does not exist. Please check the resource ID and try again.',
        'capture_id',
        id,
      );
    return capture;
  }

  refund(id: string): RefundRecord {
    const refund = this.ctx.state.refunds.get(id);
    if (!refund)
      throw resourceNotFound(
        'Specified resource ID does not exist. Please check the resource ID and try again.',
        'refund_id',
        id,
      );
    return refund;
  }

  /** `POST /v2/payments/captures/:id/refund`: no amount refunds what is left. */
  refundCapture(captureId: string, body: Json): RefundRecord {
    const capture = this.capture(captureId);
    if (capture.status === 'REFUNDED') {
      throw unprocessable({
        issue: 'CAPTURE_FULLY_REFUNDED',
        description: 'The capture has already been fully refunded',
      });
    }
    if (capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED') {
      throw unprocessable({ issue: 'REFUND_NOT_ALLOWED', description: 'Capture cannot be refunded.' });
    }
    const remaining = capture.minor - capture.refundedMinor;
    let minor = remaining;
    if (body.amount !== undefined) {
      const amount = parseMoney(body.amount, '/amount');
      if (amount.currency !== capture.currency) {
        throw unprocessable({
          issue: 'REFUND_CAPTURE_CURRENCY_MISMATCH',
          description: 'Refund must be in the same currency as the capture',
          field: '/amount/currency_code',
          value: amount.currency,
          location: 'body',
        });
      }
      if (amount.minor > remaining) {
        throw unprocessable({
          issue: 'REFUND_AMOUNT_EXCEEDED',
          description:
            'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
          field: '/amount/value',
          value: (body.amount as Json).value as string,
          location: 'body',
        });
      }
      minor = amount.minor;
    }
    for (const field of ['note_to_payer', 'invoice_id', 'custom_id'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'string') {
        throw invalidRequest(invalidValue(`/${field}`, body[field], 'The value of a field is invalid.'));
      }
    }
    const refund = this.record(capture, minor, false, {
      noteToPayer: body.note_to_payer as string | undefined,
      invoiceId: body.invoice_id as string | undefined,
      customId: body.custom_id as string | undefined,
    });
    this.ctx.webhooks.publish('PAYMENT.CAPTURE.REFUNDED', renderRefund(this.ctx.state, refund, this.ctx.urls));
    return refund;
  }

  /** PayPal takes the money back itself (a chargeback or a lost dispute): PAYMENT.CAPTURE.REVERSED. */
  reverse(captureId: string): RefundRecord {
    const capture = this.capture(captureId);
    const remaining = capture.minor - capture.refundedMinor;
    if ((capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED') || remaining === 0) {
      throw unprocessable({ issue: 'REFUND_NOT_ALLOWED', description: 'Capture cannot be reversed.' });
    }
    const refund = this.record(capture, remaining, true, { noteToPayer: 'Payment reversed' });
    capture.reason = 'CHARGEBACK';
    this.ctx.webhooks.publish('PAYMENT.CAPTURE.REVERSED', renderRefund(this.ctx.state, refund, this.ctx.urls));
    return refund;
  }

  openDispute(captureId: string, input: { amount?: string; reason?: string } = {}): DisputeRecord {
    const capture = this.capture(captureId);
    const minor =
      input.amount === undefined
        ? capture.minor
        : parseMoney({ currency_code: capture.currency, value: input.amount }, '/amount').minor;
    const dispute: DisputeRecord = {
      id: paypalId.dispute(),
      captureId,
      currency: capture.currency,
      minor,
      reason: input.reason ?? 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
      createdAt: this.ctx.now(),
    };
    this.ctx.state.disputes.set(dispute.id, dispute);
    this.ctx.webhooks.publish('CUSTOMER.DISPUTE.CREATED', renderDispute(this.ctx.state, dispute, this.ctx.urls));
    return dispute;
  }

  private record(
    capture: CaptureRecord,
    minor: number,
    reversal: boolean,
    extra: Pick<RefundRecord, 'noteToPayer' | 'invoiceId' | 'customId'>,
  ): RefundRecord {
    const now = this.ctx.now();
    capture.refundedMinor += minor;
    capture.status = capture.refundedMinor === capture.minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    capture.updatedAt = now;
    const refund: RefundRecord = {
      id: paypalId.refund(),
      captureId: capture.id,
      // PayPal-wallet refunds complete at once; eCheck-funded ones may stay PENDING (not emulated).
      status: 'COMPLETED',
      currency: capture.currency,
      minor,
      totalRefundedMinor: capture.refundedMinor,
      reversal,
      createdAt: now,
      updatedAt: now,
      ...extra,
    };
    this.ctx.state.refunds.set(refund.id, refund);
    return refund;
  }
}

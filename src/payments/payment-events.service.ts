import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import { Payment } from './payment.entity';
import { PaymentReferencesService } from './payment-references.service';
import type { PaymentStatus } from './payment-status';
import { failure, movePayment } from './payment-transitions';
import type { CheckoutSnapshot, DisputeSnapshot } from './providers/payment-provider';
import { RefundsService } from './refunds/refunds.service';

export type CheckoutOutcome = 'completed' | 'async_payment_succeeded' | 'async_payment_failed' | 'expired';

export interface ApplyResult {
  /** `ignored`: the object is not one orderpay created (or knows). */
  status: 'processed' | 'ignored';
  orderId?: string;
  /** Refunds written in this transaction, to submit to the provider once it commits. */
  refundsToSubmit?: string[];
  /** The attempt's move in this transaction, when it moved (a repeat moves nothing). */
  attempt?: { id: string; from: PaymentStatus; to: PaymentStatus };
}

/**
 * Applies what the provider says about a checkout: the only code that counts a payment on its
 * order (partly or fully paid).
 * Webhook handlers and the reconciler both call it, inside their own transaction, with the same
 * snapshot shape, so any order of arrival and any number of repeats end in the same state.
 */
@Injectable()
export class PaymentEventsService {
  private readonly logger = new Logger(PaymentEventsService.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly references: PaymentReferencesService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  async applyCheckout(
    manager: EntityManager,
    checkout: CheckoutSnapshot,
    outcome: CheckoutOutcome,
    cause: string,
  ): Promise<ApplyResult> {
    const locked = await this.lockAttempt(manager, checkout);
    if (!locked) return { status: 'ignored' };
    const { order, owned: payment } = locked;
    const from = payment.status;
    const result = await this.applyLocked(manager, order, payment, checkout, outcome, cause);
    return payment.status === from ? result : { ...result, attempt: { id: payment.id, from, to: payment.status } };
  }

  /** With the order and the attempt locked: the transition the provider's word implies, if any. */
  private async applyLocked(
    manager: EntityManager,
    order: Order,
    payment: Payment,
    checkout: CheckoutSnapshot,
    outcome: CheckoutOutcome,
    cause: string,
  ): Promise<ApplyResult> {
    const result = { status: 'processed' as const, orderId: order.id };

    if (outcome === 'expired') {
      await this.move(manager, payment, 'expired', cause, { nextCheckAt: null });
      return result;
    }
    if (outcome === 'async_payment_failed') {
      await this.move(manager, payment, 'failed', cause, {
        ...failure('payment_failed', 'The delayed payment failed (e.g. the bank debit bounced)'),
        nextCheckAt: null,
      });
      return result;
    }
    if (outcome === 'completed' && checkout.paymentStatus === 'unpaid') {
      await this.move(manager, payment, 'processing', cause, {
        providerPaymentIntentId: checkout.paymentIntentId,
        // A bank debit takes days: the reconciler looks again later, not at the session's expiry.
        nextCheckAt: new Date(Date.now() + this.config.payments.reconcileAfterMinutes * 60_000),
      });
      return result;
    }

    // Money moved. It counts only if it is exactly what this attempt asked for.
    const mismatch = describeMismatch(checkout, payment, order.currency);
    if (mismatch) {
      // The attempt ends (the order can be paid again or canceled); the money the provider took
      // stays there for a person to refund from its dashboard, which orderpay then records.
      const moneyTaken = { providerPaymentIntentId: checkout.paymentIntentId, ...receivedBy(checkout) };
      const ended = await this.move(manager, payment, 'failed', cause, {
        ...failure('needs_review', `Needs review: ${mismatch}`),
        ...moneyTaken,
        nextCheckAt: null,
      });
      // An attempt that had already ended (expired, canceled, failed) keeps its status, but what
      // the provider took is recorded all the same: its refunds are bounded by it, and its
      // refund and dispute events find it.
      const recorded = !ended && payment.providerPaymentIntentId === null;
      if (recorded) await manager.getRepository(Payment).update({ id: payment.id }, moneyTaken);
      // Once per mismatch: a copy of the event that finds it already recorded (and then rolls
      // back) would only page someone again.
      if (ended || recorded)
        this.logger.error(
          { orderId: order.id, paymentId: payment.id, sessionId: checkout.sessionId, mismatch },
          'Payment does not match its attempt: not counting it',
        );
      await this.orders.flag(manager, order.id, 'amount_mismatch', checkout.sessionId, {
        paymentId: payment.id,
        expectedAmount: payment.amount,
        expectedCurrency: payment.currency,
        receivedAmount: checkout.amountTotal,
        receivedCurrency: checkout.currency,
      });
      return result;
    }
    // What the order takes of it is known now (the order is locked), so the attempt's move
    // records it too: one statement fewer than recording it after the order's move.
    const { applied } = this.orders.paymentShare(order, payment.amount);
    const succeeded = await this.move(manager, payment, 'succeeded', cause, {
      // Matched through metadata before its session id was recorded: record it now.
      ...(payment.providerSessionId ? {} : { providerSessionId: checkout.sessionId }),
      providerPaymentIntentId: checkout.paymentIntentId,
      ...receivedBy(checkout),
      failureCode: null,
      failureReason: null,
      nextCheckAt: null,
      amountApplied: applied,
    });
    if (!succeeded) return result; // A repeat: this attempt already succeeded (or can no longer).
    const orderStatus = order.status;
    const { excess } = await this.orders.recordPayment(manager, order, payment.amount, cause);
    if (applied > 0)
      await this.refunds.recountOnOrder(manager, order, { ...payment, amountApplied: applied }, 0, cause);
    if (excess === 0) return result;
    // Money arrived that the order no longer waits for (canceled, or paid by other attempts
    // meanwhile): keep the record, give back what it did not take, and ask a person to look.
    this.logger.warn(
      { orderId: order.id, paymentId: payment.id, orderStatus, applied, excess },
      'Late payment: refunding what the order did not take',
    );
    const refund = await this.refunds.createExcessRefund(manager, payment, excess);
    await this.orders.flag(manager, order.id, 'late_payment', checkout.sessionId, {
      paymentId: payment.id,
      refundId: refund?.id ?? null,
      amount: payment.amount,
      applied,
      refunded: excess,
      currency: payment.currency,
      orderStatus,
    });
    return refund ? { ...result, refundsToSubmit: [refund.id] } : result;
  }

  /**
   * An approval left as it came (CheckoutCompletionService found nothing to take): its attempt was
   * closed before (replaced, canceled, expired), so the approved payment is never taken, or the
   * provider had nothing yet (the reconciler completes an open attempt later). Nothing changes.
   */
  async applyApproval(manager: EntityManager, checkout: CheckoutSnapshot): Promise<ApplyResult> {
    const payment = await manager.getRepository(Payment).findOne({
      where: { providerSessionId: checkout.sessionId },
      select: { id: true, orderId: true },
    });
    return payment ? { status: 'processed', orderId: payment.orderId } : { status: 'ignored' };
  }

  /** A customer disputed a charge: flag its order for an admin, with what the dispute says. */
  async applyDispute(manager: EntityManager, dispute: DisputeSnapshot): Promise<ApplyResult> {
    if (!dispute.paymentIntentId) return { status: 'ignored' };
    const payment = await this.references.paymentByIntent(manager, dispute.provider, dispute.paymentIntentId);
    if (!payment) return { status: 'ignored' };
    await this.orders.lockForUpdate(manager, payment.orderId);
    this.logger.warn(
      { orderId: payment.orderId, disputeId: dispute.disputeId, reason: dispute.reason },
      'Charge disputed',
    );
    await this.orders.flag(manager, payment.orderId, 'dispute', dispute.disputeId, {
      paymentId: payment.id,
      amount: dispute.amount,
      currency: dispute.currency,
      reason: dispute.reason,
      status: dispute.status,
    });
    return { status: 'processed', orderId: payment.orderId };
  }

  /**
   * Our attempt for this checkout, locked with its order in one statement: by session id, else by
   * the paymentId we put in its metadata, for an attempt of that order whose session id we have
   * not recorded yet.
   */
  private async lockAttempt(manager: EntityManager, checkout: CheckoutSnapshot) {
    const bySession = await this.orders.lockWith(manager, Payment, { providerSessionId: checkout.sessionId });
    const { paymentId, orderId } = checkout;
    if (bySession || !paymentId || !isUUID(paymentId) || !orderId || !isUUID(orderId)) return bySession;
    return this.orders.lockWith(manager, Payment, { id: paymentId, orderId, providerSessionId: null });
  }

  /** Applies a payment transition if the state machine allows it; a repeat or a stale event changes nothing. */
  private async move(
    manager: EntityManager,
    payment: Payment,
    to: PaymentStatus,
    cause: string,
    changes: Partial<Payment> = {},
  ): Promise<boolean> {
    if (!(await movePayment(manager, this.metrics, payment, to, cause, changes))) return false;
    payment.status = to;
    return true;
  }
}

/** What the provider took: stored as reported, so refunds of a mismatch are bounded by it. */
function receivedBy(checkout: CheckoutSnapshot): Pick<Payment, 'receivedAmount' | 'receivedCurrency'> {
  return { receivedAmount: checkout.amountTotal, receivedCurrency: checkout.currency?.toLowerCase() ?? null };
}

/** Why the provider's word does not match the attempt (its own amount and currency, the order's currency), or null. */
function describeMismatch(checkout: CheckoutSnapshot, payment: Payment, orderCurrency: string): string | null {
  if (checkout.amountTotal !== payment.amount) {
    return `amount ${checkout.amountTotal} received, ${payment.amount} expected`;
  }
  if (checkout.currency?.toLowerCase() !== payment.currency || payment.currency !== orderCurrency) {
    return `currency ${checkout.currency} received, ${payment.currency} expected`;
  }
  return null;
}

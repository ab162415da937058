import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { EntityManager } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { OrdersService } from '../orders/orders.service';
import { Payment } from './payment.entity';
import { canTransitionPayment, PaymentStatus } from './payment-status';
import type { CheckoutSnapshot, DisputeSnapshot } from './providers/payment-provider';
import { RefundsService } from './refunds.service';

export type CheckoutOutcome = 'completed' | 'async_payment_succeeded' | 'async_payment_failed' | 'expired';

export interface ApplyResult {
  /** `ignored`: the object is not one orderpay created (or knows). */
  status: 'processed' | 'ignored';
  orderId?: string;
  /** Refunds written in this transaction, to submit to the provider once it commits. */
  refundsToSubmit?: string[];
}

/**
 * Applies what the provider says about a checkout: the only code that marks an order paid.
 * Webhook handlers and the reconciler both call it, inside their own transaction, with the same
 * snapshot shape, so any order of arrival and any number of repeats end in the same state.
 */
@Injectable()
export class PaymentEventsService {
  private readonly logger = new Logger(PaymentEventsService.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly metrics: MetricsService,
  ) {}

  async applyCheckout(
    manager: EntityManager,
    checkout: CheckoutSnapshot,
    outcome: CheckoutOutcome,
    cause: string,
  ): Promise<ApplyResult> {
    const found = await this.findPayment(manager, checkout);
    if (!found) return { status: 'ignored' };
    // Lock order then payment, the same order every writer uses, so concurrent events cannot deadlock.
    const order = await this.orders.lockForUpdate(manager, found.orderId);
    const payment = await manager.getRepository(Payment).findOneOrFail({
      where: { id: found.id },
      lock: { mode: 'pessimistic_write' },
    });
    const result = { status: 'processed' as const, orderId: order.id };

    if (outcome === 'expired') {
      await this.move(manager, payment, 'expired');
      return result;
    }
    if (outcome === 'async_payment_failed') {
      await this.move(manager, payment, 'failed', {
        failureReason: 'The delayed payment failed (e.g. the bank debit bounced)',
      });
      return result;
    }
    if (outcome === 'completed' && checkout.paymentStatus === 'unpaid') {
      await this.move(manager, payment, 'processing', { providerPaymentIntentId: checkout.paymentIntentId });
      return result;
    }

    // Money moved. Pay the order only if it is exactly what the order asked for.
    const mismatch = describeMismatch(checkout, payment, order.totalAmount, order.currency);
    if (mismatch) {
      this.logger.error(
        { orderId: order.id, paymentId: payment.id, sessionId: checkout.sessionId, mismatch },
        'Payment does not match its order: not marking it paid',
      );
      // The attempt ends (the order can be paid again or canceled); the money Stripe took stays
      // there for a person to refund from the Dashboard, which orderpay then records.
      await this.move(manager, payment, 'failed', {
        failureReason: `Needs review: ${mismatch}`,
        providerPaymentIntentId: checkout.paymentIntentId,
      });
      await this.orders.flag(manager, order.id, 'amount_mismatch', checkout.sessionId, {
        paymentId: payment.id,
        expectedAmount: order.totalAmount,
        expectedCurrency: order.currency,
        receivedAmount: checkout.amountTotal,
        receivedCurrency: checkout.currency,
      });
      return result;
    }
    const succeeded = await this.move(manager, payment, 'succeeded', {
      // Matched through metadata before its session id was recorded: record it now.
      ...(payment.providerSessionId ? {} : { providerSessionId: checkout.sessionId }),
      providerPaymentIntentId: checkout.paymentIntentId,
      failureReason: null,
    });
    if (!succeeded) return result; // A repeat: this attempt already succeeded (or can no longer).
    const paid = await this.orders.transition(manager, order.id, 'pending', 'paid', cause, { paidAt: new Date() });
    if (paid) {
      await manager.getRepository(Payment).update({ id: payment.id }, { appliedToOrder: true });
      return result;
    }
    // Money arrived for an order that no longer waits for it (canceled, or paid by another
    // attempt): keep the record, give the money back in full, and ask a person to look.
    this.logger.warn(
      { orderId: order.id, paymentId: payment.id, orderStatus: order.status },
      'Late payment: refunding it in full',
    );
    const refund = await this.refunds.createFullRefund(manager, payment, 'late_payment', 'system:late_payment');
    await this.orders.flag(manager, order.id, 'late_payment', checkout.sessionId, {
      paymentId: payment.id,
      refundId: refund.id,
      amount: payment.amount,
      currency: payment.currency,
      orderStatus: order.status,
    });
    return { ...result, refundsToSubmit: [refund.id] };
  }

  /** A customer disputed a charge: flag its order for an admin, with what the dispute says. */
  async applyDispute(manager: EntityManager, dispute: DisputeSnapshot): Promise<ApplyResult> {
    if (!dispute.paymentIntentId) return { status: 'ignored' };
    const payment = await this.refunds.paymentByIntent(manager, dispute.provider, dispute.paymentIntentId);
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

  /** Our attempt for this checkout: by session id, else by the paymentId we put in its metadata. */
  private async findPayment(manager: EntityManager, checkout: CheckoutSnapshot): Promise<Payment | null> {
    const repository = manager.getRepository(Payment);
    const bySession = await repository.findOne({ where: { providerSessionId: checkout.sessionId } });
    if (bySession || !checkout.paymentId || !isUUID(checkout.paymentId)) return bySession;
    const byMetadata = await repository.findOne({ where: { id: checkout.paymentId } });
    // Only an attempt whose session id we have not recorded yet may be matched this way.
    return byMetadata && byMetadata.providerSessionId === null && byMetadata.orderId === checkout.orderId
      ? byMetadata
      : null;
  }

  /** Applies a payment transition if the state machine allows it; a repeat or a stale event changes nothing. */
  private async move(
    manager: EntityManager,
    payment: Payment,
    to: PaymentStatus,
    changes: Partial<Payment> = {},
  ): Promise<boolean> {
    if (!canTransitionPayment(payment.status, to)) return false;
    await manager.getRepository(Payment).update({ id: payment.id, status: payment.status }, { ...changes, status: to });
    this.metrics.paymentTransition(manager, payment.provider, payment.status, to);
    payment.status = to;
    return true;
  }
}

function describeMismatch(
  checkout: CheckoutSnapshot,
  payment: Payment,
  orderTotal: number,
  orderCurrency: string,
): string | null {
  if (checkout.amountTotal !== orderTotal || payment.amount !== orderTotal) {
    return `amount ${checkout.amountTotal} received, ${orderTotal} expected`;
  }
  if (checkout.currency?.toLowerCase() !== orderCurrency || payment.currency !== orderCurrency) {
    return `currency ${checkout.currency} received, ${orderCurrency} expected`;
  }
  return null;
}

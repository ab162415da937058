import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, ErrorCode, unprocessable } from '../../common/errors/domain-error';
import { formatMinor } from '../../common/money';
import { MetricsService } from '../../metrics/metrics.service';
import type { Order } from '../../orders/order.entity';
import { OrdersService } from '../../orders/orders.service';
import type { RequestRefundDto } from '../dto/refund.dto';
import { Payment } from '../payment.entity';
import type { RefundSnapshot } from '../providers/payment-provider';
import { PaymentReferencesService } from '../payment-references.service';
import { leftToRefund, received, refundablePayments } from './refund-ledger';
import { countedOnOrder, splitRefund, whyRefundCannotApply } from './refund-rules';
import { createRefund, moveRefund } from './refund-transitions';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { Refund, RefundReason, RefundStatus } from './refund.entity';

/** A refund the provider acknowledged is read back this long after, if its outcome has not arrived. */
const READ_BACK_AFTER_SECONDS = 10 * 60;

export interface RefundApplyResult {
  status: 'processed' | 'ignored';
  orderId?: string;
  /** Why an event about one of our payments could not be applied (kept on the inbox row). */
  reason?: string;
}

@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly references: PaymentReferencesService,
    private readonly metrics: MetricsService,
    private readonly providers: PaymentProviderRegistry,
  ) {}

  /**
   * An admin's refund of an order's payments, written under the order's lock so racing requests
   * never promise more than was paid: split over its payments, newest first, one refund each.
   * Their submission is leased to the caller for `leaseSeconds`.
   */
  async open(orderId: string, dto: RequestRefundDto, requestedBy: string, leaseSeconds: number): Promise<Refund[]> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lockForUpdate(manager, orderId);
      // A canceled order may still hold money: a refund its cancel wrote was refused afterwards.
      if (order.status === 'pending' || order.status === 'refunded') {
        throw conflict(
          ErrorCode.ORDER_NOT_REFUNDABLE,
          `Order ${orderId} is ${order.status}; only orders holding paid money can be refunded`,
        );
      }
      const payments = await refundablePayments(manager, orderId);
      const remaining = payments.reduce((sum, p) => sum + p.refundable, 0);
      if (remaining <= 0) {
        throw conflict(
          ErrorCode.ORDER_NOT_REFUNDABLE,
          `Order ${orderId} has nothing left to refund (refunds pending or done cover it)`,
        );
      }
      const amount = dto.amount ?? remaining;
      const parts = splitRefund(payments, amount);
      if (!parts) {
        throw unprocessable(
          ErrorCode.REFUND_EXCEEDS_REMAINING,
          `amount ${formatMinor(amount, order.currency)} is more than the ${formatMinor(remaining, order.currency)} left to refund`,
        );
      }
      for (const { payment, amount: partAmount } of parts) {
        const { provider, receivedCurrency } = payment.payment;
        // A part its provider cannot give back (PayPal: a fraction of a forint) is refused here,
        // not left to fail at submission.
        const problem = this.providers.get(provider).amountProblem(receivedCurrency ?? order.currency, [partAmount]);
        if (problem)
          throw unprocessable(
            ErrorCode.PAYMENT_METHOD_UNSUPPORTED,
            `Cannot refund ${formatMinor(partAmount, order.currency)} through ${provider}: ${problem}`,
          );
      }
      const refunds: Refund[] = [];
      for (const part of parts) {
        refunds.push(
          await this.write(
            manager,
            part.payment.payment,
            part.amount,
            dto.reason ?? 'requested_by_customer',
            requestedBy,
            {
              nextAttemptAt: new Date(Date.now() + leaseSeconds * 1000),
            },
          ),
        );
      }
      return refunds;
    });
  }

  /**
   * Everything of a payment not refunded yet, decided by the system inside the caller's
   * transaction (a payment that landed on an order no longer waiting for it, an order an admin
   * canceled). Submitted after that commits.
   */
  async createFullRefund(
    manager: EntityManager,
    payment: Payment,
    reason: RefundReason,
    requestedBy: string,
  ): Promise<Refund | null> {
    const remaining = await leftToRefund(manager, payment);
    return remaining > 0 ? this.write(manager, payment, remaining, reason, requestedBy) : null;
  }

  /**
   * The excess of a payment its order did not take in full, refunded by the system; less what
   * refunds of it already hold (one made in the dashboard before it was recorded). Null when they
   * hold it all.
   */
  async createExcessRefund(manager: EntityManager, payment: Payment, excess: number): Promise<Refund | null> {
    const amount = Math.min(excess, await leftToRefund(manager, payment));
    return amount > 0 ? this.write(manager, payment, amount, 'late_payment', 'system:late_payment') : null;
  }

  /**
   * A payment's part was just applied to its order (locked by the caller): refunds of it that
   * succeeded before (a dashboard refund settled before the payment was recorded) now count there.
   */
  async recountOnOrder(
    manager: EntityManager,
    order: Order,
    payment: Payment,
    appliedBefore: number,
    cause: string,
  ): Promise<void> {
    const facts = (applied: number) => ({ received: received(payment).amount, applied });
    const delta =
      countedOnOrder(facts(payment.amountApplied), payment.amountRefunded) -
      countedOnOrder(facts(appliedBefore), payment.amountRefunded);
    if (delta !== 0) await this.orders.recordRefunded(manager, order, delta, cause);
  }

  /** An admin canceled an order with money in it: every payment it took is refunded in full. Answers the refunds written. */
  async refundOrderPayments(manager: EntityManager, orderId: string, requestedBy: string): Promise<Refund[]> {
    const refunds: Refund[] = [];
    for (const { payment } of await refundablePayments(manager, orderId)) {
      const refund = await this.createFullRefund(manager, payment, 'order_canceled', requestedBy);
      if (refund) refunds.push(refund);
    }
    return refunds;
  }

  private write(
    manager: EntityManager,
    payment: Payment,
    amount: number,
    reason: RefundReason,
    requestedBy: string,
    extra: Partial<Pick<Refund, 'nextAttemptAt' | 'providerRefundId'>> = {},
  ): Promise<Refund> {
    return createRefund(
      manager,
      this.metrics,
      { paymentId: payment.id, orderId: payment.orderId, amount, reason, requestedBy, ...extra },
      requestedBy,
    );
  }

  /**
   * Applies what the provider says about a refund: from our submission's answer, a refund event,
   * or the reconciler. Refunds made in the provider's dashboard are recorded here too.
   */
  async apply(manager: EntityManager, snapshot: RefundSnapshot, cause: string): Promise<RefundApplyResult> {
    const payment = await this.paymentOf(manager, snapshot);
    if (!payment) return { status: 'ignored' };
    // Lock order, then payment, then refund: the order every writer uses.
    const order = await this.orders.lockForUpdate(manager, payment.orderId);
    const lockedPayment = await manager
      .getRepository(Payment)
      .findOneOrFail({ where: { id: payment.id }, lock: { mode: 'pessimistic_write' } });
    const target = toRefundStatus(snapshot.status);
    const known = await this.findRefund(manager, snapshot, lockedPayment);
    const counting = target === 'succeeded' && known?.status !== 'succeeded' ? (known?.amount ?? snapshot.amount) : 0;
    const impossible = whyRefundCannotApply(
      snapshot,
      { ...received(lockedPayment), amountRefunded: lockedPayment.amountRefunded },
      counting,
    );
    if (impossible) {
      // Checked before any row is written: a refund that can never apply leaves nothing behind.
      const reason = `Refund ${snapshot.providerRefundId} cannot apply: ${impossible}`;
      this.logger.error({ orderId: order.id, paymentId: payment.id, refundId: known?.id }, reason);
      return { status: 'ignored', orderId: order.id, reason };
    }
    const refund = known ?? (await this.recordOutsideRefund(manager, snapshot, lockedPayment));
    const moved =
      target !== null &&
      (await moveRefund(manager, this.metrics, refund, target, cause, {
        failureReason: target === 'failed' ? (snapshot.failureReason ?? 'failed at the provider') : null,
      }));
    if (!moved) return { status: 'processed', orderId: order.id };
    if (target === 'succeeded') await this.count(manager, order, lockedPayment, refund.amount, cause);
    if (target === 'failed' && refund.status === 'succeeded') {
      // Money we counted as returned came back to the shop: undo it and ask a person to look.
      this.logger.error({ orderId: order.id, refundId: refund.id }, 'A succeeded refund failed afterwards');
      await this.count(manager, order, lockedPayment, -refund.amount, cause);
      await this.orders.flag(manager, order.id, 'refund_failed', snapshot.providerRefundId, {
        refundId: refund.id,
        amount: refund.amount,
        failureReason: snapshot.failureReason,
      });
    }
    return { status: 'processed', orderId: order.id };
  }

  /**
   * Adds (or, for a reversal, removes) a refund's amount on its payment, and on its order the part
   * that counts there (refunds take a late or overpaying payment's excess first).
   */
  private async count(
    manager: EntityManager,
    order: Order,
    payment: Payment,
    amount: number,
    cause: string,
  ): Promise<void> {
    const before = payment.amountRefunded;
    await manager.getRepository(Payment).update({ id: payment.id }, { amountRefunded: before + amount });
    const facts = { received: received(payment).amount, applied: payment.amountApplied };
    const delta = countedOnOrder(facts, before + amount) - countedOnOrder(facts, before);
    if (delta !== 0) await this.orders.recordRefunded(manager, order, delta, cause);
  }

  /** A submission the provider refused: the refund never existed there, and its amount is free again. */
  async markFailed(refundId: string, reason: string): Promise<void> {
    await moveRefund(
      this.dataSource.manager,
      this.metrics,
      { id: refundId, status: 'pending' },
      'failed',
      'provider:refund_refused',
      { failureReason: reason.slice(0, 500) },
    );
  }

  /**
   * A refund the provider acknowledged but whose outcome has not arrived: read it back later,
   * less often as it ages (a few minutes at first, then up to every six hours).
   */
  async scheduleReadBack(refundId: string, createdAt: Date): Promise<void> {
    const ageSeconds = (Date.now() - createdAt.getTime()) / 1000;
    const delaySeconds = Math.round(Math.min(Math.max(ageSeconds / 2, READ_BACK_AFTER_SECONDS), 6 * 3600));
    await this.dataSource.query(
      `UPDATE refunds SET attempts = 0, next_attempt_at = now() + make_interval(secs => $2)
       WHERE id = $1 AND status = 'pending'`,
      [refundId, delaySeconds],
    );
  }

  /** Refunds of an order, newest first. */
  listForOrder(orderId: string): Promise<Refund[]> {
    return this.dataSource.getRepository(Refund).find({ where: { orderId }, order: { createdAt: 'DESC' } });
  }

  private async paymentOf(manager: EntityManager, snapshot: RefundSnapshot): Promise<Payment | null> {
    const refunds = manager.getRepository(Refund);
    const known =
      (await refunds.findOne({ where: { providerRefundId: snapshot.providerRefundId } })) ??
      (snapshot.refundId && isUUID(snapshot.refundId)
        ? await refunds.findOne({ where: { id: snapshot.refundId } })
        : null);
    if (known) return manager.getRepository(Payment).findOneBy({ id: known.paymentId });
    if (!snapshot.paymentIntentId) return null;
    return this.references.paymentByIntent(manager, snapshot.provider, snapshot.paymentIntentId);
  }

  /** Our row for this provider refund, by its id or by our id in its metadata (then linked to it); null if none. */
  private async findRefund(manager: EntityManager, snapshot: RefundSnapshot, payment: Payment): Promise<Refund | null> {
    const refunds = manager.getRepository(Refund);
    const byProviderId = await refunds.findOne({
      where: { providerRefundId: snapshot.providerRefundId },
      lock: { mode: 'pessimistic_write' },
    });
    if (byProviderId) return byProviderId;
    if (snapshot.refundId && isUUID(snapshot.refundId)) {
      const ours = await refunds.findOne({
        where: { id: snapshot.refundId, paymentId: payment.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (ours) {
        await refunds.update({ id: ours.id }, { providerRefundId: snapshot.providerRefundId });
        return { ...ours, providerRefundId: snapshot.providerRefundId };
      }
    }
    return null;
  }

  /** A refund made outside orderpay (the provider's dashboard), recorded when its first event arrives. */
  private recordOutsideRefund(manager: EntityManager, snapshot: RefundSnapshot, payment: Payment): Promise<Refund> {
    this.logger.log(
      { providerRefundId: snapshot.providerRefundId, paymentId: payment.id },
      'Recording a refund made outside orderpay',
    );
    return this.write(manager, payment, snapshot.amount, 'provider_dashboard', 'provider', {
      providerRefundId: snapshot.providerRefundId,
      // Its outcome normally arrives as an event; read it back only if that never comes.
      nextAttemptAt: new Date(Date.now() + READ_BACK_AFTER_SECONDS * 1000),
    });
  }
}

function toRefundStatus(status: RefundSnapshot['status']): RefundStatus | null {
  return status === 'requires_action' ? null : status;
}

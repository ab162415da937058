import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, ErrorCode, unprocessable } from '../common/errors/domain-error';
import { formatMinor } from '../common/money';
import { MetricsService, NEW } from '../metrics/metrics.service';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import type { RequestRefundDto } from './dto/refund.dto';
import { Payment } from './payment.entity';
import type { RefundSnapshot } from './providers/payment-provider';
import { PaymentReferencesService } from './payment-references.service';
import { whyRefundCannotApply } from './refund-rules';
import { Refund, REFUND_TRANSITIONS, RefundReason, RefundStatus } from './refund.entity';

/** Refunds that still hold part of the payment: a new refund may only take what they leave. */
const HOLDING_STATUSES: RefundStatus[] = ['pending', 'succeeded'];
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
  ) {}

  /**
   * An admin's refund of a paid order, written under the order's lock so racing requests never
   * promise more than was paid. Its submission is leased to the caller for `leaseSeconds`.
   */
  async open(orderId: string, dto: RequestRefundDto, requestedBy: string, leaseSeconds: number): Promise<Refund> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lockForUpdate(manager, orderId);
      if (order.status !== 'paid') {
        throw conflict(
          ErrorCode.ORDER_NOT_REFUNDABLE,
          `Order ${orderId} is ${order.status}; only paid orders can be refunded`,
        );
      }
      const payment = await manager.getRepository(Payment).findOneOrFail({ where: { orderId, appliedToOrder: true } });
      const remaining = received(payment).amount - (await this.heldAmount(manager, payment.id));
      const amount = dto.amount ?? remaining;
      if (remaining <= 0) {
        throw conflict(
          ErrorCode.ORDER_NOT_REFUNDABLE,
          `Order ${orderId} has nothing left to refund (refunds pending or done cover it)`,
        );
      }
      if (amount > remaining) {
        throw unprocessable(
          ErrorCode.REFUND_EXCEEDS_REMAINING,
          `amount ${formatMinor(amount, payment.currency)} is more than the ${formatMinor(remaining, payment.currency)} left to refund`,
        );
      }
      this.metrics.refundTransition(manager, NEW, 'pending');
      return manager.getRepository(Refund).save(
        manager.getRepository(Refund).create({
          paymentId: payment.id,
          orderId,
          amount,
          status: 'pending',
          reason: dto.reason ?? 'requested_by_customer',
          requestedBy,
          nextAttemptAt: new Date(Date.now() + leaseSeconds * 1000),
        }),
      );
    });
  }

  /**
   * A refund of the whole payment, decided by the system inside the caller's transaction (a
   * payment that landed on an order no longer waiting for it). Submitted after that commits.
   */
  async createFullRefund(
    manager: EntityManager,
    payment: Payment,
    reason: RefundReason,
    requestedBy: string,
  ): Promise<Refund> {
    const remaining = received(payment).amount - (await this.heldAmount(manager, payment.id));
    this.metrics.refundTransition(manager, NEW, 'pending');
    return manager.getRepository(Refund).save(
      manager.getRepository(Refund).create({
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: remaining,
        status: 'pending',
        reason,
        requestedBy,
      }),
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
    if (!target || !REFUND_TRANSITIONS[refund.status].includes(target))
      return { status: 'processed', orderId: order.id };
    await manager.getRepository(Refund).update(
      { id: refund.id, status: refund.status },
      {
        status: target,
        failureReason: target === 'failed' ? (snapshot.failureReason ?? 'failed at the provider') : null,
      },
    );
    this.metrics.refundTransition(manager, refund.status, target);
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

  /** Adds (or, for a reversal, removes) a refund's amount on its payment and, if it paid the order, the order. */
  private async count(
    manager: EntityManager,
    order: Order,
    payment: Payment,
    amount: number,
    cause: string,
  ): Promise<void> {
    await manager
      .getRepository(Payment)
      .update({ id: payment.id }, { amountRefunded: payment.amountRefunded + amount });
    if (!payment.appliedToOrder) return;
    const orderRefunded = order.amountRefunded + amount;
    if (order.status === 'paid' && orderRefunded >= order.totalAmount) {
      await this.orders.transition(manager, order.id, 'paid', 'refunded', cause, { amountRefunded: orderRefunded });
    } else if (order.status === 'refunded' && orderRefunded < order.totalAmount) {
      await this.orders.transition(manager, order.id, 'refunded', 'paid', cause, { amountRefunded: orderRefunded });
    } else {
      await this.orders.setAmountRefunded(manager, order.id, orderRefunded);
    }
  }

  /** A submission the provider refused: the refund never existed there, and its amount is free again. */
  async markFailed(refundId: string, reason: string): Promise<void> {
    const failed = await this.dataSource
      .getRepository(Refund)
      .update({ id: refundId, status: 'pending' }, { status: 'failed', failureReason: reason.slice(0, 500) });
    if (failed.affected) this.metrics.refundTransition(undefined, 'pending', 'failed');
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

  private async heldAmount(manager: EntityManager, paymentId: string): Promise<number> {
    const { sum } = await manager
      .getRepository(Refund)
      .createQueryBuilder('refund')
      .select('COALESCE(SUM(refund.amount), 0)::int', 'sum')
      .where('refund.payment_id = :paymentId AND refund.status IN (:...statuses)', {
        paymentId,
        statuses: HOLDING_STATUSES,
      })
      .getRawOne<{ sum: number }>()
      .then((row) => row ?? { sum: 0 });
    return sum;
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
    const refunds = manager.getRepository(Refund);
    this.logger.log(
      { providerRefundId: snapshot.providerRefundId, paymentId: payment.id },
      'Recording a refund made outside orderpay',
    );
    this.metrics.refundTransition(manager, NEW, 'pending');
    return refunds.save(
      refunds.create({
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: snapshot.amount,
        status: 'pending',
        providerRefundId: snapshot.providerRefundId,
        reason: 'provider_dashboard',
        requestedBy: 'provider',
        // Its outcome normally arrives as an event; read it back only if that never comes.
        nextAttemptAt: new Date(Date.now() + READ_BACK_AFTER_SECONDS * 1000),
      }),
    );
  }
}

/** What a refund may take from: what the provider received, which differs from what was asked only for a mismatch. */
function received(payment: Payment): { amount: number; currency: string } {
  return { amount: payment.receivedAmount ?? payment.amount, currency: payment.receivedCurrency ?? payment.currency };
}

function toRefundStatus(status: RefundSnapshot['status']): RefundStatus | null {
  return status === 'requires_action' ? null : status;
}

import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError, ErrorCode, unprocessable } from '../common/errors/domain-error';
import { formatMinor } from '../common/money';
import { MetricsService, NEW } from '../metrics/metrics.service';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import type { RequestRefundDto } from './dto/refund.dto';
import { Payment } from './payment.entity';
import type { RefundSnapshot } from './providers/payment-provider';
import { PaymentProviderRegistry } from './providers/payment-provider.registry';
import { ProviderError } from './providers/provider-errors';
import { whyRefundCannotApply } from './refund-rules';
import { Refund, REFUND_TRANSITIONS, RefundReason, RefundStatus } from './refund.entity';

/** Refunds that still hold part of the payment: a new refund may only take what they leave. */
const HOLDING_STATUSES: RefundStatus[] = ['pending', 'succeeded'];
const PROVIDER_REASONS: Partial<Record<RefundReason, 'duplicate' | 'fraudulent' | 'requested_by_customer'>> = {
  duplicate: 'duplicate',
  fraudulent: 'fraudulent',
  requested_by_customer: 'requested_by_customer',
};

/** A refund or dispute arrived before the payment's own success: retry it after that lands. */
export class PaymentNotRecordedYetError extends Error {
  constructor(paymentIntentId: string) {
    super(`Payment ${paymentIntentId} is ours but its success is not recorded yet; retry later`);
    this.name = 'PaymentNotRecordedYetError';
  }
}

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
    private readonly providers: PaymentProviderRegistry,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * An admin's refund of a paid order: the row is written under the order's lock (so racing
   * requests never promise more than was paid), then submitted to the provider.
   */
  async request(orderId: string, dto: RequestRefundDto, requestedBy: string): Promise<Refund> {
    const refund = await this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lockForUpdate(manager, orderId);
      if (order.status !== 'paid') {
        throw conflict(
          ErrorCode.ORDER_NOT_REFUNDABLE,
          `Order ${orderId} is ${order.status}; only paid orders can be refunded`,
        );
      }
      const payment = await manager.getRepository(Payment).findOneOrFail({ where: { orderId, appliedToOrder: true } });
      const remaining = payment.amount - (await this.heldAmount(manager, payment.id));
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
        }),
      );
    });
    return this.submit(refund.id, { throwOnRejection: true });
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
    const remaining = payment.amount - (await this.heldAmount(manager, payment.id));
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
   * Sends a pending refund to the provider. The refund's id is the idempotency key, so calling
   * this again (the reconciler does, for refunds the provider never acknowledged) refunds once.
   */
  async submit(refundId: string, options: { throwOnRejection?: boolean } = {}): Promise<Refund> {
    const refund = await this.dataSource
      .getRepository(Refund)
      .findOneOrFail({ where: { id: refundId }, relations: { payment: true } });
    if (refund.status !== 'pending' || refund.providerRefundId) return refund;
    const payment = refund.payment!;
    try {
      const snapshot = await this.providers.get(payment.provider).refund({
        refundId: refund.id,
        orderId: refund.orderId,
        paymentId: payment.id,
        paymentIntentId: payment.providerPaymentIntentId!,
        amount: refund.amount,
        reason: refund.reason ? PROVIDER_REASONS[refund.reason] : undefined,
        note: refund.reason ?? 'refund',
      });
      await this.dataSource.transaction((manager) => this.apply(manager, snapshot, 'provider:refund_created'));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.kind !== 'rejected') {
        // Unreachable (it may exist at the provider) or our credentials refused (fixable): stay
        // pending; the reconciler resubmits with the same idempotency key.
        const log = error.kind === 'misconfigured' ? 'error' : 'warn';
        this.logger[log]({ err: error, refundId }, 'Refund not acknowledged by the provider yet; will retry');
      } else {
        const failed = await this.dataSource
          .getRepository(Refund)
          .update(
            { id: refund.id, status: 'pending' },
            { status: 'failed', failureReason: error.message.slice(0, 500) },
          );
        if (failed.affected) this.metrics.refundTransition(undefined, 'pending', 'failed');
        if (options.throwOnRejection) {
          throw new DomainError(
            ErrorCode.PAYMENT_PROVIDER_ERROR,
            `The payment provider refused the refund: ${error.message}`,
            HttpStatus.BAD_GATEWAY,
          );
        }
      }
    }
    return this.dataSource.getRepository(Refund).findOneByOrFail({ id: refund.id });
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
    const impossible = whyRefundCannotApply(snapshot, lockedPayment, counting);
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

  /** Refunds of an order, newest first. */
  listForOrder(orderId: string): Promise<Refund[]> {
    return this.dataSource.getRepository(Refund).find({ where: { orderId }, order: { createdAt: 'DESC' } });
  }

  /** Pending refunds the provider never acknowledged (crash or outage after the row was written). */
  async unsubmittedBefore(cutoff: Date): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(Refund)
      .createQueryBuilder('refund')
      .select('refund.id', 'id')
      .where("refund.status = 'pending' AND refund.provider_refund_id IS NULL AND refund.created_at < :cutoff", {
        cutoff,
      })
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Pending refunds the provider acknowledged but whose outcome never reached us. */
  async unsettledBefore(cutoff: Date): Promise<Refund[]> {
    return this.dataSource
      .getRepository(Refund)
      .createQueryBuilder('refund')
      .innerJoinAndSelect('refund.payment', 'payment')
      .where("refund.status = 'pending' AND refund.provider_refund_id IS NOT NULL AND refund.updated_at < :cutoff", {
        cutoff,
      })
      .getMany();
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
    return this.paymentByIntent(manager, snapshot.provider, snapshot.paymentIntentId);
  }

  /**
   * The attempt a provider payment belongs to. When its success is not recorded yet (events in
   * another order), this throws so the provider retries the event later, instead of losing it.
   */
  async paymentByIntent(manager: EntityManager, provider: string, paymentIntentId: string): Promise<Payment | null> {
    const recorded = await manager
      .getRepository(Payment)
      .findOne({ where: { provider, providerPaymentIntentId: paymentIntentId } });
    if (recorded) return recorded;
    let reference: { paymentId: string | null };
    try {
      reference = await this.providers.get(provider).paymentReferenceOf(paymentIntentId);
    } catch (error) {
      // The provider does not know this payment (or refuses the id): it is not one of ours, and
      // no retry will change that. An outage still throws, so the event is retried.
      if (error instanceof ProviderError && error.kind === 'rejected') return null;
      throw error;
    }
    if (!reference.paymentId || !isUUID(reference.paymentId)) return null;
    if (!(await manager.getRepository(Payment).existsBy({ id: reference.paymentId, provider }))) return null;
    throw new PaymentNotRecordedYetError(paymentIntentId);
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
      }),
    );
  }
}

function toRefundStatus(status: RefundSnapshot['status']): RefundStatus | null {
  return status === 'requires_action' ? null : status;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../auth/jwt-payload';
import { conflict, ErrorCode } from '../../common/errors/domain-error';
import { MetricsService } from '../../metrics/metrics.service';
import { formatMinor } from '../../common/money';
import type { OrderDto } from '../../orders/dto/order.dto';
import type { Order } from '../../orders/order.entity';
import { OrdersService } from '../../orders/orders.service';
import { closeAttempt, failAbandonedAttempts } from './checkout-sessions';
import { Payment } from '../payment.entity';
import { ACTIVE_PAYMENT_STATUSES } from '../payment-status';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { RefundSubmissionService } from '../refunds/refund-submission.service';
import { RefundsService } from '../refunds/refunds.service';

/**
 * Cancelling an order that may have a checkout open: the session is closed at the provider
 * first, so a customer can never pay an order after it was canceled through this path. A
 * customer cancels only an order with no money in it; an admin also one partly paid, whose
 * payments are then refunded in full.
 */
@Injectable()
export class OrderCancellationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly providers: PaymentProviderRegistry,
    private readonly refunds: RefundsService,
    private readonly refundQueue: RefundSubmissionService,
    private readonly metrics: MetricsService,
  ) {}

  async cancelForUser(user: AuthUser, orderId: string): Promise<OrderDto> {
    const order = await this.orders.findOwned(user, orderId);
    // Checked before the session is closed, and again under the lock (a part may be paid meanwhile).
    assertNothingPaid(order);
    return this.cancel(orderId, `user:${user.id}`, { refundPayments: false });
  }

  /** An admin's cancel: what was paid is refunded, and the refunds say why and who asked. */
  cancelForAdmin(admin: AuthUser, orderId: string): Promise<OrderDto> {
    return this.cancel(orderId, `admin:${admin.id}`, { refundPayments: true });
  }

  private async cancel(orderId: string, cause: string, policy: { refundPayments: boolean }): Promise<OrderDto> {
    // A /pay may slip a new attempt in between closing and locking; each pass closes what it finds.
    for (let pass = 0; pass < 3; pass++) {
      await failAbandonedAttempts(this.dataSource.manager, this.metrics, cause, orderId);
      const active = await this.dataSource
        .getRepository(Payment)
        .find({ where: { orderId, status: In([...ACTIVE_PAYMENT_STATUSES]) } });
      for (const payment of active) await this.closeForCancel(payment, cause);
      const done = await this.dataSource.transaction(async (manager) => {
        const order = await this.orders.lockForUpdate(manager, orderId);
        const stillActive = await manager
          .getRepository(Payment)
          .count({ where: { orderId, status: In([...ACTIVE_PAYMENT_STATUSES]) } });
        if (stillActive > 0) return undefined;
        if (!policy.refundPayments) assertNothingPaid(order);
        const canceled = await this.orders.cancel(manager, order, cause);
        const refunds = policy.refundPayments ? await this.refunds.refundOrderPayments(manager, orderId, cause) : [];
        return { canceled, refunds: refunds.length };
      });
      if (done) {
        if (done.refunds > 0) this.refundQueue.kick();
        return done.canceled;
      }
    }
    throw conflict(ErrorCode.PAYMENT_IN_PROGRESS, `A payment for order ${orderId} is starting; try again`);
  }

  private async closeForCancel(payment: Payment, cause: string): Promise<void> {
    if (payment.status === 'processing') {
      throw conflict(
        ErrorCode.ORDER_NOT_CANCELABLE,
        `Order ${payment.orderId} has a payment being processed (e.g. a bank debit); it cannot be canceled until that ends`,
      );
    }
    if (payment.status === 'creating') {
      throw conflict(
        ErrorCode.PAYMENT_IN_PROGRESS,
        `A checkout for order ${payment.orderId} is being opened; try again`,
      );
    }
    const provider = this.providers.get(payment.provider);
    const outcome = await closeAttempt(this.dataSource.manager, this.metrics, provider, payment, 'canceled', cause);
    if (outcome === 'already_complete') {
      throw conflict(
        ErrorCode.ORDER_NOT_CANCELABLE,
        `The payment for order ${payment.orderId} has just completed; it is being recorded on the order`,
      );
    }
  }
}

function assertNothingPaid(order: Pick<Order, 'id' | 'status' | 'amountPaid' | 'currency'>): void {
  if (order.status === 'partially_paid') {
    throw conflict(
      ErrorCode.ORDER_HAS_PAYMENTS,
      `Order ${order.id} has ${formatMinor(order.amountPaid, order.currency)} paid; ` +
        'only the shop can cancel it (and refund what was paid)',
    );
  }
}

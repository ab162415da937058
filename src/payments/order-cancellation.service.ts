import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../auth/jwt-payload';
import { conflict, DomainError, ErrorCode } from '../common/errors/domain-error';
import { MetricsService } from '../metrics/metrics.service';
import type { OrderDto } from '../orders/dto/order.dto';
import { OrdersService } from '../orders/orders.service';
import { closeSession, failAbandonedAttempts } from './checkout.service';
import { endMissingSession, movePayment } from './payment-transitions';
import { Payment } from './payment.entity';
import { ACTIVE_PAYMENT_STATUSES } from './payment-status';
import { PaymentProviderRegistry } from './providers/payment-provider.registry';

/**
 * Cancelling an order that may have a checkout open: the session is expired at the provider
 * first, so a customer can never pay an order after it was canceled through this path.
 */
@Injectable()
export class OrderCancellationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly providers: PaymentProviderRegistry,
    private readonly metrics: MetricsService,
  ) {}

  async cancelForUser(user: AuthUser, orderId: string): Promise<OrderDto> {
    await this.orders.findOwned(user, orderId);
    return this.cancel(orderId, `user:${user.id}`);
  }

  /** Also the admin's cancel: `cause` says who asked. */
  async cancel(orderId: string, cause: string): Promise<OrderDto> {
    // A /pay may slip a new attempt in between expiring and locking; each pass expires what it finds.
    for (let pass = 0; pass < 3; pass++) {
      await failAbandonedAttempts(this.dataSource.manager, this.metrics, orderId);
      const active = await this.dataSource
        .getRepository(Payment)
        .find({ where: { orderId, status: In([...ACTIVE_PAYMENT_STATUSES]) } });
      for (const payment of active) await this.closeAttempt(payment);
      const done = await this.dataSource.transaction(async (manager) => {
        await this.orders.lockForUpdate(manager, orderId);
        const stillActive = await manager
          .getRepository(Payment)
          .count({ where: { orderId, status: In([...ACTIVE_PAYMENT_STATUSES]) } });
        return stillActive === 0 ? await this.orders.cancel(manager, orderId, cause) : undefined;
      });
      if (done) return done;
    }
    throw conflict(ErrorCode.PAYMENT_IN_PROGRESS, `A payment for order ${orderId} is starting; try again`);
  }

  private async closeAttempt(payment: Payment): Promise<void> {
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
    const outcome = await closeSession(this.providers.get(payment.provider), payment);
    if (outcome === 'already_complete') {
      throw new DomainError(
        ErrorCode.ORDER_NOT_CANCELABLE,
        `The payment for order ${payment.orderId} has just completed; the order is being marked paid`,
        HttpStatus.CONFLICT,
      );
    }
    // A session the provider no longer knows cannot be paid: it ends, and the cancel goes on.
    if (outcome === 'missing') await endMissingSession(this.dataSource.manager, this.metrics, payment);
    else await movePayment(this.dataSource.manager, this.metrics, payment, 'canceled', { nextCheckAt: null });
  }
}

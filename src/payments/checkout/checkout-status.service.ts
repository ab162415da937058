import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ErrorCode, notFound } from '../../common/errors/domain-error';
import { OrdersService } from '../../orders/orders.service';
import { describeCheckout } from './checkout-status';
import { CheckoutStatusDto } from '../dto/checkout-status.dto';
import { Payment } from '../payment.entity';

/**
 * The public read behind the return pages. The Checkout Session id in the success URL is the
 * capability (unguessable, known to the customer who was sent back with it, as in Stripe's own
 * success-page guide); it must also belong to the given order. Unknown and mismatching pairs
 * answer the same 404, so neither id can be probed with the other.
 */
@Injectable()
export class CheckoutStatusService {
  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly orders: OrdersService,
  ) {}

  async forSession(sessionId: string, orderId: string): Promise<CheckoutStatusDto> {
    const payment = await this.payments.findOne({
      where: { providerSessionId: sessionId },
      select: { id: true, orderId: true, status: true, expiresAt: true, amount: true },
    });
    const order = payment?.orderId === orderId ? await this.orders.publicSummary(orderId) : null;
    if (!payment || !order) throw notFound(ErrorCode.CHECKOUT_SESSION_NOT_FOUND, 'No such checkout for this order');
    const view = describeCheckout({
      orderStatus: order.status,
      paymentStatus: payment.status,
      expiresAt: payment.expiresAt,
    });
    // The checkout's own amount: a part of the order when it pays a deposit or the balance.
    return { ...view, orderStatus: order.status, amount: payment.amount, currency: order.currency };
  }
}

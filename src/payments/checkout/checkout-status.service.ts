import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ErrorCode, notFound } from '../../common/errors/domain-error';
import { OrdersService } from '../../orders/orders.service';
import { describeCheckout } from './checkout-status';
import { CheckoutStatusDto } from '../dto/checkout-status.dto';
import { Payment } from '../payment.entity';
import { CheckoutCompletionService } from './checkout-completion.service';
import { isUUID } from 'class-validator';

/**
 * The public read behind the return pages. The checkout id in the success URL is the
 * capability (unguessable, known to the customer who was sent back with it, as in Stripe's own
 * success-page guide); it must also belong to the given order. Unknown and mismatching pairs
 * answer the same 404, so neither id can be probed with the other.
 */
@Injectable()
export class CheckoutStatusService {
  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly orders: OrdersService,
    private readonly completion: CheckoutCompletionService,
  ) {}

  /**
   * `checkoutId`: the provider's session id, or the attempt's id where the provider could not put
   * its own in the return URL (both unguessable, and both known to the customer sent back with
   * them). The customer is back from the provider: an approved payment the merchant must take
   * (PayPal) is taken now, so the page can say "paid" without waiting for the webhook.
   */
  async forSession(checkoutId: string, orderId: string): Promise<CheckoutStatusDto> {
    let payment = await this.find(checkoutId);
    if (payment?.orderId === orderId && payment.status === 'open' && (await this.completion.onReturn(payment)))
      payment = await this.find(checkoutId);
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

  private find(checkoutId: string): Promise<Payment | null> {
    return this.payments.findOne({
      where: isUUID(checkoutId) ? { id: checkoutId } : { providerSessionId: checkoutId },
      select: {
        id: true,
        orderId: true,
        provider: true,
        status: true,
        providerSessionId: true,
        expiresAt: true,
        amount: true,
      },
    });
  }
}

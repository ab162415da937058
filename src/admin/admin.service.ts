import { Injectable } from '@nestjs/common';
import { OrdersService } from '../orders/orders.service';
import { RefundDto } from '../payments/dto/refund.dto';
import { PaymentsService } from '../payments/payments.service';
import { RefundsService } from '../payments/refunds/refunds.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import type { AdminOrderDetailDto } from './dto/admin-order-detail.dto';

/** Composes one order's whole story from the modules that own each part. */
@Injectable()
export class AdminService {
  constructor(
    private readonly orders: OrdersService,
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
    private readonly webhooks: WebhooksService,
  ) {}

  async orderDetail(orderId: string): Promise<AdminOrderDetailDto> {
    const order = await this.orders.getForAdmin(orderId);
    const [payments, refunds, webhookEvents] = await Promise.all([
      this.payments.listForOrder(orderId),
      this.refunds.listForOrder(orderId),
      this.webhooks.listForOrder(orderId),
    ]);
    return { ...order, payments, refunds: refunds.map((refund) => RefundDto.from(refund)), webhookEvents };
  }
}

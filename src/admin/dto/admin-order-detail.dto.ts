import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { AdminOrderHistoryDto } from '../../orders/dto/admin-order.dto';
import { AdminPaymentDto } from '../../payments/dto/pay-order.dto';
import { RefundDto } from '../../payments/dto/refund.dto';
import { WebhookEventDto } from '../../webhooks/dto/webhook-event.dto';

/** One order and everything that happened to it: what an admin needs to answer a customer. */
@ApiSchema({ name: 'AdminOrderDetail' })
export class AdminOrderDetailDto extends AdminOrderHistoryDto {
  @ApiProperty({ type: [AdminPaymentDto], description: 'Payment attempts, oldest first' })
  payments!: AdminPaymentDto[];

  @ApiProperty({ type: [RefundDto], description: 'Refunds, newest first' })
  refunds!: RefundDto[];

  @ApiProperty({ type: [WebhookEventDto], description: 'Provider events about this order, oldest first' })
  webhookEvents!: WebhookEventDto[];
}

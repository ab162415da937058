import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { AdminOrderHistoryDto } from '../../orders/dto/admin-order.dto';
import { ORDER_EXAMPLE } from '../../orders/dto/order.dto';
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

const ORDER_ID = ORDER_EXAMPLE.id;
const PAYMENT_ID = '6f1c2a8e-4b1d-4d7a-9a55-0c1f3e2b7d10';

/** One story told consistently: an order of 25.98 USD paid through Stripe, then 5.00 refunded. */
export const ADMIN_ORDER_DETAIL_EXAMPLE = {
  ...ORDER_EXAMPLE,
  status: 'paid',
  amountPaid: 2598,
  amountDue: 0,
  amountRefunded: 500,
  paidAt: '2026-11-30T14:07:12.880Z',
  userId: 'a4d2f1e0-3b5c-4d6e-8f70-91a2b3c4d5e6',
  userEmail: 'ada@example.com',
  flags: [],
  auditTrail: [
    {
      fromStatus: 'pending',
      toStatus: 'paid',
      cause: 'stripe_event:evt_1Nk5aB2eZvKYlo2C0a1b2c3d',
      amountPaid: 2598,
      amountRefunded: 0,
      at: '2026-11-30T14:07:12.880Z',
    },
    {
      fromStatus: 'paid',
      toStatus: 'paid',
      cause: 'stripe_event:evt_1Nk5cD2eZvKYlo2C4e5f6a7b',
      amountPaid: 2598,
      amountRefunded: 500,
      at: '2026-11-30T15:10:03.215Z',
    },
  ],
  payments: [
    {
      id: PAYMENT_ID,
      provider: 'stripe',
      status: 'succeeded',
      amount: 2598,
      currency: 'usd',
      amountRefunded: 500,
      checkoutUrl: null,
      expiresAt: '2026-11-30T14:35:09.456Z',
      failureCode: null,
      failureMessage: null,
      createdAt: '2026-11-30T14:05:09.456Z',
      failureReason: null,
      receivedAmount: 2598,
      receivedCurrency: 'usd',
      amountApplied: 2598,
    },
  ],
  refunds: [
    {
      id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      paymentId: PAYMENT_ID,
      amount: 500,
      status: 'succeeded',
      reason: 'requested_by_customer',
      requestedBy: 'user:0d1e2f3a-4b5c-4d6e-9f80-a1b2c3d4e5f6',
      providerRefundId: 're_3Nk5bC2eZvKYlo2C1x2y3z4w',
      failureReason: null,
      createdAt: '2026-11-30T15:09:58.002Z',
    },
  ],
  webhookEvents: [
    {
      id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
      provider: 'stripe',
      eventId: 'evt_1Nk5aB2eZvKYlo2C0a1b2c3d',
      type: 'checkout.session.completed',
      status: 'processed',
      orderId: ORDER_ID,
      attempts: 1,
      lastError: null,
      receivedAt: '2026-11-30T14:07:12.851Z',
      processedAt: '2026-11-30T14:07:12.880Z',
    },
    {
      id: 'f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b6c',
      provider: 'stripe',
      eventId: 'evt_1Nk5cD2eZvKYlo2C4e5f6a7b',
      type: 'refund.updated',
      status: 'processed',
      orderId: ORDER_ID,
      attempts: 1,
      lastError: null,
      receivedAt: '2026-11-30T15:10:03.190Z',
      processedAt: '2026-11-30T15:10:03.215Z',
    },
  ],
} satisfies Record<keyof AdminOrderDetailDto, unknown>;

import { ApiProperty } from '@nestjs/swagger';
import type { OrderItem } from '../order-item.entity';
import { amountDue as computeAmountDue } from '../order-amounts';
import { ORDER_STATUSES, type OrderStatus } from '../order-status';
import type { Order } from '../order.entity';

export class OrderItemDto {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ example: 'Blue mug', description: 'The product name when the order was placed' })
  name!: string;

  @ApiProperty({ example: 1299, description: 'The unit price when the order was placed, in minor units' })
  unitAmount!: number;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 2598 })
  lineTotal!: number;

  static from(item: OrderItem): OrderItemDto {
    const { productId, name, unitAmount, quantity, lineTotal } = item;
    return { productId, name, unitAmount, quantity, lineTotal };
  }
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'pending' })
  status!: OrderStatus;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ example: 2598, description: 'Minor units' })
  totalAmount!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Minor units paid so far: the parts its payments brought (a deposit, the balance)',
  })
  amountPaid!: number;

  @ApiProperty({
    type: 'integer',
    example: 2598,
    description:
      'Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, ' +
      'partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.',
  })
  amountDue!: number;

  @ApiProperty({ example: 0, description: 'Minor units refunded so far' })
  amountRefunded!: number;

  @ApiProperty({ type: [OrderItemDto] })
  items!: OrderItemDto[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the whole total was paid' })
  paidAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  canceledAt!: Date | null;

  static from(order: Order): OrderDto {
    const items = [...(order.items ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((item) => OrderItemDto.from(item));
    const { id, status, currency, totalAmount, amountPaid, amountRefunded, createdAt, paidAt, canceledAt } = order;
    const amountDue = computeAmountDue(order);
    return {
      id,
      status,
      currency,
      totalAmount,
      amountPaid,
      amountDue,
      amountRefunded,
      items,
      createdAt,
      paidAt,
      canceledAt,
    };
  }
}

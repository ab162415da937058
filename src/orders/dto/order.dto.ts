import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { OrderItem } from '../order-item.entity';
import { amountDue as computeAmountDue } from '../order-amounts';
import { ORDER_STATUSES, type OrderStatus } from '../order-status';
import type { Order } from '../order.entity';
import { COUNT, CURRENCY, MINOR_UNITS, TIMESTAMP, UUID } from '../../common/dto/api-fields';

/** An order's status, a named enum in the document. */
export const ORDER_STATUS = { enum: ORDER_STATUSES, enumName: 'OrderStatus' } as const;

@ApiSchema({ name: 'OrderItem' })
export class OrderItemDto {
  @ApiProperty(UUID)
  productId!: string;

  @ApiProperty({ example: 'Blue mug', description: 'The product name when the order was placed' })
  name!: string;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 1299,
    description: 'The unit price when the order was placed, in minor units',
  })
  unitAmount!: number;

  @ApiProperty({ ...COUNT, minimum: 1, example: 2 })
  quantity!: number;

  @ApiProperty({ ...MINOR_UNITS, example: 2598, description: 'unitAmount × quantity, in minor units' })
  lineTotal!: number;

  static from(item: OrderItem): OrderItemDto {
    const { productId, name, unitAmount, quantity, lineTotal } = item;
    return { productId, name, unitAmount, quantity, lineTotal };
  }
}

@ApiSchema({ name: 'Order' })
export class OrderDto {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ ...ORDER_STATUS, example: 'pending' })
  status!: OrderStatus;

  @ApiProperty(CURRENCY)
  currency!: string;

  @ApiProperty({ ...MINOR_UNITS, example: 2598, description: 'The sum of the line totals, in minor units' })
  totalAmount!: number;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 0,
    description: 'Minor units paid so far: the parts its payments brought (a deposit, the balance)',
  })
  amountPaid!: number;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 2598,
    description:
      'Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, ' +
      'partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.',
  })
  amountDue!: number;

  @ApiProperty({ ...MINOR_UNITS, example: 0, description: 'Minor units refunded so far' })
  amountRefunded!: number;

  @ApiProperty({ type: [OrderItemDto] })
  items!: OrderItemDto[];

  @ApiProperty(TIMESTAMP)
  createdAt!: Date;

  @ApiProperty({ ...TIMESTAMP, nullable: true, example: null, description: 'When the whole total was paid' })
  paidAt!: Date | null;

  @ApiProperty({ ...TIMESTAMP, nullable: true, example: null })
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

/** An order of two 12.99 USD mugs, as the document's examples show it before anything happened to it. */
export const ORDER_EXAMPLE = {
  id: '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
  status: 'pending',
  currency: 'usd',
  totalAmount: 2598,
  amountPaid: 0,
  amountDue: 2598,
  amountRefunded: 0,
  items: [
    {
      productId: '9b2e4c1a-7d3f-4e8a-b5c6-1d2e3f4a5b6c',
      name: 'Blue mug',
      unitAmount: 1299,
      quantity: 2,
      lineTotal: 2598,
    },
  ],
  createdAt: '2026-11-30T14:05:09.123Z',
  paidAt: null as string | null,
  canceledAt: null as string | null,
} satisfies Record<keyof OrderDto, unknown>;

/** The same order, canceled by its customer before paying: what the cancel routes answer. */
export const CANCELED_ORDER_EXAMPLE = {
  ...ORDER_EXAMPLE,
  status: 'canceled',
  amountDue: 0,
  canceledAt: '2026-11-30T14:20:41.507Z',
};

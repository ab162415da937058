import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, MaxDate, MinDate } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import { PaginationQueryDto } from '../../common/dto/pagination.dto';
import { ORDER_FLAG_KINDS, type OrderFlag, type OrderFlagKind } from '../order-flag.entity';
import type { OrderEvent } from '../order-event.entity';
import { ORDER_STATUSES, type OrderStatus } from '../order-status';
import type { Order } from '../order.entity';
import { ORDER_STATUS, OrderDto } from './order.dto';
import { MINOR_UNITS, TIMESTAMP, UUID } from '../../common/dto/api-fields';

/** Dates PostgreSQL and people both handle; outside them a filter is a typo. */
const EARLIEST = new Date('2000-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T00:00:00Z');

export class AdminOrdersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional(ORDER_STATUS)
  @IsOptionalNotNull()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only orders flagged for review (mismatch, late payment, dispute); false: only the others',
  })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'flagged must be true or false' })
  flagged?: boolean;

  @ApiPropertyOptional({ ...TIMESTAMP, description: 'Created at or after' })
  @IsOptionalNotNull()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO 8601 date' })
  @MinDate(EARLIEST, { message: 'from must be after 2000-01-01' })
  @MaxDate(LATEST, { message: 'from must be before 9999-12-31' })
  from?: Date;

  @ApiPropertyOptional({ ...TIMESTAMP, description: 'Created before' })
  @IsOptionalNotNull()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO 8601 date' })
  @MinDate(EARLIEST, { message: 'to must be after 2000-01-01' })
  @MaxDate(LATEST, { message: 'to must be before 9999-12-31' })
  to?: Date;
}

@ApiSchema({ name: 'OrderFlag' })
export class OrderFlagDto {
  @ApiProperty({ enum: ORDER_FLAG_KINDS, enumName: 'OrderFlagKind', example: 'dispute' })
  kind!: OrderFlagKind;

  @ApiProperty({ example: 'du_1Nk…', description: 'The provider object the flag is about' })
  reference!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { amount: 2598, reason: 'fraudulent', status: 'needs_response' },
    description: 'What the provider said, by kind of flag',
  })
  details!: Record<string, unknown>;

  @ApiProperty(TIMESTAMP)
  createdAt!: Date;

  static from(flag: OrderFlag): OrderFlagDto {
    const { kind, reference, details, createdAt } = flag;
    return { kind, reference, details, createdAt };
  }
}

@ApiSchema({ name: 'AuditEntry' })
export class AuditEntryDto {
  @ApiProperty({ ...ORDER_STATUS, example: 'pending' })
  fromStatus!: OrderStatus;

  @ApiProperty({ ...ORDER_STATUS, example: 'paid' })
  toStatus!: OrderStatus;

  @ApiProperty({
    example: 'stripe_event:evt_1Nk…',
    description: 'user:<id>, admin:<id>, stripe_event:<id>, paypal_event:<id> or reconciler',
  })
  cause!: string;

  @ApiProperty({
    ...MINOR_UNITS,
    nullable: true,
    example: 3600,
    description: 'The order’s amountPaid after this change (null on entries older than partial payments)',
  })
  amountPaid!: number | null;

  @ApiProperty({
    ...MINOR_UNITS,
    nullable: true,
    example: 0,
    description: 'The order’s amountRefunded after this change',
  })
  amountRefunded!: number | null;

  @ApiProperty(TIMESTAMP)
  at!: Date;

  static from(event: OrderEvent): AuditEntryDto {
    const { fromStatus, toStatus, cause, amountPaid, amountRefunded, at } = event;
    return { fromStatus, toStatus, cause, amountPaid, amountRefunded, at };
  }
}

@ApiSchema({ name: 'AdminOrderSummary' })
export class AdminOrderSummaryDto extends OrderDto {
  @ApiProperty(UUID)
  userId!: string;

  @ApiProperty({ example: 'ada@example.com' })
  userEmail!: string;

  @ApiProperty({ type: [OrderFlagDto] })
  flags!: OrderFlagDto[];

  static fromAdmin(order: Order, flags: OrderFlag[]): AdminOrderSummaryDto {
    return {
      ...OrderDto.from(order),
      userId: order.userId,
      // Stryker disable next-line OptionalChaining: every caller joins the user; the guard only keeps a future one from throwing
      userEmail: order.user?.email ?? '',
      flags: flags.map((flag) => OrderFlagDto.from(flag)),
    };
  }
}

@ApiSchema({ name: 'AdminOrderHistory' })
export class AdminOrderHistoryDto extends AdminOrderSummaryDto {
  @ApiProperty({
    type: [AuditEntryDto],
    description: 'Every change of status or of the paid and refunded amounts, oldest first',
  })
  auditTrail!: AuditEntryDto[];
}

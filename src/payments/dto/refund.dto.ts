import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import { MAXIMUM_CHARGE } from '../../common/money';
import {
  REFUND_REASONS,
  REFUND_STATUSES,
  type Refund,
  type RefundReason,
  type RefundStatus,
} from '../refunds/refund.entity';

const ADMIN_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;

export class RequestRefundDto {
  @ApiPropertyOptional({
    example: 500,
    minimum: 1,
    description: 'Minor units; absent refunds everything not yet refunded',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'amount must be a whole number of minor units (cents)' })
  @Min(1, { message: 'amount must be at least 1' })
  @Max(MAXIMUM_CHARGE)
  amount?: number;

  @ApiPropertyOptional({ enum: ADMIN_REASONS, default: 'requested_by_customer' })
  @IsOptionalNotNull()
  @IsIn(ADMIN_REASONS)
  reason?: (typeof ADMIN_REASONS)[number];
}

/** One provider refund of one payment, as part of an admin's refund. */
export class RefundPartDto {
  @ApiProperty({ format: 'uuid' })
  refundId!: string;

  @ApiProperty({ format: 'uuid', description: 'The payment it gives money back from' })
  paymentId!: string;

  @ApiProperty({ enum: REFUND_STATUSES, example: 'pending' })
  status!: RefundStatus;

  @ApiProperty({ type: 'integer', example: 500 })
  amount!: number;

  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the provider refused it' })
  failureReason!: string | null;

  static from(refund: Refund): RefundPartDto {
    const { id, paymentId, status, amount, failureReason } = refund;
    return { refundId: id, paymentId, status, amount, failureReason };
  }
}

export class RefundAcceptedDto {
  @ApiProperty({ type: 'integer', example: 500, description: 'The whole refund, in minor units' })
  amount!: number;

  @ApiProperty({
    type: [RefundPartDto],
    description: 'One refund per payment it takes from, newest payment first (an order paid in parts has several)',
  })
  refunds!: RefundPartDto[];

  static from(refunds: Refund[]): RefundAcceptedDto {
    return {
      amount: refunds.reduce((sum, r) => sum + r.amount, 0),
      refunds: refunds.map((r) => RefundPartDto.from(r)),
    };
  }
}

export class RefundDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  paymentId!: string;

  @ApiProperty({ example: 500 })
  amount!: number;

  @ApiProperty({ enum: REFUND_STATUSES })
  status!: RefundStatus;

  @ApiProperty({ enum: REFUND_REASONS, nullable: true })
  reason!: RefundReason | null;

  @ApiProperty({
    example: 'user:3f1c…',
    description: 'user:<id> or admin:<id>, system:late_payment or provider (dashboard)',
  })
  requestedBy!: string;

  @ApiProperty({ nullable: true, type: String, example: 're_3Nk…' })
  providerRefundId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  failureReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  static from(refund: Refund): RefundDto {
    const { id, paymentId, amount, status, reason, requestedBy, providerRefundId, failureReason, createdAt } = refund;
    return { id, paymentId, amount, status, reason, requestedBy, providerRefundId, failureReason, createdAt };
  }
}

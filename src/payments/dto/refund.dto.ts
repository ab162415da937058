import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import { MAXIMUM_CHARGE } from '../../common/money';
import { REFUND_REASONS, REFUND_STATUSES, type Refund, type RefundReason, type RefundStatus } from '../refund.entity';

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

export class RefundAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  refundId!: string;

  @ApiProperty({ enum: REFUND_STATUSES, example: 'pending' })
  status!: RefundStatus;

  @ApiProperty({ example: 500 })
  amount!: number;

  static from(refund: Refund): RefundAcceptedDto {
    return { refundId: refund.id, status: refund.status, amount: refund.amount };
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

  @ApiProperty({ example: 'user:3f1c…', description: 'user:<id>, system:late_payment or provider (dashboard)' })
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

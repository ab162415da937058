import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
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
import { MINOR_UNITS, TIMESTAMP, UUID } from '../../common/dto/api-fields';

const REFUND_STATUS = { enum: REFUND_STATUSES, enumName: 'RefundStatus' } as const;

const ADMIN_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;

@ApiSchema({ name: 'RefundRequest' })
export class RequestRefundDto {
  @ApiPropertyOptional({
    ...MINOR_UNITS,
    example: 500,
    minimum: 1,
    maximum: MAXIMUM_CHARGE,
    description: 'Minor units; absent refunds everything not yet refunded',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'amount must be a whole number of minor units (cents)' })
  @Min(1, { message: 'amount must be at least 1' })
  @Max(MAXIMUM_CHARGE)
  amount?: number;

  @ApiPropertyOptional({ enum: ADMIN_REASONS, enumName: 'AdminRefundReason', default: 'requested_by_customer' })
  @IsOptionalNotNull()
  @IsIn(ADMIN_REASONS)
  reason?: (typeof ADMIN_REASONS)[number];
}

/** One provider refund of one payment, as part of an admin's refund. */
@ApiSchema({ name: 'RefundPart' })
export class RefundPartDto {
  @ApiProperty(UUID)
  refundId!: string;

  @ApiProperty({ ...UUID, description: 'The payment it gives money back from' })
  paymentId!: string;

  @ApiProperty({ ...REFUND_STATUS, example: 'pending' })
  status!: RefundStatus;

  @ApiProperty({ ...MINOR_UNITS, example: 500, description: 'Given back from this payment, in minor units' })
  amount!: number;

  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the provider refused it' })
  failureReason!: string | null;

  static from(refund: Refund): RefundPartDto {
    const { id, paymentId, status, amount, failureReason } = refund;
    return { refundId: id, paymentId, status, amount, failureReason };
  }
}

@ApiSchema({ name: 'RefundAccepted' })
export class RefundAcceptedDto {
  @ApiProperty({ ...MINOR_UNITS, example: 500, description: 'The whole refund, in minor units' })
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

@ApiSchema({ name: 'Refund' })
export class RefundDto {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty(UUID)
  paymentId!: string;

  @ApiProperty({ ...MINOR_UNITS, example: 500 })
  amount!: number;

  @ApiProperty({ ...REFUND_STATUS, example: 'succeeded' })
  status!: RefundStatus;

  @ApiProperty({ type: String, enum: [...REFUND_REASONS, null], nullable: true, example: 'requested_by_customer' })
  reason!: RefundReason | null;

  @ApiProperty({
    example: 'user:3f1c…',
    description:
      'user:<id> (the admin who asked, or whose cancel refunded it), system:late_payment, or provider (made in its dashboard)',
  })
  requestedBy!: string;

  @ApiProperty({ nullable: true, type: String, example: 're_3Nk…' })
  providerRefundId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  failureReason!: string | null;

  @ApiProperty(TIMESTAMP)
  createdAt!: Date;

  static from(refund: Refund): RefundDto {
    const { id, paymentId, amount, status, reason, requestedBy, providerRefundId, failureReason, createdAt } = refund;
    return { id, paymentId, amount, status, reason, requestedBy, providerRefundId, failureReason, createdAt };
  }
}

import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { COUNT, UUID } from '../../common/dto/api-fields';
import { PAYMENT_STATUS } from '../../payments/dto/pay-order.dto';
import type { PaymentStatus } from '../../payments/payment-status';
import type { ReconcileChange, ReconcileReport } from '../../payments/reconciliation/reconciler.service';

@ApiSchema({ name: 'ReconcileChange' })
export class ReconcileChangeDto implements ReconcileChange {
  @ApiProperty(UUID)
  paymentId!: string;

  @ApiProperty(UUID)
  orderId!: string;

  @ApiProperty({ ...PAYMENT_STATUS, example: 'open' })
  from!: PaymentStatus;

  @ApiProperty({ ...PAYMENT_STATUS, example: 'succeeded' })
  to!: PaymentStatus;
}

/** What one reconciler run read and changed. */
@ApiSchema({ name: 'ReconcileReport' })
export class ReconcileReportDto implements ReconcileReport {
  @ApiProperty({ example: true, description: 'Always true (kept for clients of the first version)' })
  ran!: boolean;

  @ApiProperty({ ...COUNT, example: 3, description: 'Open or processing attempts read back from their provider' })
  checkoutsChecked!: number;

  @ApiProperty({ ...COUNT, example: 1, description: 'Of those, the attempts whose status changed' })
  checkoutsChanged!: number;

  @ApiProperty({
    ...COUNT,
    example: 0,
    description: 'Attempts whose creator died before their checkout opened, marked failed',
  })
  abandonedAttemptsFailed!: number;

  @ApiProperty({ ...COUNT, example: 0, description: 'Refunds the provider never acknowledged, submitted again' })
  refundsSubmitted!: number;

  @ApiProperty({ ...COUNT, example: 0, description: 'Unsettled refunds read back from their provider' })
  refundsChecked!: number;

  @ApiProperty({ ...COUNT, example: 0, description: 'Rows that could not be read or applied (see the log)' })
  errors!: number;

  @ApiProperty({ ...COUNT, example: 41 })
  durationMs!: number;

  @ApiProperty({
    type: [ReconcileChangeDto],
    maxItems: 100,
    description: 'The attempts this run moved (the first 100)',
  })
  changes!: ReconcileChangeDto[];

  @ApiProperty({ example: false, description: 'True when the run stopped at its bound (5,000 attempts): run it again' })
  more!: boolean;
}

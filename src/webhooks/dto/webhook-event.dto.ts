import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import { PaginationQueryDto } from '../../common/dto/pagination.dto';
import { WEBHOOK_EVENT_STATUSES, type WebhookEvent, type WebhookEventStatus } from '../webhook-event.entity';
import { COUNT, TIMESTAMP, UUID } from '../../common/dto/api-fields';
import { PAYMENT_PROVIDER } from '../../payments/dto/pay-order.dto';

const WEBHOOK_EVENT_STATUS = { enum: WEBHOOK_EVENT_STATUSES, enumName: 'WebhookEventStatus' } as const;

export class WebhookEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional(WEBHOOK_EVENT_STATUS)
  @IsOptionalNotNull()
  @IsIn(WEBHOOK_EVENT_STATUSES)
  status?: WebhookEventStatus;
}

@ApiSchema({ name: 'WebhookEvent' })
export class WebhookEventDto {
  @ApiProperty({ ...UUID, description: 'The inbox row id (used by replay)' })
  id!: string;

  @ApiProperty(PAYMENT_PROVIDER)
  provider!: string;

  @ApiProperty({ example: 'evt_1Nk…', description: 'The provider’s event id (deduplicated on)' })
  eventId!: string;

  @ApiProperty({ example: 'checkout.session.completed' })
  type!: string;

  @ApiProperty({ ...WEBHOOK_EVENT_STATUS, example: 'processed' })
  status!: WebhookEventStatus;

  @ApiProperty({ ...UUID, nullable: true })
  orderId!: string | null;

  @ApiProperty({ ...COUNT, example: 1, description: 'How many times it was processed' })
  attempts!: number;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Why its last processing failed (`QueryFailedError: …`); null once processed',
  })
  lastError!: string | null;

  @ApiProperty(TIMESTAMP)
  receivedAt!: Date;

  @ApiProperty({ ...TIMESTAMP, nullable: true })
  processedAt!: Date | null;

  static from(event: WebhookEvent): WebhookEventDto {
    const { id, provider, eventId, type, status, orderId, attempts, lastError, receivedAt, processedAt } = event;
    return { id, provider, eventId, type, status, orderId, attempts, lastError, receivedAt, processedAt };
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import { PaginationQueryDto } from '../../common/dto/pagination.dto';
import { WEBHOOK_EVENT_STATUSES, type WebhookEvent, type WebhookEventStatus } from '../webhook-event.entity';

export class WebhookEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_STATUSES })
  @IsOptionalNotNull()
  @IsIn(WEBHOOK_EVENT_STATUSES)
  status?: WebhookEventStatus;
}

export class WebhookEventDto {
  @ApiProperty({ format: 'uuid', description: 'The inbox row id (used by replay)' })
  id!: string;

  @ApiProperty({ example: 'stripe' })
  provider!: string;

  @ApiProperty({ example: 'evt_1Nk…' })
  eventId!: string;

  @ApiProperty({ example: 'checkout.session.completed' })
  type!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_STATUSES })
  status!: WebhookEventStatus;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  orderId!: string | null;

  @ApiProperty({ example: 1 })
  attempts!: number;

  @ApiProperty({ nullable: true, type: String, example: 'QueryFailedError: …' })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  processedAt!: Date | null;

  static from(event: WebhookEvent): WebhookEventDto {
    const { id, provider, eventId, type, status, orderId, attempts, lastError, receivedAt, processedAt } = event;
    return { id, provider, eventId, type, status, orderId, attempts, lastError, receivedAt, processedAt };
  }
}

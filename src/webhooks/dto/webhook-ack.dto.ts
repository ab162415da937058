import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { WebhookAck } from '../webhooks.service';

/** What a provider gets back for a delivery it need not send again (handled now, or before). */
@ApiSchema({ name: 'WebhookAck' })
export class WebhookAckDto implements WebhookAck {
  @ApiProperty({ type: Boolean, enum: [true], example: true })
  received!: true;
}

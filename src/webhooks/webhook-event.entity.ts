import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { sqlInList } from '../database/sql';

export const WEBHOOK_EVENT_STATUSES = ['received', 'processed', 'ignored', 'failed'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/**
 * The inbox: every verified event, once (unique on provider + event id). A redelivery finds its
 * row and answers at once; a failure is recorded here for the retry and for admins.
 */
@Entity({ name: 'webhook_events' })
@Index('UQ_webhook_events_provider_event', ['provider', 'eventId'], { unique: true })
@Index('IDX_webhook_events_status_received', ['status', 'receivedAt'])
@Index('IDX_webhook_events_order', ['orderId'])
@Check('CHK_webhook_events_status', `"status" IN (${sqlInList(WEBHOOK_EVENT_STATUSES)})`)
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ name: 'event_id', type: 'varchar', length: 255 })
  eventId!: string;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  /** The order the event concerns, once known: keeps each inbox row on its order's shard. */
  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status!: WebhookEventStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Order } from './order.entity';
import type { OrderStatus } from './order-status';

/**
 * The audit trail: one row per order transition (a change of status or of the paid or refunded
 * amounts), written in the same transaction as the transition. `cause` says who or what moved it: `user:<id>`, `stripe_event:<evt_id>`, `reconciler`.
 */
@Entity({ name: 'order_events' })
@Index('IDX_order_events_order_at', ['orderId', 'at'])
export class OrderEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column({ name: 'from_status', type: 'varchar', length: 16 })
  fromStatus!: OrderStatus;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus!: OrderStatus;

  /** The order's paid and refunded amounts after this change (null on rows written before they were kept). */
  @Column({ name: 'amount_paid', type: 'integer', nullable: true })
  amountPaid!: number | null;

  @Column({ name: 'amount_refunded', type: 'integer', nullable: true })
  amountRefunded!: number | null;

  // Room for `stripe_event:` and a provider id of up to 255 characters (Stripe's documented limit).
  @Column({ type: 'varchar', length: 300 })
  cause!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

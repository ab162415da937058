import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Order } from './order.entity';

/**
 * `payment_unreadable`, `refund_stuck`: reading an attempt back, or submitting or reading a refund,
 * failed several times in a row; the flag's details say why.
 */
export const ORDER_FLAG_KINDS = [
  'amount_mismatch',
  'late_payment',
  'dispute',
  'refund_failed',
  'payment_unreadable',
  'refund_stuck',
] as const;
export type OrderFlagKind = (typeof ORDER_FLAG_KINDS)[number];
export type FlagDetails = Record<string, string | number | boolean | null>;

/**
 * Something about an order a person must look at: money that moved the wrong way, or a dispute.
 * Unique per (order, kind, reference) so a redelivered event or a reconciler run flags once.
 */
@Entity({ name: 'order_flags' })
@Index('UQ_order_flags_order_kind_reference', ['orderId', 'kind', 'reference'], { unique: true })
export class OrderFlag {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column({ type: 'varchar', length: 32 })
  kind!: OrderFlagKind;

  /** The provider object the flag is about (session, dispute, payment intent id). */
  @Column({ type: 'varchar', length: 255 })
  reference!: string;

  // An object, not the SQL text: TypeORM compares jsonb defaults as JSON, so the raw `'{}'::jsonb`
  // never matched what PostgreSQL reports and every migration:generate re-emitted it.
  @Column({ type: 'jsonb', default: {} })
  details!: FlagDetails;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Refund, type RefundStatus } from './refund.entity';

/**
 * The refunds' audit trail: one row per refund created or moved, written in the same transaction
 * as the change by the one transition function (refund-transitions.ts). `cause` says who or what
 * moved it.
 */
@Entity({ name: 'refund_status_changes' })
@Index('IDX_refund_status_changes_refund_at', ['refundId', 'at'])
export class RefundStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'refund_id', type: 'uuid' })
  refundId!: string;

  @ManyToOne(() => Refund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'refund_id' })
  refund?: Refund;

  /** Null when the refund was created. */
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus!: RefundStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus!: RefundStatus;

  @Column({ type: 'varchar', length: 300 })
  cause!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

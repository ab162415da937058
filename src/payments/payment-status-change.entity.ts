import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Payment } from './payment.entity';
import type { PaymentStatus } from './payment-status';

/**
 * The payments' audit trail: one row per attempt created or moved, written in the same transaction
 * as the change by the one transition function (payment-transitions.ts). `cause` says who or what
 * moved it, as on the orders' trail.
 */
@Entity({ name: 'payment_status_changes' })
@Index('IDX_payment_status_changes_payment_at', ['paymentId', 'at'])
export class PaymentStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId!: string;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Payment;

  /** Null when the attempt was created. */
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus!: PaymentStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus!: PaymentStatus;

  @Column({ type: 'varchar', length: 300 })
  cause!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

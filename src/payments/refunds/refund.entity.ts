import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { sqlInList } from '../../database/sql';
import { Payment } from '../payment.entity';

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Why: an admin's reason, the system's (a late payment or the excess past an order's total; an
 * admin canceled an order partly paid), or someone in the provider's dashboard.
 */
export const REFUND_REASONS = [
  'requested_by_customer',
  'duplicate',
  'fraudulent',
  'late_payment',
  'order_canceled',
  'provider_dashboard',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/**
 * Refund state machine. A refund can fail after it succeeded (the card was closed and the bank
 * sent the money back): that is a reversal, and the amounts go back down. A refund refused at
 * submission never existed at the provider, so `failed` is final; a stale success event for it
 * changes nothing.
 */
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  pending: ['succeeded', 'failed', 'canceled'],
  succeeded: ['failed'],
  failed: [],
  canceled: [],
};

/** One refund of one payment. Its id is the provider idempotency key, so a retried submission refunds once. */
@Entity({ name: 'refunds' })
@Index('IDX_refunds_payment', ['paymentId'])
@Index('IDX_refunds_order_created', ['orderId', 'createdAt'])
@Index('IDX_refunds_status_updated', ['status', 'updatedAt'])
@Index('IDX_refunds_next_attempt', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Check('CHK_refunds_amount', '"amount" > 0')
@Check('CHK_refunds_status', `"status" IN (${sqlInList(REFUND_STATUSES)})`)
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId!: string;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Payment;

  /** Denormalised from the payment: keeps every refund write scoped to its order. */
  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RefundStatus;

  @Column({ name: 'provider_refund_id', type: 'varchar', length: 255, nullable: true, unique: true })
  providerRefundId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: RefundReason | null;

  /** `user:<id>`, `system:late_payment`, `provider`. */
  @Column({ name: 'requested_by', type: 'varchar', length: 120 })
  requestedBy!: string;

  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason!: string | null;

  /**
   * When a pending refund is next worked on: submitted (no provider id yet) or read back (its
   * outcome never arrived). A worker claims it by moving this forward, so no two take it at once.
   */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** Submissions or read-backs of this refund that failed in a row. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

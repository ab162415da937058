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
import { sqlInList } from '../database/sql';
import { Order } from '../orders/order.entity';
import { PAYMENT_STATUSES, type PaymentFailureCode, type PaymentStatus } from './payment-status';

/**
 * One row per payment attempt (one Checkout Session): for the order's balance or a part of it, as
 * the database decided when the attempt was opened; the currency is the order's.
 */
@Entity({ name: 'payments' })
@Index('IDX_payments_order_created', ['orderId', 'createdAt'])
@Index('UQ_payments_one_active_per_order', ['orderId'], {
  unique: true,
  where: `"status" IN ('creating', 'open', 'processing')`,
})
@Index('IDX_payments_payment_intent', ['providerPaymentIntentId'])
@Index('IDX_payments_status_updated', ['status', 'updatedAt'])
@Check('CHK_payments_status', `"status" IN (${sqlInList(PAYMENT_STATUSES)})`)
@Index('IDX_payments_next_check', ['nextCheckAt'], { where: `"status" IN ('open', 'processing')` })
// A mismatched payment is refunded up to what the provider took, not what orderpay asked.
@Check(
  'CHK_payments_amounts',
  '"amount" > 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= COALESCE("received_amount", "amount") ' +
    'AND "amount_applied" >= 0 AND "amount_applied" <= "amount"',
)
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentStatus;

  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'provider_session_id', type: 'varchar', length: 255, nullable: true, unique: true })
  providerSessionId!: string | null;

  @Column({ name: 'provider_payment_intent_id', type: 'varchar', length: 255, nullable: true })
  providerPaymentIntentId!: string | null;

  @Column({ name: 'checkout_url', type: 'text', nullable: true })
  checkoutUrl!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason!: string | null;

  /** What the provider reports it took, once money moved: equal to `amount` unless the payment was a mismatch. */
  @Column({ name: 'received_amount', type: 'integer', nullable: true })
  receivedAmount!: number | null;

  @Column({ name: 'received_currency', type: 'char', length: 3, nullable: true })
  receivedCurrency!: string | null;

  /** Why the attempt ended, as a stable code a customer may read; `failureReason` holds the details for admins. */
  @Column({ name: 'failure_code', type: 'varchar', length: 40, nullable: true })
  failureCode!: PaymentFailureCode | null;

  /** When the reconciler next reads this attempt back from the provider (open and processing attempts only). */
  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt!: Date | null;

  /** Reads of this attempt that failed in a row; reset by one that succeeds. */
  @Column({ name: 'check_failures', type: 'integer', default: 0 })
  checkFailures!: number;

  @Column({ name: 'amount_refunded', type: 'integer', default: 0 })
  amountRefunded!: number;

  /**
   * The part of this payment its order took (`orders.amount_paid` is their sum): all of it, or,
   * when it arrived late or paid past the total, less or none; the rest is refunded on its own.
   * Refunds of the payment take from that rest first; beyond it they count toward the order.
   */
  @Column({ name: 'amount_applied', type: 'integer', default: 0 })
  amountApplied!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { sqlInList } from '../database/sql';
import { User } from '../users/user.entity';
import { OrderItem } from './order-item.entity';
import { ORDER_STATUSES, type OrderStatus } from './order-status';

@Entity({ name: 'orders' })
@Index('IDX_orders_user_created', ['userId', 'createdAt'])
@Index('IDX_orders_status_created', ['status', 'createdAt'])
@Check('CHK_orders_status', `"status" IN (${sqlInList(ORDER_STATUSES)})`)
// What was paid never passes the total (an overpayment's excess is refunded, never counted), and
// only what was paid can be refunded.
@Check(
  'CHK_orders_amounts',
  '"total_amount" >= 0 AND "amount_paid" >= 0 AND "amount_paid" <= "total_amount" ' +
    'AND "amount_refunded" >= 0 AND "amount_refunded" <= "amount_paid"',
)
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: OrderStatus;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  /** Sum of the items' line totals, computed from the catalog at order time; minor units. */
  @Column({ name: 'total_amount', type: 'integer' })
  totalAmount!: number;

  /** The sum of what its payments applied to it (`payments.amount_applied`); minor units. */
  @Column({ name: 'amount_paid', type: 'integer', default: 0 })
  amountPaid!: number;

  /** What refunds of those payments have taken back; minor units. */
  @Column({ name: 'amount_refunded', type: 'integer', default: 0 })
  amountRefunded!: number;

  /** When the whole total was paid. */
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt!: Date | null;

  @OneToMany(() => OrderItem, (item) => item.order, { cascade: ['insert'] })
  items!: OrderItem[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

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
@Check('CHK_orders_amounts', '"total_amount" >= 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= "total_amount"')
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

  @Column({ name: 'amount_refunded', type: 'integer', default: 0 })
  amountRefunded!: number;

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
